using System.Text.Json;
using ActionPerception.IO;
using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Environment.Scenarios;

/// <summary>Maps a scenario's listener section onto the listeners of Agents; "human" means the keyboard bridge.</summary>
public static class ListenerBuilder
{
    public const string Human = "human";

    public static IReadOnlyList<string> Kinds { get; } = [.. ListenerFactory.Kinds, Human];

    /// <summary>The typed settings of a simulated listener (paths resolved against the scenario), or null for a human.</summary>
    public static ListenerSettings? Settings(Scenario scenario, string source = "scenario")
    {
        var l = scenario.Listener;
        if (l.Kind == Human)
        {
            if (l.Settings is { Count: > 0 })
                throw new ScenarioException(source, "listener", $"a human listener takes no settings (found '{l.Settings.Keys.First()}')", "remove them, or choose a simulated listener kind");
            return null;
        }
        var obj = new Dictionary<string, JsonElement>(l.Settings ?? []) { ["kind"] = JsonSerializer.SerializeToElement(l.Kind) };
        ListenerSettings settings;
        try
        {
            settings = JsonSerializer.Deserialize<ListenerSettings>(JsonSerializer.Serialize(obj), JsonFiles.Read)
                ?? throw new ScenarioException(source, "listener", "the section is null", "give an object");
        }
        catch (JsonException e)
        {
            throw new ScenarioException(source, "listener" + (string.IsNullOrEmpty(e.Path) ? "" : e.Path.TrimStart('$')), e.Message.Split(". ")[0].TrimEnd('.'), "see docs/listeners.md for every listener setting");
        }
        settings = ResolvePaths(settings, scenario);
        try { settings.Validate(); }
        catch (ArgumentException e) { throw new ScenarioException(source, "listener", e.Message.TrimEnd('.'), $"see docs/listeners.md; valid kinds: {string.Join(", ", Kinds)}"); }
        return settings;
    }

    private static ListenerSettings ResolvePaths(ListenerSettings s, Scenario scenario)
    {
        TasteSettings? Fix(TasteSettings? t) => t?.File is { } f ? t with { File = scenario.Resolve(f) } : t;
        return s with
        {
            Helmholtz = s.Helmholtz is { } h ? h with { Taste = Fix(h.Taste)! } : null,
            Oracle = s.Oracle is { } o ? o with { Taste = Fix(o.Taste) } : null,
            Template = s.Template is { } t ? t with { Taste = Fix(t.Taste) } : null,
        };
    }

    /// <summary>A <see cref="Sessions.ListenerFactory"/> for this scenario.</summary>
    public static Sessions.ListenerFactory For(Scenario scenario) => (_, random, _) =>
    {
        var settings = Settings(scenario);
        return settings is null ? null : ListenerFactory.Create(settings, scenario.Generator.Layers[0], random, scenario.Generator.Layers);
    };
}
