using ActionPerception.Simulations.Runs;
using System.Globalization;
using System.Text.Json.Nodes;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Sweeps;

namespace ActionPerception.Simulations.Analysis;

/// <summary>One epoch's exact measures toward the run's reference taste, as logged (<see cref="EpochEvent.Reference"/>).</summary>
/// <param name="T">Session time (seconds of audio) of the epoch.</param>
/// <param name="KlReferenceGen">Null when infinite (the generator cannot produce some pattern of the reference).</param>
/// <param name="DatasetTotal">The dataset's total count then: with <c>epochData</c> "rounded", count-1 patterns drop out of
/// the epochs once it passes 2·nData.</param>
public sealed record ReferencePoint(double T, int Epoch, double FalsePositiveRate, double? KlReferenceGen, double Coverage, double Entropy, double DatasetTotal);

/// <summary>One run of a sweep: its row (grid values, seed, convergence columns), its group, and its per-epoch reference series.</summary>
/// <param name="Group">The grid point, exactly as <c>ap sweep report</c> names it.</param>
/// <param name="Label">A short name of the grid point (<see cref="SweepAnalysis.LabelOf"/>), e.g. "oracle".</param>
/// <param name="Reference">The reference taste the run was measured against (null when the log does not say).</param>
/// <param name="Convergence">The run's <c>convergence</c> object, numeric fields only (<see cref="SweepRunner.ReadConvergence"/>).</param>
public sealed record SweepRunAnalysis(SweepRow Row, string Group, string Label, string ListenerKind, string? Reference, int NData,
    IReadOnlyList<ReferencePoint> Series, IReadOnlyDictionary<string, double> Convergence)
{
    public ulong Seed => Row.Seed;
    public IReadOnlyDictionary<string, JsonNode?> Parameters => Row.Parameters;

    /// <summary>The false-positive rate of the newest epoch at or before <paramref name="t"/> seconds; null when the run has
    /// no epoch by then or ended before <paramref name="t"/> (a run that did not last that long says nothing about it).</summary>
    public double? FalsePositiveAt(double t) => At(t, p => p.FalsePositiveRate);

    /// <summary>The time of the first epoch whose dataset total is above <paramref name="total"/> (null if none): with
    /// <c>epochData</c> "rounded" and total 2·nData, the moment every count-1 pattern drops out of the epochs.</summary>
    public double? FirstEpochAboveTotal(double total) => Series.FirstOrDefault(p => p.DatasetTotal > total)?.T;

    /// <summary>The mean false-positive rate of the epochs with time in [<paramref name="from"/>, <paramref name="to"/>); null if none.</summary>
    public double? MeanFalsePositive(double from, double to)
    {
        var xs = Series.Where(p => p.T >= from && p.T < to).Select(p => p.FalsePositiveRate).ToArray();
        return xs.Length == 0 ? null : xs.Average();
    }

    /// <summary>A measure of the newest epoch at or before <paramref name="t"/>; null as for <see cref="FalsePositiveAt"/>.</summary>
    public double? At(double t, Func<ReferencePoint, double?> measure)
    {
        if (Series.Count == 0 || Row.DurationSeconds < t - 1e-6 || Series[0].T > t + 1e-9) return null;
        ReferencePoint? last = null;
        foreach (var p in Series) { if (p.T > t + 1e-9) break; last = p; }
        return last is null ? null : measure(last);
    }
}

/// <summary>One measure of one group across its seeds: mean ± SD over the runs that have a value.</summary>
/// <param name="N">Runs with a value.</param>
public sealed record GroupMeasure(string Group, string Label, int Runs, int N, double? Mean, double? Sd)
{
    public string Format(string f = "F3") =>
        Mean is null ? "—" : Sd is null ? SessionAnalysis.Format(Mean, f) : $"{SessionAnalysis.Format(Mean, f)} ± {SessionAnalysis.Format(Sd, f)}";
}

/// <summary>Time to half of chance per group: mean ± SD over the seeds that reached it, and how many did.</summary>
public sealed record HalfChanceTime(string Group, string Label, int Runs, int Reached, double? MeanSeconds, double? SdSeconds, double? MeanPatterns, double? SdPatterns);

