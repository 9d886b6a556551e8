using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Simulations.Studies;

/// <summary>
/// A study protocol (docs/studies.md): what a participant sees and does, in order: instruction pages, a consent
/// page, a practice block, the blocks (named conditions, each a scenario override) in a fixed, counterbalanced or
/// random order, breaks between them and questions after each. Versioned JSON; every error names the file, the
/// place and the fix.
/// </summary>
public sealed record StudyProtocol
{
    public const int CurrentSchemaVersion = 1;
    public const string FormatName = "actionperception.study";
    public const string Fixed = "fixed", Counterbalanced = "counterbalanced", Random = "random";
    public const int MaxBlocks = 12;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public string Format { get; init; } = FormatName;
    public string Name { get; init; } = "study";
    /// <summary>The study's seed: each participant's session seed and random order derive from it and their ID.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>A scenario file every block starts from (relative to the protocol); null: the defaults.</summary>
    public string? Scenario { get; init; }
    /// <summary>Scenario fields every block overrides (a partial scenario, merged field by field).</summary>
    public JsonElement? Overrides { get; init; }
    public string[] Instructions { get; init; } = [];
    /// <summary>The consent text; the participant must answer y to go on. Null: no consent page.</summary>
    public string? Consent { get; init; }
    public StudyBlock? Practice { get; init; }
    public StudyBlock[] Blocks { get; init; } = [];
    public string Order { get; init; } = Fixed;
    public StudyBreak? Breaks { get; init; }
    public StudyQuestion[] Questions { get; init; } = [];

    /// <summary>The folder relative paths are relative to (not serialised).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string BaseDirectory { get; init; } = ".";

    /// <summary>The file it was read from (not serialised), for messages.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Source { get; init; } = "protocol";

    public static StudyProtocol Load(string path)
    {
        var p = JsonFiles.Load<StudyProtocol>(path, "study protocol", "see docs/studies.md for every field");
        p = p with { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", Source = path };
        p.Validate();
        return p;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Bad(string place, string problem, string fix) => throw new InputFileException(Source, place, problem, fix);

    private static bool IsName(string? s) => !string.IsNullOrWhiteSpace(s) && s.Length <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Checks every field and builds every block's scenario once, so a participant never meets a broken block.</summary>
    public void Validate()
    {
        if (SchemaVersion != CurrentSchemaVersion) Bad("schemaVersion", $"unknown schema version {SchemaVersion}", $"use schemaVersion {CurrentSchemaVersion}");
        if (Format != FormatName) Bad("format", $"'{Format}' is not a study protocol", $"use \"format\": \"{FormatName}\"");
        if (!IsName(Name)) Bad("name", $"'{Name}' cannot name a study folder", "use 1–64 letters, digits, '-' and '_'");
        if (Questions is null) Bad("questions", "null", "give a list, or [] for none");
        if (Instructions is null || Instructions.Any(string.IsNullOrWhiteSpace)) Bad("instructions", "a page is empty or null", "give each page as a non-empty string, or [] for none");
        if (Consent is not null && string.IsNullOrWhiteSpace(Consent)) Bad("consent", "the consent text is empty", "give the text the participant agrees to, or remove the field for no consent page");
        if (Blocks is null || Blocks.Length == 0) Bad("blocks", "no block is given", "give at least one block, e.g. [{ \"condition\": \"counts\" }]");
        if (Blocks.Length > MaxBlocks) Bad("blocks", $"{Blocks.Length} blocks are more than {MaxBlocks}", "split the study");
        if (Order is not (Fixed or Counterbalanced or Random)) Bad("order", $"'{Order}' is unknown", "use \"fixed\", \"counterbalanced\" (balanced Latin square by participant number) or \"random\" (seeded by the participant ID)");
        if (Overrides is { } o && o.ValueKind != JsonValueKind.Object) Bad("overrides", "not an object", "give a partial scenario, e.g. { \"audio\": { \"bpm\": 120 } }");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Blocks.Length; i++)
        {
            if (Blocks[i] is not { } b) { Bad($"blocks[{i}]", "null", "give an object or remove it"); return; }
            if (!IsName(b.Condition)) Bad($"blocks[{i}].condition", $"'{b.Condition}' cannot name a condition (it names the block's folder)", "use 1–64 letters, digits, '-' and '_'");
            if (b.Condition == StudyBlock.PracticeName) Bad($"blocks[{i}].condition", "'practice' is the practice block's name", "name the condition otherwise, or move it to \"practice\"");
            if (!seen.Add(b.Condition)) Bad($"blocks[{i}].condition", $"the condition '{b.Condition}' is given twice", "give every block its own condition name");
            ScenarioOf(b, $"blocks[{i}]", 1);
        }
        if (Practice is { } pr)
        {
            if (pr.Condition != StudyBlock.PracticeName) Bad("practice.condition", $"the practice block is always named '{StudyBlock.PracticeName}', not '{pr.Condition}'", "remove the field (a condition to analyse belongs in \"blocks\")");
            ScenarioOf(pr, "practice", 1);
        }
        if (Breaks is { } br && (!double.IsFinite(br.Seconds) || br.Seconds < 0 || br.Seconds > 3600))
            Bad("breaks.seconds", $"{br.Seconds}", "give the least seconds of a break, 0 … 3600 (0: go on at once with a key)");
        if (Breaks is { } brt && string.IsNullOrWhiteSpace(brt.Text))
            Bad("breaks.text", "the break has no text", "give the text shown between blocks, or remove the field for the default");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Questions.Length; i++)
        {
            if (Questions[i] is not { } q) { Bad($"questions[{i}]", "null", "give an object or remove it"); return; }
            string at = $"questions[{i}]";
            if (!IsName(q.Id)) Bad($"{at}.id", $"'{q.Id}' cannot name a question (it names a column value)", "use 1–64 letters, digits, '-' and '_'");
            if (!ids.Add(q.Id)) Bad($"{at}.id", $"the id '{q.Id}' is given twice", "give every question its own id");
            if (string.IsNullOrWhiteSpace(q.Text)) Bad($"{at}.text", "the question has no text", "give the question as the participant reads it");
            if (q.Kind == StudyQuestion.Likert)
            {
                if (q.Labels is not null && (q.Labels.Length != 2 || q.Labels.Any(string.IsNullOrWhiteSpace)))
                    Bad($"{at}.labels", "a Likert question has two anchor labels (1 and 7)", "give [\"not at all\", \"very much\"], or remove the field");
                if (q.Options is not null) Bad($"{at}.options", "a Likert question has no options", "remove options, or set \"kind\": \"choice\"");
            }
            else if (q.Kind == StudyQuestion.Choice)
            {
                if (q.Options is null || q.Options.Length < 2 || q.Options.Length > 9 || q.Options.Any(string.IsNullOrWhiteSpace))
                    Bad($"{at}.options", "a choice question needs 2–9 non-empty options (answered with the keys 1–9)", "give e.g. [\"the first\", \"the second\", \"no difference\"]");
            }
            else Bad($"{at}.kind", $"'{q.Kind}' is unknown", "use \"likert\" (1–7, keys 1–7) or \"choice\" (options, keys 1–9)");
        }
    }

