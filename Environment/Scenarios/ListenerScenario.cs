using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionPerception.Environment.Scenarios;

/// <summary>The listener's kind and its settings; the settings are read by the listener factory of that kind.</summary>
public sealed record ListenerScenario
{
    public string Kind { get; init; } = "helmholtz";

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Settings { get; init; }

    public JsonElement SettingsElement()
    {
        var obj = new Dictionary<string, JsonElement>(Settings ?? []);
        return JsonSerializer.SerializeToElement(obj);
    }
}
