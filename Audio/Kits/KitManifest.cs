using System.Text.Json;
using ActionPerception.IO;
using System.Text.Json.Serialization;

namespace ActionPerception.Audio;

/// <summary>
/// The optional kit.json of a kit folder: the kit's name and its instruments in play order, each with a file and a
/// gain. Example: <c>{"schemaVersion":1,"name":"909","instruments":[{"name":"kick","file":"bd.wav","gain":1.0}]}</c>.
/// Unknown properties are rejected so that a misspelt key does not pass silently.
/// </summary>
public sealed record KitManifest
{
    public const int CurrentSchemaVersion = 1;
    public const string FileName = "kit.json";
    public const double MaxGain = 16;

    public int SchemaVersion { get; init; }
    public string? Name { get; init; }
    public IReadOnlyList<Entry>? Instruments { get; init; }

    public sealed record Entry
    {
        public string? Name { get; init; }
        public string? File { get; init; }
        public double Gain { get; init; } = 1.0;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
        WriteIndented = true,
    };

    /// <summary>The largest kit.json read (a manifest names a few files).</summary>
    public const long MaxBytes = 1L << 20;

    /// <summary>Reads and validates a manifest; every error is a <see cref="KitLoadException"/> naming the place.</summary>
    public static KitManifest Load(string path)
    {
        KitManifest? m;
        try
        {
            // As text: a byte-order mark (Notepad writes one) is dropped, which the JSON reader would refuse as bytes.
            var text = FileCheck.ReadAllText(path, MaxBytes, out string? problem)
                ?? throw new KitLoadException(path, problem + ".", "Give kit.json as a small JSON file, or delete it to load every WAV file in name order.");
            m = JsonSerializer.Deserialize<KitManifest>(text, JsonOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            throw new KitLoadException(path, $"is not a valid kit manifest{where}: {JsonFiles.Duplicate(e.Message) ?? e.Message}",
                "Fix the JSON (see the example in the documentation of KitManifest) or delete kit.json to load every WAV file in name order.", e);
        }
        if (m is null)
            throw new KitLoadException(path, "is empty (null).", "Write a manifest object or delete kit.json.");
        m.Validate(path);
        return m;
    }

    private void Validate(string path)
    {
        const string example = "Example: {\"schemaVersion\": 1, \"name\": \"my kit\", \"instruments\": [{\"name\": \"kick\", \"file\": \"kick.wav\", \"gain\": 1.0}]}.";
        if (SchemaVersion != CurrentSchemaVersion)
            throw new KitLoadException(path, $"has schemaVersion {SchemaVersion}, but this program reads version {CurrentSchemaVersion}.",
                $"Set \"schemaVersion\": {CurrentSchemaVersion}. {example}");
        if (Instruments is null || Instruments.Count == 0)
            throw new KitLoadException(path, "lists no instruments.", $"Add an \"instruments\" array. {example}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Instruments.Count; i++)
        {
            var e = Instruments[i];
            var place = $"instruments[{i}]";
            if (e is null)
                throw new KitLoadException(path, $"{place} is null.", "Remove it or give it a file.");
            if (string.IsNullOrWhiteSpace(e.File))
                throw new KitLoadException(path, $"{place} has no \"file\".", "Name a WAV file in the kit folder.");
            if (System.IO.Path.IsPathRooted(e.File) || e.File.Split('/', '\\').Contains(".."))
                throw new KitLoadException(path, $"{place} file \"{e.File}\" points outside the kit folder.", "Use a file name relative to the kit folder.");
            if (!double.IsFinite(e.Gain) || e.Gain < 0 || e.Gain > MaxGain)
                throw new KitLoadException(path, $"{place} gain {e.Gain} is out of range.", $"Use a gain from 0 to {MaxGain} (1 = unchanged).");
            var name = EntryName(e);
            if (!names.Add(name))
                throw new KitLoadException(path, $"{place} repeats the instrument name \"{name}\".", "Give every instrument its own name.");
        }
    }

    internal static string EntryName(Entry e) =>
        string.IsNullOrWhiteSpace(e.Name) ? System.IO.Path.GetFileNameWithoutExtension(e.File!) : e.Name;
}
