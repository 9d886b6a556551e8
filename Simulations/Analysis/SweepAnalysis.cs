using ActionPerception.Simulations.Runs;
using System.Globalization;
using System.Text.Json.Nodes;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Sweeps;

namespace ActionPerception.Simulations.Analysis;

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

    /// <summary>The name of the false-positive column at <paramref name="seconds"/> in every comparison and table ("FP at 10 min").</summary>
    public static string FalsePositiveMetric(double seconds) => string.Create(CultureInfo.InvariantCulture, $"FP at {seconds / 60:0.#} min");

    /// <summary>
    /// The comparisons of <c>ap sweep convergence</c>, its page and its Markdown table (one list for all three): every
    /// group against the baseline on the false-positive rate at each of <paramref name="times"/> (seconds), then on every
    /// convergence column. Groups keep their ids; <see cref="Labelled"/> names them for readers.
    /// </summary>
    public IReadOnlyList<BaselineComparison> ConvergenceComparisons(string baseline, IReadOnlyList<double> times)
    {
        string basePoint = FindGroup(baseline);
        return [.. times.SelectMany(t => CompareWithBaseline(basePoint, FalsePositiveMetric(t), r => r.FalsePositiveAt(t))).Concat(CompareWithBaseline(basePoint))];
    }

    /// <summary>The comparisons with each group named by its short label.</summary>
    public IReadOnlyList<BaselineComparison> Labelled(IEnumerable<BaselineComparison> comparisons) =>
        [.. comparisons.Select(c => c with { Group = LabelOfGroup(c.Group) })];

    /// <summary>Plain text lines: per group, runs, chance, false-positive rate at the given times, time to half chance, coverage.</summary>
    public IEnumerable<string> Describe(params double[] times)
    {
        var chance = Chance();
        var at = times.Select(FalsePositiveAt).ToList();
        var half = TimeToHalfChance();
        var cov = Coverage();
        for (int i = 0; i < Groups.Count; i++)
        {
            string fps = string.Join("; ", times.Select((t, k) => $"{FalsePositiveMetric(t)} {at[k][i].Format()}"));
            string h = half[i].Reached == 0 ? "never" : string.Create(CultureInfo.InvariantCulture,
                $"{SessionAnalysis.Format(half[i].MeanSeconds, "F0")}{(half[i].SdSeconds is null ? "" : " ± " + SessionAnalysis.Format(half[i].SdSeconds, "F0"))} s");
            yield return $"{cov[i].Label}: {cov[i].Runs} runs; chance {chance[i].Format()}; {fps}; half chance {h} ({half[i].Reached}/{half[i].Runs} reached); coverage {cov[i].Format()}";
        }
    }
}
