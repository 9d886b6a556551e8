using ActionPerception.Simulations.Runs;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.IO;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Analysis;

namespace ActionPerception.Simulations.Sweeps;

/// <summary>
/// One row of a sweep's summary table. Deterministic: no wall-clock figure, so a rerun gives the same table.
/// The convergence columns come from the run's <c>convergence</c> object (<see cref="SweepRunner.ReadConvergence"/>);
/// they are null where a run has none.
/// </summary>
public sealed record SweepRow(
    int Index,
    string Id,
    string Point,
    ulong Seed,
    IReadOnlyDictionary<string, JsonNode?> Parameters,
    string Folder,
    double DurationSeconds,
    long Patterns,
    long Likes,
    long Dislikes,
    long Ignored,
    double? FinalKlDataGen,
    double? TimeToLikeRate50,
    double? GenerativeEntropy,
    double? ChanceFalsePositiveRate = null,
    double? FalsePositiveRate = null,
    double? SecondsToHalfChance = null,
    double? PatternsToHalfChance = null,
    double? Coverage = null,
    double? KlReferenceGen = null)
{
    /// <summary>The convergence columns by their camelCase name (as in summary.json), in table order.</summary>
    public static IReadOnlyList<string> ConvergenceColumns { get; } =
        ["chanceFalsePositiveRate", "falsePositiveRate", "secondsToHalfChance", "patternsToHalfChance", "coverage", "klReferenceGen"];

    /// <summary>A convergence column's value by its camelCase name; null where the run has none.</summary>
    public double? Convergence(string column) => column switch
    {
        "chanceFalsePositiveRate" => ChanceFalsePositiveRate,
        "falsePositiveRate" => FalsePositiveRate,
        "secondsToHalfChance" => SecondsToHalfChance,
        "patternsToHalfChance" => PatternsToHalfChance,
        "coverage" => Coverage,
        "klReferenceGen" => KlReferenceGen,
        _ => throw new ArgumentException($"'{column}' is not a convergence column; valid: {string.Join(", ", ConvergenceColumns)}.", nameof(column)),
    };
}

/// <summary>Runs a sweep's runs in virtual time in parallel, one run folder each, and writes the summary table.</summary>
public static class SweepRunner
{
    public const string RunsFolder = "runs";
    public const string PlanFile = "sweep.json";
    public const string SummaryJson = "summary.json";
    public const string SummaryCsv = "summary.csv";
    public const string ShardFile = "shard.json";
    public const string SummaryFormat = "actionperception.sweep-summary";