    /// <summary>
    /// A block's scenario: the protocol's scenario file (or the defaults), its overrides, then the block's own fields
    /// and overrides; a person in real time on <paramref name="output"/>, with the participant's seed.
    /// </summary>
    public Scenario ScenarioOf(StudyBlock b, string place, ulong seed, string output = "speakers")
    {
        var start = Scenario is null ? new Scenario() : LoadScenario(place);
        var node = JsonNode.Parse(start.ToJson())!.AsObject();
        if (Overrides is { } all) Merge(node, JsonNode.Parse(all.GetRawText())!.AsObject());
        if (b.Niche is { } niche) Merge(node, new JsonObject { ["generator"] = new JsonObject { ["niche"] = niche } });
        if (b.Bpm is double bpm) Merge(node, new JsonObject { ["audio"] = new JsonObject { ["bpm"] = bpm } });
        if (b.Kit is { } kitName && kitName != "builtin" && !Directory.Exists(Path.Combine(BaseDirectory, kitName)))
            Bad($"{place}.kit", $"the kit folder {Path.GetFullPath(Path.Combine(BaseDirectory, kitName))} is not there", "give \"builtin\" or a kit folder of WAV files relative to the protocol");
        if (b.Kit is { } kit) Merge(node, new JsonObject { ["audio"] = new JsonObject { ["kit"] = kit == "builtin" ? kit : Path.GetFullPath(Path.Combine(BaseDirectory, kit)) } });
        if (b.DurationSeconds is double d) Merge(node, new JsonObject { ["durationSeconds"] = d });
        if (b.Overrides is { } own)
        {
            if (own.ValueKind != JsonValueKind.Object) Bad($"{place}.overrides", "not an object", "give a partial scenario, e.g. { \"generator\": { \"niche\": \"posterior\" } }");
            Merge(node, JsonNode.Parse(own.GetRawText())!.AsObject());
        }
        node["name"] = b.Condition;
        node["seed"] = seed;
        node["mode"] = "realtime";
        node["listener"] = new JsonObject { ["kind"] = ListenerBuilder.Human };
        node["audio"]!.AsObject()["output"] = output;
        try
        {
            return Environment.Scenarios.Scenario.Parse(node.ToJsonString(), $"{Source}: at {place} ({b.Condition})", BaseDirectory);
        }
        catch (InputFileException e)
        {
            throw new InputFileException(Source, place, $"the block's scenario is not valid: {e.Problem}", "see docs/scenarios.md for the fields a block may override");
        }
    }

    private Scenario LoadScenario(string place)
    {
        string path = Path.IsPathRooted(Scenario!) ? Scenario! : Path.GetFullPath(Path.Combine(BaseDirectory, Scenario!));
        if (!File.Exists(path)) Bad("scenario", $"the scenario file {path} is not there", "give a scenario file relative to the protocol, or remove the field for the defaults");
        _ = place;
        return Environment.Scenarios.Scenario.Load(path);
    }

    /// <summary>JSON merge: objects field by field, anything else replaced.</summary>
    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from.ToList())
        {
            if (value is JsonObject o && into[key] is JsonObject existing) Merge(existing, o);
            else into[key] = value?.DeepClone();
        }
    }

    /// <summary>The protocol's bytes' SHA-256, kept in each manifest: a participant is resumed only under the protocol they started.</summary>
    public static string Hash(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
