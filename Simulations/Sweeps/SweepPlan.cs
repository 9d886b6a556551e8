using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.IO;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Simulations.Sweeps;

/// <summary>One run of a sweep: its place in the stable order, the grid values it sets and its scenario.</summary>
public sealed record SweepRun(int Index, string Id, ulong Seed, IReadOnlyList<KeyValuePair<string, JsonNode?>> Parameters, Scenario Scenario)
{
    /// <summary>The grid point without the seed, e.g. "audio.bpm=120, listener.helmholtz.lapse=0".</summary>
    public string Point => Parameters.Count == 0 ? "(base)" : string.Join(", ", Parameters.Select(p => $"{p.Key}={Value(p.Value)}"));

    internal static string Value(JsonNode? v) => v is null ? "null" : v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v.ToJsonString();
}

/// <summary>
/// A sweep file: a base scenario, a grid of settings (dotted paths into the scenario JSON) and seeds, expanded into
/// runs in a stable order (the first grid key varies slowest, the seed fastest). Every run's scenario is validated
/// before anything runs, and an error names the sweep file, the run and the setting.
/// </summary>
public sealed class SweepPlan
{
    public const int SchemaVersion = 1;
    public const string Format = "actionperception.sweep";
    private const string Fix = "see docs/sweeps.md for the sweep file";

    public required string Source { get; init; }
    public required string Name { get; init; }
    public required JsonObject BaseScenario { get; init; }
    public required IReadOnlyList<KeyValuePair<string, JsonArray>> Grid { get; init; }
    public required IReadOnlyList<ulong> Seeds { get; init; }
    public required IReadOnlyList<SweepRun> Runs { get; init; }
    /// <summary>The normalised plan (base scenario inline), as written to sweep.json in the output folder.</summary>
    public required string Canonical { get; init; }
    /// <summary>SHA-256 of <see cref="Canonical"/>: shards of one sweep carry the same hash, so merge can refuse a mix.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)));

    public static SweepPlan Load(string path, CancellationToken cancel = default)
    {
        string text = InputFiles.ReadAllText(path, "sweep");
        return Parse(path, text, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", cancel);
    }

    /// <summary>Expands and validates every run; <paramref name="cancel"/> is checked per run, so Ctrl+C stops a long plan at once.</summary>
    public static SweepPlan Parse(string source, string text, string baseDirectory, CancellationToken cancel = default)
    {
        InputFileException Bad(string where, string problem, string fix = Fix) => new(source, where, problem, fix);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: JsonFiles.Document) as JsonObject
                ?? throw Bad("(top level)", "the sweep file is not a JSON object");
        }
        catch (JsonException e) when (JsonFiles.Duplicate(e.Message) is { } twice) { throw Bad(string.IsNullOrEmpty(e.Path) ? "(top level)" : e.Path, twice, "give each field once"); }
        catch (JsonException e) { throw Bad($"line {(e.LineNumber ?? 0) + 1}", $"not valid JSON: {e.Message.Split(". ")[0]}"); }

        string[] known = ["schemaVersion", "format", "name", "scenario", "scenarioFile", "grid", "seeds"];
        try
        {
            foreach (var (key, _) in root)
                if (!known.Contains(key)) throw Bad(key, $"unknown field '{key}'", $"use only {string.Join(", ", known)}");
        }
        catch (ArgumentException e) { throw Bad("(top level)", $"a field is given twice ({e.Message.Split(". ")[0]})", "give each field once"); }
        if (root["schemaVersion"] is not JsonValue sv || !sv.TryGetValue<int>(out int version) || version != SchemaVersion)
            throw Bad("schemaVersion", $"schema version {root["schemaVersion"]?.ToJsonString() ?? "missing"} is not {SchemaVersion}", $"write \"schemaVersion\": {SchemaVersion}");
        if (root["format"] is { } fmt && !(fmt is JsonValue fv0 && fv0.TryGetValue<string>(out var f0) && f0 == Format))
            throw Bad("format", $"{fmt.ToJsonString()} is not a sweep", $"use \"format\": \"{Format}\" or leave it out");
        string name = root["name"] is JsonValue nv && nv.TryGetValue<string>(out var n) ? n : "sweep";
        if (name.Length > Agents.Limits.MaxNameLength)
            throw Bad("name", $"the name is {name.Length} characters long, more than {Agents.Limits.MaxNameLength}", "use a shorter name");
        // The name becomes a folder and a word in shell scripts (the cluster recipes): no spaces, quotes or separators.
        if (name is "." or ".." || !System.Text.RegularExpressions.Regex.IsMatch(name, @"^[\p{L}\p{N}._-]+$"))
            throw Bad("name", $"'{name}' cannot name a folder", "use letters, digits, '.', '-' and '_' (no spaces)");

