using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionPerception.Agents.Listeners;

/// <summary>
/// Reads and writes <see cref="ListenerSettings"/> as <c>{ "kind": K, "K": { … } }</c>, the kinds coming from
/// <see cref="ListenerKinds"/>. An error inside a section is reported at the field's path
/// (<c>$.listener.oracle.noise.skipRate</c>).
/// </summary>
public sealed class ListenerSettingsJsonConverter : JsonConverter<ListenerSettings>
{
    private const string KindField = "kind";

    public override ListenerSettings Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("the listener must be an object such as { \"kind\": \"oracle\" }");
        ListenerKind? kind = null;
        string? sectionName = null;
        IListenerSettings? settings = null;
        JsonElement? early = null; // a section met before the kind
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (name == KindField)
            {
                if (kind is not null) throw new JsonException("the field 'kind' is given twice (which one was meant?)");
                if (reader.TokenType != JsonTokenType.String)
                    throw new JsonException($"listener.kind must be a string naming a listener: {string.Join(", ", ListenerKinds.Names)}");
                string k = reader.GetString()!;
                kind = ListenerKinds.Find(k) ?? throw new JsonException($"listener.kind '{k}' is not a listener; valid kinds: {string.Join(", ", ListenerKinds.Names)} (see docs/listeners.md)");
                if (sectionName is not null && sectionName != kind.Name) throw Mismatch(sectionName, kind.Name);
                continue;
            }
            if (ListenerKinds.Find(name) is not { } section)
                throw new JsonException($"unknown field 'listener.{name}': a listener has 'kind' and the section of that kind's settings (see docs/listeners.md)");
            if (sectionName is not null) throw sectionName == name
                ? new JsonException($"the field 'listener.{name}' is given twice (which one was meant?)")
                : Mismatch(name, sectionName);
            sectionName = name;
            if (kind is null)
            {
                early = JsonElement.ParseValue(ref reader);
                continue;
            }
            if (kind != section) throw Mismatch(name, kind.Name);
            settings = Section(ref reader, kind, options);
        }
        kind ??= ListenerKinds.Find(HelmholtzListener.KindName)!; // the original's listener, as before kinds existed
        if (early is { } e)
        {
            if (sectionName != kind.Name) throw Mismatch(sectionName!, kind.Name);
            var inner = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(e.GetRawText()));
            inner.Read();
            settings = Section(ref inner, kind, options);
        }
        return new ListenerSettings(settings ?? kind.Defaults());
    }

    private static IListenerSettings Section(ref Utf8JsonReader reader, ListenerKind kind, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize(ref reader, kind.SettingsType, options) as IListenerSettings
                ?? throw new JsonException($"listener.{kind.Name} is null: give an object, or leave the section out for the defaults");
        }
        catch (JsonException e) when (e.Path is { Length: > 1 } path)
        {
            string message = $"listener.{kind.Name}{path[1..]}: {Plain(e.Message)}";
            // The serializer would report the section's start (it reads a section from a reader of its own); the
            // field's path is the better place. A scenario holds a listener at $.listener only.
            throw new JsonException(message, $"$.listener.{kind.Name}{path[1..]}", null, null, e);
        }
    }

    private static string Plain(string message)
    {
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        var unknown = System.Text.RegularExpressions.Regex.Match(message, "The JSON property '([^']*)' could not be mapped");
        if (unknown.Success) return $"unknown field '{unknown.Groups[1].Value}' (is the name misspelt? see docs/listeners.md)";
        if (message.Contains("could not be converted", StringComparison.Ordinal)) return "the value has the wrong type (see docs/listeners.md for the field)";
        return message.TrimEnd('.');
    }

    private static JsonException Mismatch(string section, string kind) =>
        new($"listener.{section} is given but listener.kind is '{kind}': set kind to '{section}' or remove the {section} section");

    public override void Write(Utf8JsonWriter writer, ListenerSettings value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(KindField, value.Kind);
        writer.WritePropertyName(value.Kind);
        JsonSerializer.Serialize(writer, value.Settings, value.Settings.GetType(), options);
        writer.WriteEndObject();
    }
}