/// <summary>
/// A sweep folder (written by <c>ap sweep run</c> or <c>merge</c>) analysed for convergence toward the reference:
/// per run its grid values, seed, per-epoch reference series (from its session.jsonl) and convergence summary; per
/// group (grid point) across-seed mean trajectories with 95 % bands, time to half chance, coverage, and comparisons with
/// a baseline group. The statistics are <see cref="SweepReport"/>'s and <see cref="Statistics"/>'s (one implementation):
/// bands are <see cref="SweepReport.Mean"/>, tests <see cref="SweepReport.Compare"/> and <see cref="SweepReport.CompareOne"/>.
/// </summary>
public sealed class SweepAnalysis
{
    public required string Folder { get; init; }
    public required string Name { get; init; }
    /// <summary>The grid's keys, in the sweep's order.</summary>
    public required IReadOnlyList<string> Keys { get; init; }
    public required IReadOnlyList<SweepRunAnalysis> Runs { get; init; }
    /// <summary>The grid points in the sweep's stable order (first appearance).</summary>
    public IReadOnlyList<string> Groups => [.. Runs.Select(r => r.Group).Distinct()];
    public IReadOnlyList<SweepRow> Rows => [.. Runs.Select(r => r.Row)];

    public IReadOnlyList<SweepRunAnalysis> RunsOf(string group) => [.. Runs.Where(r => r.Group == group)];
    public string LabelOfGroup(string group) => Runs.First(r => r.Group == group).Label;

    /// <summary>
    /// Loads a sweep folder: its summary.json rows (with the convergence columns read from the run folders when the
    /// summary lacks them) and every run's reference series from its log. Throws <see cref="ActionPerception.IO.InputFileException"/>
    /// naming the file when the folder is not a sweep or a log cannot be read.
    /// </summary>
    public static SweepAnalysis Load(string sweepFolder) => Load(sweepFolder, warn: null);

    /// <summary>As <see cref="Load(string)"/>; a run whose log cannot be read is left out and named through <paramref name="warn"/> when given.</summary>
    public static SweepAnalysis Load(string sweepFolder, Action<string>? warn)
    {
        var (name, _, keys, rows) = SweepRunner.ReadSummary(sweepFolder);
        var runs = new List<SweepRunAnalysis>();
        foreach (var raw in rows)
        {
            var row = SweepRunner.WithConvergence(raw, sweepFolder);
            string folder = Path.Combine(sweepFolder, row.Folder);
            string log = SessionAnalysis.ResolveLog(folder);
            SessionLogReader events;
            HeaderEvent header;
            try
            {
                events = SessionLogReader.Read(log);
                header = events.Header ?? throw new ActionPerception.IO.InputFileException(log, "line 1", "not a session log: no header", "give a sweep folder written by ap sweep run");
            }
            catch (ActionPerception.IO.InputFileException e) when (warn is not null)
            {
                warn($"run {row.Id} left out: {e.Message}");
                continue;
            }
            var series = new List<ReferencePoint>();
            foreach (var e in events.Events)
                if (e is EpochEvent { Reference: { } m } ep)
                    series.Add(new ReferencePoint(ep.T, ep.Epoch, m.FalsePositiveRate, m.KlReferenceGen, m.Coverage, m.Entropy, ep.DatasetTotal));
            var runSummary = RunSummary.Load(folder); // read once per run
            runs.Add(new SweepRunAnalysis(row, row.Point, LabelOf(row), header.ListenerKind, runSummary?.Convergence?.Reference ?? header.Scenario.Analysis.Reference,
                header.Scenario.Generator.NData, series, SweepRunner.ConvergenceColumns(runSummary)));
        }
        return new SweepAnalysis { Folder = sweepFolder, Name = name, Keys = keys, Runs = runs };
    }

    /// <summary>
    /// A short name of a run's grid point: a listener grid value (<c>listener.kind</c>, or a whole <c>listener</c> object)
    /// is shown as its kind alone, every other key as key=value, joined by ", "; "all" without a grid.
    /// E.g. <c>listener={"kind":"template","template":{…}}, generator.epochData=multinomial</c> → "template, generator.epochData=multinomial".
    /// </summary>
    public static string LabelOf(SweepRow row)
    {
        var parts = row.Parameters.Select(p => p.Key switch
        {
            "listener.kind" => SweepRun.Value(p.Value),
            "listener" when p.Value is JsonObject o && o["kind"] is JsonValue k && k.TryGetValue<string>(out var kind) => kind,
            _ => $"{p.Key}={SweepRun.Value(p.Value)}",
        }).ToList();
        return parts.Count == 0 ? "all" : string.Join(", ", parts);
    }