        JsonObject baseScenario;
        string scenarioDir = baseDirectory;
        if (root["scenario"] is not null && root["scenarioFile"] is not null)
            throw Bad("scenario", "both scenario and scenarioFile are given", "give the base scenario inline or as a file, not both");
        if (root["scenario"] is JsonObject inline) baseScenario = (JsonObject)inline.DeepClone();
        else if (root["scenarioFile"] is JsonValue fv && fv.TryGetValue<string>(out var file))
        {
            string p = Path.IsPathRooted(file) ? file : Path.Combine(baseDirectory, file);
            if (!File.Exists(p) && !Directory.Exists(p)) throw Bad("scenarioFile", $"no such scenario file '{file}'", "give a path relative to the sweep file");
            string scenarioText;
            try { scenarioText = InputFiles.ReadAllText(p, "scenario"); }
            catch (InputFileException e) { throw Bad("scenarioFile", $"'{file}' {e.Problem}", "give a path relative to the sweep file"); }
            try
            {
                baseScenario = JsonNode.Parse(scenarioText, documentOptions: JsonFiles.Document) as JsonObject
                    ?? throw Bad("scenarioFile", $"'{file}' is not a JSON object");
            }
            catch (JsonException e) when (JsonFiles.Duplicate(e.Message) is { } twice) { throw Bad("scenarioFile", $"'{file}': {twice}", "give each field once"); }
            catch (JsonException e) { throw Bad("scenarioFile", $"'{file}' is not valid JSON ({e.Message.Split(". ")[0]})", "give a scenario file (docs/scenarios.md)"); }
            scenarioDir = Path.GetDirectoryName(Path.GetFullPath(p)) ?? baseDirectory;
        }
        else if (root["scenario"] is null && root["scenarioFile"] is null) baseScenario = [];
        else throw Bad("scenario", "the base scenario must be an object (or scenarioFile a path)", "see docs/scenarios.md");

        var grid = new List<KeyValuePair<string, JsonArray>>();
        if (root["grid"] is JsonObject g)
        {
            foreach (var (key, value) in g)
            {
                if (value is not JsonArray values || values.Count == 0)
                    throw Bad($"grid.{key}", "a grid entry needs a non-empty array of values", $"write e.g. \"{key}\": [value1, value2]");
                if (key.Split('.').Any(string.IsNullOrWhiteSpace))
                    throw Bad($"grid.{key}", "not a dotted path into the scenario", "write e.g. \"audio.bpm\" or \"listener.helmholtz.lapse\"");
                if (key is "seed" or "name" or "mode" || key.StartsWith("audio.output", StringComparison.Ordinal))
                    throw Bad($"grid.{key}", $"'{key}' is set by the sweep itself", "use \"seeds\" for seeds; sweeps run in virtual time to a null output");
                var distinct = values.Select(v => v?.ToJsonString() ?? "null").ToList();
                if (distinct.Distinct().Count() != distinct.Count) throw Bad($"grid.{key}", "a value is repeated", "list each value once");
                grid.Add(new(key, (JsonArray)values.DeepClone()));
            }
        }
        else if (root["grid"] is not null) throw Bad("grid", "the grid must be an object of dotted paths to arrays", "write e.g. {\"audio.bpm\": [120, 180]}");

        var seeds = new List<ulong>();
        if (root["seeds"] is JsonArray sa)
        {
            foreach (var s in sa)
            {
                if (s is not JsonValue v || !v.TryGetValue<ulong>(out ulong seed))
                    throw Bad("seeds", $"{s?.ToJsonString() ?? "null"} is not a whole number ≥ 0", "write e.g. \"seeds\": [1, 2, 3]");
                seeds.Add(seed);
            }
            if (seeds.Count == 0) throw Bad("seeds", "no seeds", "give at least one, e.g. [1]");
            if (seeds.Distinct().Count() != seeds.Count) throw Bad("seeds", "a seed is repeated", "list each seed once");
        }
        else if (root["seeds"] is null) seeds.Add(baseScenario["seed"] is JsonValue bs && bs.TryGetValue<ulong>(out var b) ? b : 1);
        else throw Bad("seeds", "seeds must be an array of whole numbers", "write e.g. \"seeds\": [1, 2, 3]");

        if (baseScenario["mode"] is JsonValue mv && mv.TryGetValue<string>(out var mode) && mode != "virtual")
            throw Bad("scenario.mode", $"'{mode}': a sweep runs in virtual time", "leave mode out or write \"virtual\"");
        if (baseScenario["listener"]?["kind"] is JsonValue kv && kv.TryGetValue<string>(out var kind) && kind == ListenerBuilder.Human)
            throw Bad("scenario.listener.kind", "a sweep cannot have a human listener", "choose helmholtz, oracle, template or random");