    /// <summary>
    /// Runs <paramref name="runs"/> (all of the plan, or a shard) into <paramref name="outDir"/>, which must be new or
    /// empty: run folders are never written over. <paramref name="progress"/> is called after each run, from any thread,
    /// with the row, the runs done, the runs in all, and whether the run was kept from before (<paramref name="resume"/>)
    /// rather than run now.
    /// </summary>
    public static IReadOnlyList<SweepRow> Run(SweepPlan plan, IReadOnlyList<SweepRun> runs, string outDir, (int Index, int Count)? shard,
        int maxParallel, Action<SweepRow, int, int, bool>? progress = null, CancellationToken cancel = default, bool resume = false)
    {
        bool continuing = false;
        // The command's lock file (.ap.lock) is not the content of a sweep.
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any(e => Path.GetFileName(e) != ".ap.lock"))
        {
            if (!resume)
                throw new IOException($"{outDir}: the folder exists and holds files, which were left untouched. Fix: give a new --out folder (a sweep never writes over run folders), or --resume to finish an interrupted sweep there.");
            string planPath = Path.Combine(outDir, PlanFile);
            if (!File.Exists(planPath) || FileCheck.ReadAllText(planPath, InputFiles.MaxJsonBytes, out _) != plan.Canonical + "\n")
                throw new IOException($"{outDir}: --resume needs the folder of an interrupted run of this same sweep, but its {PlanFile} is missing or differs. Fix: give the sweep's own --out folder, or a new one.");
            continuing = true;
        }
        Directory.CreateDirectory(Path.Combine(outDir, RunsFolder));
        if (!continuing) SafeFile.WriteAllTextAtomically(Path.Combine(outDir, PlanFile), plan.Canonical + "\n", overwrite: false);
        if (shard is { } s && !(continuing && File.Exists(Path.Combine(outDir, ShardFile))))
            SafeFile.WriteAllTextAtomically(Path.Combine(outDir, ShardFile), new JsonObject
            {
                ["schemaVersion"] = SweepPlan.SchemaVersion,
                ["planHash"] = plan.Hash,
                ["shard"] = s.Index,
                ["of"] = s.Count,
                ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)JsonValue.Create(r.Index))]),
            }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", overwrite: false);

        // plotly.js once for the whole sweep: each run's report.html refers to it (../../plotly-VERSION.min.js).
        string plotlyJs = Reports.HtmlPage.WritePlotlyJs(outDir);
        var rows = new SweepRow?[runs.Count];
        int done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallel), CancellationToken = cancel };
        // Each session is single-threaded and deterministic, so runs in parallel give the same logs as runs in turn.
        try
        {
            Parallel.For(0, runs.Count, options, i =>
            {
                var run = runs[i];
                string folder = Path.Combine(outDir, RunsFolder, run.Id);
                if (continuing && Complete(folder))
                {
                    rows[i] = Row(run, folder);
                    progress?.Invoke(rows[i]!, Interlocked.Increment(ref done), runs.Count, true);
                    return;
                }
                // An interrupted run's folder is ours to replace: it is started again from its seed.
                if (continuing && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
                SessionSummary summary;
                using (var session = SessionBuilder.Create(run.Scenario, folder, ListenerBuilder.For(run.Scenario)))
                {
                    session.CancelledAs = static () => Cli.StopSignals.Received == Cli.ExitCodes.Terminated ? StopCode.Terminated : StopCode.Interrupted;
                    summary = session.RunVirtual(cancel);
                }
                cancel.ThrowIfCancellationRequested(); // an interrupted run is not a result
                WriteRunSummary(folder, summary);
                var analysis = SessionAnalysis.Load(folder, run.Id);
                Reports.ReportWriter.Write([analysis], Path.Combine(folder, "report.html"), overwrite: true, plotlyJs);
                rows[i] = Row(run, folder, analysis);
                progress?.Invoke(rows[i]!, Interlocked.Increment(ref done), runs.Count, false);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // One clear message, of the first failure's own type, for the command line to report.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        var result = rows.Select(r => r!).OrderBy(r => r.Index).ToList();
        WriteSummary(outDir, plan.Name, plan.Hash, plan.Grid.Select(g => g.Key).ToList(), result);
        return result;
    }

    /// <summary>
    /// The run folder's summary.json: the run's <c>convergence</c> object (and <c>convergenceAtStart</c>) as
    /// <c>ap simulate</c> writes them, which <see cref="ReadConvergence"/> reads back. Only deterministic fields (no
    /// wall-clock figure), so a rerun of the sweep gives the same run folders byte for byte.
    /// </summary>
    public static void WriteRunSummary(string folder, SessionSummary summary) => RunSummary.Of(summary, deterministic: true).Save(folder);

    /// <summary>A run folder holding a finished result (<see cref="RunCompleteness"/>): what resume keeps and merge accepts.</summary>
    public static bool Complete(string folder) => RunCompleteness.Problem(folder) is null;

    public static SweepRow Row(SweepRun run, string folder, SessionAnalysis? analysis = null)
    {
        var a = analysis ?? SessionAnalysis.Load(folder, run.Id);
        var s = a.Summary;
        var row = new SweepRow(run.Index, run.Id, run.Point, run.Seed, run.Parameters.ToDictionary(p => p.Key, p => p.Value?.DeepClone()),
            $"{RunsFolder}/{run.Id}", s.DurationSeconds, s.Patterns, s.Likes, s.Dislikes, s.Ignored,
            Round(s.FinalKlDataGen), Round(s.TimeToLikeRate50), Round(s.GenerativeEntropy), null, null, null, null, null, null);
        return WithConvergence(row, folder, a);
    }

    /// <summary>
    /// <paramref name="row"/> with its convergence columns read from its run folder (under <paramref name="sweepDir"/>)
    /// when it carries none, e.g. a summary written before the runs had them; otherwise the row unchanged.
    /// </summary>
    public static SweepRow WithConvergence(SweepRow row, string sweepDir) => WithConvergence(row, Path.Combine(sweepDir, row.Folder), null);

    /// <summary>
    /// The one place a row gets its convergence columns: the run folder's summary.json (<see cref="ReadConvergence"/>),
    /// else, for runs written before runs had one, computed from the log's epochs (<paramref name="analysis"/> when the
    /// caller has loaded it, else loaded here).
    /// </summary>
    public static SweepRow WithConvergence(SweepRow row, string runFolder, SessionAnalysis? analysis)
    {
        if (SweepRow.ConvergenceColumns.Any(c => row.Convergence(c) is not null)) return row;
        var c = ReadConvergence(runFolder);
        if (c.Count == 0)
        {
            try { return SweepReport.WithLogConvergence(row, analysis ?? SessionAnalysis.Load(runFolder, row.Id)); }
            catch (InputFileException) { return row; }
        }
        double? C(string name) => Round(c.TryGetValue(name, out var v) ? v : null);
        return row with
        {
            ChanceFalsePositiveRate = C("chanceFalsePositiveRate"), FalsePositiveRate = C("falsePositiveRate"),
            SecondsToHalfChance = C("secondsToHalfChance"), PatternsToHalfChance = C("patternsToHalfChance"),
            Coverage = C("coverage"), KlReferenceGen = C("klReferenceGen"),
        };
    }

    /// <summary>
    /// A run's <c>convergence</c> object, read tolerantly from the run folder's summary.json (at its top level, or
    /// inside its <c>summary</c> object). Only numeric fields are kept
    /// (a null, absent or non-numeric field is simply missing); an absent or unreadable file gives an empty dictionary,
    /// never an error, so sweeps of runs written before the convergence measures still summarise.
    /// </summary>
    public static IReadOnlyDictionary<string, double> ReadConvergence(string runFolder) => ConvergenceColumns(RunSummary.Load(runFolder));

    /// <summary>The numeric fields of a run summary's <c>convergence</c> object by their camelCase names (empty when it has none).</summary>
    public static IReadOnlyDictionary<string, double> ConvergenceColumns(RunSummary? summary)
    {
        var result = new Dictionary<string, double>();
        if (summary?.Convergence is not { } convergence || JsonSerializer.SerializeToNode(convergence, JsonFiles.Write) is not JsonObject found) return result;
        foreach (var (key, value) in found)
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out double d) && double.IsFinite(d))
                result[key] = d;
        return result;
    }

    private static double? Round(double? v) => v is double d ? Math.Round(d, 9) : null;

    public static void WriteSummary(string outDir, string name, string planHash, IReadOnlyList<string> keys, IReadOnlyList<SweepRow> rows)
    {
        var json = new JsonObject
        {
            ["schemaVersion"] = SweepPlan.SchemaVersion,
            ["format"] = SummaryFormat,
            ["name"] = name,
            ["planHash"] = planHash,
            ["grid"] = new JsonArray([.. keys.Select(k => (JsonNode)JsonValue.Create(k))]),
            ["runs"] = JsonSerializer.SerializeToNode(rows, JsonFiles.Write),
        };
        SafeFile.WriteAllTextAtomically(Path.Combine(outDir, SummaryJson), json.ToJsonString(JsonFiles.Write) + "\n", overwrite: true);
        SafeFile.WriteAllTextAtomically(Path.Combine(outDir, SummaryCsv), Csv(keys, rows), overwrite: true);
    }

    public static string Csv(IReadOnlyList<string> keys, IReadOnlyList<SweepRow> rows)
    {
        static string Q(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
        static string N(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "";
        var sb = new StringBuilder();
        sb.Append("index,id,seed");
        foreach (var k in keys) sb.Append(',').Append(Q(k));
        sb.Append(",duration_s,patterns,likes,dislikes,ignored,final_kl_data_gen,time_to_like_rate_50_s,entropy_gen");
        sb.Append(",chance_false_positive_rate,false_positive_rate,seconds_to_half_chance,patterns_to_half_chance,coverage,kl_reference_gen,folder\n");
        foreach (var r in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.Index},{r.Id},{r.Seed}");
            foreach (var k in keys) sb.Append(',').Append(Q(r.Parameters.TryGetValue(k, out var v) ? SweepRun.Value(v) : ""));
            sb.Append(CultureInfo.InvariantCulture, $",{N(r.DurationSeconds)},{r.Patterns},{r.Likes},{r.Dislikes},{r.Ignored},{N(r.FinalKlDataGen)},{N(r.TimeToLikeRate50)},{N(r.GenerativeEntropy)}");
            sb.Append(CultureInfo.InvariantCulture, $",{N(r.ChanceFalsePositiveRate)},{N(r.FalsePositiveRate)},{N(r.SecondsToHalfChance)},{N(r.PatternsToHalfChance)},{N(r.Coverage)},{N(r.KlReferenceGen)},{Q(r.Folder)}\n");
        }
        return sb.ToString();
    }

    /// <summary>Reads a sweep folder's summary.json rows back.</summary>
    public static (string Name, string PlanHash, List<string> Keys, List<SweepRow> Rows) ReadSummary(string dir)
    {
        string path = Path.Combine(dir, SummaryJson);
        if (!File.Exists(path))
            throw new InputFileException(path, null, "no sweep summary here", "give a folder written by ap sweep run (a shard that has finished)");
        try
        {
            return ReadSummaryChecked(path);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or KeyNotFoundException or FormatException)
        {
            // A hand-edited or truncated summary: one line naming the file, not a trace.
            throw new InputFileException(path, null, $"not a readable sweep summary ({e.Message.Split(". ")[0]})", "give a folder written by ap sweep run, or run that shard again");
        }
    }

    private static (string Name, string PlanHash, List<string> Keys, List<SweepRow> Rows) ReadSummaryChecked(string path)
    {
        JsonObject root;
        try { root = JsonNode.Parse(InputFiles.ReadAllText(path, "sweep summary"), documentOptions: JsonFiles.Document)!.AsObject(); }
        catch (JsonException e) { throw new InputFileException(path, null, $"not valid JSON: {e.Message.Split(". ")[0]}", "rerun the shard"); }
        if (root["format"]?.GetValue<string>() != SummaryFormat || root["schemaVersion"]?.GetValue<int>() != SweepPlan.SchemaVersion)
            throw new InputFileException(path, "format", "not a sweep summary of this version", "give a folder written by ap sweep run");
        var rows = root["runs"].Deserialize<List<SweepRow>>(JsonFiles.Read)
            ?? throw new InputFileException(path, "runs", "no runs", "rerun the shard");
        return (root["name"]!.GetValue<string>(), root["planHash"]!.GetValue<string>(),
            [.. root["grid"]!.AsArray().Select(k => k!.GetValue<string>())], rows);
    }

    /// <summary>
    /// Combines shard folders into one sweep folder: the same summary as the unsharded sweep, and every run folder
    /// copied in. Refuses shards of different sweeps, a run twice, a missing run, or a run that is not complete
    /// (<see cref="RunCompleteness"/>), naming every broken one.
    /// </summary>
    public static IReadOnlyList<SweepRow> Merge(IReadOnlyList<string> shardDirs, string outDir)
    {
        if (shardDirs.Count == 0) throw new ArgumentException("no shard folder given: name the --out folders of the shards.");
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any(e => Path.GetFileName(e) != Cli.RunFolder.LockFileName))
            throw new IOException($"{outDir}: the folder exists and holds files, which were left untouched. Fix: give a new --out folder.");
        var all = new List<(string Dir, SweepRow Row)>();
        string? name = null, hash = null, plan = null;
        List<string>? keys = null;
        foreach (var dir in shardDirs)
        {
            var (n, h, k, rows) = ReadSummary(dir);
            if (hash is not null && h != hash)
                throw new InputFileException(Path.Combine(dir, SummaryJson), "planHash", $"this shard belongs to another sweep (plan {h[..12]}…, the first shard's is {hash[..12]}…)", "merge only the shards of one sweep file");
            name ??= n; hash ??= h; keys ??= k;
            plan ??= InputFiles.ReadAllText(Path.Combine(dir, PlanFile), "sweep plan");
            all.AddRange(rows.Select(r => (dir, r)));
        }
        var dup = all.GroupBy(x => x.Row.Index).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new ArgumentException($"run {dup.First().Row.Id} is in more than one shard ({string.Join(", ", dup.Select(d => d.Dir))}). Fix: merge each shard once.");
        int total = SweepPlan.Parse("sweep.json", plan!, ".").Runs.Count;
        var missing = Enumerable.Range(1, total).Except(all.Select(x => x.Row.Index)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"{missing.Count} of {total} runs are missing (first: #{missing[0]}). Fix: run and merge every shard i/N for i = 0 … N−1.");
        // A shard's summary lists its runs, but a copy can cut a log short or lose a file: every run is checked as
        // --resume checks it, and all the broken ones are named at once, before anything is written.
        var broken = all.Select(x => (x.Dir, x.Row, Problem: RunCompleteness.Problem(Path.Combine(x.Dir, x.Row.Folder))))
            .Where(x => x.Problem is not null).ToList();
        if (broken.Count > 0)
        {
            var fixes = broken.Select(b => b.Dir).Distinct().Select(d => ShardOf(d) is { } sh
                ? $"ap sweep run SWEEP_FILE --shard {sh} --out {d} --resume" : $"rerun the shard in {d} with --resume");
            throw new ArgumentException($"{broken.Count} of {total} runs are not complete: "
                + string.Join("; ", broken.Select(b => $"{Path.Combine(b.Dir, b.Row.Folder)} ({b.Problem})"))
                + $". Fix: finish {(broken.Select(b => b.Dir).Distinct().Count() == 1 ? "that shard" : "those shards")} ({string.Join("; ", fixes)}), then merge again.");
        }
        // A merge that fails while writing (a full disk, an unreadable run) leaves the --out folder as it found it.
        bool existed = Directory.Exists(outDir);
        try
        {
            Directory.CreateDirectory(Path.Combine(outDir, RunsFolder));
            SafeFile.WriteAllTextAtomically(Path.Combine(outDir, PlanFile), plan!, overwrite: false);
            foreach (var (dir, row) in all) CopyDirectory(Path.Combine(dir, row.Folder), Path.Combine(outDir, row.Folder));
            Reports.HtmlPage.WritePlotlyJs(outDir);
            var merged = all.Select(x => x.Row).OrderBy(r => r.Index).ToList();
            WriteSummary(outDir, name!, hash!, keys!, merged);
            return merged;
        }
        catch
        {
            try
            {
                if (!existed) Directory.Delete(outDir, recursive: true);
                else foreach (var entry in new DirectoryInfo(outDir).EnumerateFileSystemInfos())
                        if (entry is DirectoryInfo d) d.Delete(recursive: true); else entry.Delete();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>"i/N" from a shard folder's shard.json; null when it has none or it cannot be read.</summary>
    private static string? ShardOf(string dir)
    {
        try
        {
            string path = Path.Combine(dir, ShardFile);
            if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path)) is not JsonObject o) return null;
            return o["shard"] is JsonValue i && i.TryGetValue<int>(out int index) && o["of"] is JsonValue n && n.TryGetValue<int>(out int count)
                ? string.Create(CultureInfo.InvariantCulture, $"{index}/{count}") : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException) { return null; }
    }

    private static void CopyDirectory(string from, string to)
    {
        if (!Directory.Exists(from)) throw new InputFileException(from, null, "the run folder named in the shard's summary is missing", "rerun that shard");
        Directory.CreateDirectory(to);
        foreach (var f in Directory.EnumerateFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)), overwrite: false);
    }
}