    /// <summary>A group as every command names one (<see cref="SweepReport.FindGroup"/>): "listener.kind=none" or its short label "none".</summary>
    public string FindGroup(string groupOrLabel) => SweepReport.FindGroup(Rows, groupOrLabel);

    /// <summary>One value per run of a group, summarised across seeds (runs without a value are counted out).</summary>
    public GroupMeasure Measure(string group, Func<SweepRunAnalysis, double?> value)
    {
        var runs = RunsOf(group);
        var xs = runs.Select(value).OfType<double>().Where(double.IsFinite).ToArray();
        return new GroupMeasure(group, LabelOfGroup(group), runs.Count, xs.Length,
            xs.Length == 0 ? null : Statistics.Mean(xs), xs.Length < 2 ? null : Statistics.StandardDeviation(xs));
    }

    /// <summary><see cref="Measure"/> for every group, in the sweep's order.</summary>
    public IReadOnlyList<GroupMeasure> Measures(Func<SweepRunAnalysis, double?> value) => [.. Groups.Select(g => Measure(g, value))];

    /// <summary>A convergence column (camelCase, as in summary.json, e.g. "coverage") per group.</summary>
    public IReadOnlyList<GroupMeasure> Convergence(string column) =>
        Measures(r => r.Convergence.TryGetValue(column, out var v) ? v : null);

    /// <summary>Coverage of the reference (mean over the last 10 % of epochs) per group.</summary>
    public IReadOnlyList<GroupMeasure> Coverage() => Convergence("coverage");

    /// <summary>The chance false-positive rate (the starting generator's) per group.</summary>
    public IReadOnlyList<GroupMeasure> Chance() => Convergence("chanceFalsePositiveRate");

    /// <summary>The false-positive rate at <paramref name="seconds"/> of session time per group (<see cref="SweepRunAnalysis.FalsePositiveAt"/>).</summary>
    public IReadOnlyList<GroupMeasure> FalsePositiveAt(double seconds) => Measures(r => r.FalsePositiveAt(seconds));

    /// <summary>Time to half of chance (seconds and patterns heard) per group, over the seeds that reached it.</summary>
    public IReadOnlyList<HalfChanceTime> TimeToHalfChance() => [.. Groups.Select(g =>
    {
        var runs = RunsOf(g);
        var s = runs.Select(r => r.Row.SecondsToHalfChance).OfType<double>().ToArray();
        var p = runs.Select(r => r.Row.PatternsToHalfChance).OfType<double>().ToArray();
        return new HalfChanceTime(g, LabelOfGroup(g), runs.Count, s.Length,
            s.Length == 0 ? null : Statistics.Mean(s), s.Length < 2 ? null : Statistics.StandardDeviation(s),
            p.Length == 0 ? null : Statistics.Mean(p), p.Length < 2 ? null : Statistics.StandardDeviation(p));
    })];

    /// <summary>
    /// The across-seed mean of a per-epoch measure of a group on a common time grid, with its 95 % confidence band
    /// (<see cref="SweepReport.Mean"/>: each run a step function, sampled at <paramref name="samples"/> times from the
    /// latest first epoch to the earliest last one). The curve is named by the group's label.
    /// </summary>
    public MeanCurve Band(string group, Func<ReferencePoint, double?> measure, int samples = SweepReport.Samples) =>
        SweepReport.Mean(LabelOfGroup(group),
            [.. RunsOf(group).Select(r => r.Series.Select(p => (p.T, V: measure(p))).Where(x => x.V is double v && double.IsFinite(v))
                .Select(x => (x.T, x.V!.Value)).ToList())], samples);

    /// <summary>False-positive trajectories per group, mean over seeds with 95 % bands (clipped to [0, 1]).</summary>
    public IReadOnlyList<MeanCurve> FalsePositiveBands(int samples = SweepReport.Samples) =>
        [.. Groups.Select(g => SweepReport.Clip01(Band(g, p => p.FalsePositiveRate, samples)))];

    /// <summary>Every group against the baseline on every convergence column (<see cref="SweepReport.Compare"/>).</summary>
    public IReadOnlyList<BaselineComparison> CompareWithBaseline(string baseline) => SweepReport.Compare(Rows, FindGroup(baseline));