        // The size is known before anything is expanded: a grid of millions of runs is refused at once, even for --dry-run.
        double size = seeds.Count;
        foreach (var (_, values) in grid) size *= values.Count;
        if (size > Agents.Limits.MaxSweepRuns)
            throw Bad("grid", string.Create(CultureInfo.InvariantCulture, $"the grid and seeds make {size:#,0} runs, more than the {Agents.Limits.MaxSweepRuns:#,0} one sweep may have"), "split the sweep into several files, or use fewer values or seeds");

        // Expand: the first grid key varies slowest, the seed fastest, so the order is stable and readable.
        var points = new List<List<KeyValuePair<string, JsonNode?>>> { new() };
        foreach (var (key, values) in grid)
            points = [.. points.SelectMany(p => values.Select(v => new List<KeyValuePair<string, JsonNode?>>(p) { new(key, v?.DeepClone()) }))];
        var runs = new List<SweepRun>();
        int total = points.Count * seeds.Count;
        int width = Math.Max(4, total.ToString(CultureInfo.InvariantCulture).Length);
        foreach (var point in points)
            foreach (var seed in seeds)
            {
                cancel.ThrowIfCancellationRequested();
                int index = runs.Count + 1;
                string id = "run-" + index.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
                var json = (JsonObject)baseScenario.DeepClone();
                foreach (var (key, value) in point) Set(json, key, value?.DeepClone(), Bad);
                json["seed"] = seed;
                json["name"] = name;
                json["mode"] = "virtual";
                var audio = json["audio"] as JsonObject ?? [];
                audio["output"] = "null";
                json["audio"] = audio;
                string label = point.Count == 0 ? $"seed {seed}" : $"{string.Join(", ", point.Select(p => $"{p.Key}={SweepRun.Value(p.Value)}"))}, seed {seed}";
                Scenario scenario;
                try
                {
                    scenario = Scenario.Parse(json.ToJsonString(), $"{source} ({id}: {label})", scenarioDir);
                    Environment.Sessions.SessionBuilder.CheckInputs(scenario);
                }
                // The scenario's message already names the sweep file, the run, the field and the fix.
                catch (ScenarioException e) { throw new Cli.UsageException(e.Message); }
                catch (InputFileException e) { throw Bad($"{id} ({label})", $"{e.FilePath}: {e.Problem}" + (e.Location is { } l ? $" at {l}" : ""), "change the grid value or the base scenario"); }
                catch (Audio.KitLoadException e) { throw Bad($"{id} ({label})", e.Message, "change the grid value or the base scenario"); }
                runs.Add(new SweepRun(index, id, seed, point, scenario));
            }

        var canonical = new JsonObject
        {
            ["schemaVersion"] = SchemaVersion,
            ["format"] = Format,
            ["name"] = name,
            ["scenario"] = baseScenario.DeepClone(),
            ["grid"] = new JsonObject(grid.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value.DeepClone()))),
            ["seeds"] = new JsonArray([.. seeds.Select(s => (JsonNode)JsonValue.Create(s))]),
        };
        return new SweepPlan
        {
            Source = source,
            Name = name,
            BaseScenario = baseScenario,
            Grid = grid,
            Seeds = seeds,
            Runs = runs,
            Canonical = canonical.ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
        };
    }

    private static void Set(JsonObject root, string dotted, JsonNode? value, Func<string, string, string, InputFileException> bad)
    {
        var parts = dotted.Split('.');
        JsonObject node = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            var next = node[parts[i]];
            if (next is null) { next = new JsonObject(); node[parts[i]] = next; }
            if (next is not JsonObject obj)
                throw bad($"grid.{dotted}", $"'{string.Join('.', parts[..(i + 1)])}' is a value in the base scenario, not a section", "point the path at a field inside a section");
            node = obj;
        }
        node[parts[^1]] = value;
    }

    /// <summary>The runs of shard <paramref name="index"/> of <paramref name="count"/>: every count-th run starting at index (0-based).</summary>
    public IReadOnlyList<SweepRun> Shard(int index, int count) =>
        [.. Runs.Where(r => (r.Index - 1) % count == index)];

    /// <summary>Parses "i/N" with 0 ≤ i &lt; N.</summary>
    public static (int Index, int Count) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || i >= n)
            throw new Cli.UsageException($"--shard '{text}': expected i/N with 0 ≤ i < N, e.g. 0/4. Fix: in a Slurm array use --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT.");
        return (i, n);
    }
}