    /// <summary>
    /// Every group against the baseline on a measure derived per run (e.g. the false-positive rate at 600 s), with the same
    /// test, interval and verdict as <see cref="SweepReport.Compare"/> (<see cref="SweepReport.CompareOne"/>).
    /// </summary>
    public IReadOnlyList<BaselineComparison> CompareWithBaseline(string baseline, string metric, Func<SweepRunAnalysis, double?> value, ulong seed = 1)
    {
        string basePoint = FindGroup(baseline);
        var b = RunsOf(basePoint).Select(value).OfType<double>().Where(double.IsFinite).ToArray();
        return [.. Groups.Where(g => g != basePoint).Select(g =>
        {
            var runs = RunsOf(g);
            var a = runs.Select(value).OfType<double>().Where(double.IsFinite).ToArray();
            return SweepReport.CompareOne(metric, g, a, runs.Count - a.Length, b, seed);
        })];
    }

    /// <summary>Plain text lines: per group, runs, chance, false-positive rate at the given times, time to half chance, coverage.</summary>
    public IEnumerable<string> Describe(params double[] times)
    {
        var chance = Chance();
        var at = times.Select(FalsePositiveAt).ToList();
        var half = TimeToHalfChance();
        var cov = Coverage();
        for (int i = 0; i < Groups.Count; i++)
        {
            string fps = string.Join("; ", times.Select((t, k) => string.Create(CultureInfo.InvariantCulture, $"FP at {t / 60:0.#} min {at[k][i].Format()}")));
            string h = half[i].Reached == 0 ? "never" : string.Create(CultureInfo.InvariantCulture,
                $"{SessionAnalysis.Format(half[i].MeanSeconds, "F0")}{(half[i].SdSeconds is null ? "" : " ± " + SessionAnalysis.Format(half[i].SdSeconds, "F0"))} s");
            yield return $"{cov[i].Label}: {cov[i].Runs} runs; chance {chance[i].Format()}; {fps}; half chance {h} ({half[i].Reached}/{half[i].Runs} reached); coverage {cov[i].Format()}";
        }
    }
}

/// <summary>The convergence table of a sweep (docs/convergence.md): per group the false-positive rate at given times and
/// at the end, time to half chance, coverage and KL(reference‖gen), each with its p-value against a baseline group.</summary>
public static class ConvergenceTable
{
    /// <summary>The table as Markdown. <paramref name="times"/> in seconds (e.g. 600, 3600).</summary>
    public static string Markdown(SweepAnalysis a, string baseline, params double[] times)
    {
        string basePoint = a.FindGroup(baseline);
        var groups = a.Groups;
        var chance = a.Chance();
        var half = a.TimeToHalfChance();
        var cols = new List<(string Head, IReadOnlyList<GroupMeasure> Values, IReadOnlyList<BaselineComparison> Tests, string F)>();
        foreach (double t in times)
        {
            string m = string.Create(CultureInfo.InvariantCulture, $"FP at {t / 60:0.#} min");
            cols.Add((m, a.FalsePositiveAt(t), a.CompareWithBaseline(basePoint, m, r => r.FalsePositiveAt(t)), "F3"));
        }
        var conv = a.CompareWithBaseline(basePoint);
        IReadOnlyList<BaselineComparison> Of(string metric) => [.. conv.Where(c => c.Metric == metric)];
        cols.Add(("coverage", a.Coverage(), Of("coverage"), "F3"));
        cols.Add(("KL(ref‖gen) (nats)", a.Convergence("klReferenceGen"), Of("klReferenceGen"), "F2"));

        var sb = new System.Text.StringBuilder();
        sb.Append("| listener | runs | chance FP |");
        foreach (var c in cols) sb.Append(CultureInfo.InvariantCulture, $" {c.Head} | p |");
        sb.Append(" time to half chance (s) | reached |\n|---|---|---|");
        foreach (var _ in cols) sb.Append("---|---|");
        sb.Append("---|---|\n");
        for (int i = 0; i < groups.Count; i++)
        {
            string g = groups[i];
            sb.Append(CultureInfo.InvariantCulture, $"| {a.LabelOfGroup(g)}{(g == basePoint ? " (baseline)" : "")} | {chance[i].Runs} | {chance[i].Format()} |");
            foreach (var c in cols)
            {
                var test = c.Tests.FirstOrDefault(x => x.Group == g);
                // A design that cannot reach the level says so beside its p, as the verdicts do.
                string p = g == basePoint ? "—" : test?.P is double pv ? SweepReport.P(pv) + (test.LeastP > SweepReport.Alpha ? " (too few runs)" : "") : "n/a";
                sb.Append(CultureInfo.InvariantCulture, $" {c.Values[i].Format(c.F)} | {p} |");
            }
            var h = half[i];
            string hs = h.Reached == 0 ? "never" : h.SdSeconds is null ? SessionAnalysis.Format(h.MeanSeconds, "F0")
                : $"{SessionAnalysis.Format(h.MeanSeconds, "F0")} ± {SessionAnalysis.Format(h.SdSeconds, "F0")}";
            sb.Append(CultureInfo.InvariantCulture, $" {hs} | {h.Reached}/{h.Runs} |\n");
        }
        return sb.ToString();
    }
}

/// <summary>The rounding threshold per group (docs/convergence.md): when the dataset total first passes 2·nData, and the
/// mean false-positive rate in a window before and after that epoch.</summary>
public static class ThresholdTable
{
    public static string Markdown(SweepAnalysis a, double windowSeconds = 120)
    {
        var sb = new System.Text.StringBuilder();
        string w = windowSeconds.ToString("0", CultureInfo.InvariantCulture);
        sb.Append(CultureInfo.InvariantCulture, $"| listener | total passes 2·nData at (s) | FP, {w} s before | FP, {w} s after | time to half chance (s) |\n|---|---|---|---|---|\n");
        foreach (string g in a.Groups)
        {
            double? Cross(SweepRunAnalysis r) => r.FirstEpochAboveTotal(2.0 * r.NData);
            var cross = a.Measure(g, Cross);
            if (cross.N == 0) { sb.Append(CultureInfo.InvariantCulture, $"| {a.LabelOfGroup(g)} | never | — | — | — |\n"); continue; }
            var before = a.Measure(g, r => Cross(r) is double c ? r.MeanFalsePositive(c - windowSeconds, c) : null);
            var after = a.Measure(g, r => Cross(r) is double c ? r.MeanFalsePositive(c, c + windowSeconds) : null);
            var half = a.Measure(g, r => r.Row.SecondsToHalfChance);
            sb.Append(CultureInfo.InvariantCulture, $"| {a.LabelOfGroup(g)} | {cross.Format("F0")}{(cross.N < cross.Runs ? $" ({cross.N}/{cross.Runs})" : "")} | {before.Format()} | {after.Format()} | {(half.N == 0 ? "never" : half.Format("F0") + (half.N < half.Runs ? $" ({half.N}/{half.Runs})" : ""))} |\n");
        }
        return sb.ToString();
    }
}

/// <summary>A small sweep for the notebooks when no sweep folder is given: listener kinds × seeds, well-formed reference.</summary>
public static class DemoSweep
{
    /// <summary>
    /// Runs (or, when <paramref name="outDir"/> already holds a finished sweep, reuses) a sweep of
    /// <paramref name="kinds"/> × seeds 1…<paramref name="seeds"/> of <paramref name="seconds"/> each, in virtual time,
    /// measured toward the well-formed reference; returns the sweep folder.
    /// </summary>
    public static string Run(string outDir, IReadOnlyList<string> kinds, int seeds = 3, double seconds = 300, int? parallel = null)
    {
        if (File.Exists(Path.Combine(outDir, SweepRunner.SummaryJson))) return outDir;
        var json = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["name"] = "notebook-demo",
            ["scenario"] = new JsonObject
            {
                ["durationSeconds"] = seconds,
                ["analysis"] = new JsonObject { ["reference"] = "well-formed" },
            },
            ["grid"] = new JsonObject { ["listener.kind"] = new JsonArray([.. kinds.Select(k => (JsonNode)JsonValue.Create(k))]) },
            ["seeds"] = new JsonArray([.. Enumerable.Range(1, seeds).Select(s => (JsonNode)JsonValue.Create(s))]),
        };
        var plan = SweepPlan.Parse("notebook-demo.sweep.json", json.ToJsonString(), ".");
        SweepRunner.Run(plan, plan.Runs, outDir, null, parallel ?? System.Environment.ProcessorCount);
        return outDir;
    }
}
