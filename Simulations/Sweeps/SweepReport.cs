using System.Globalization;
using System.Text.Json.Nodes;
using ActionPerception.IO;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Reports;

namespace ActionPerception.Simulations.Sweeps;

/// <summary>A mean curve over the seeds of one grid point, with a 95 % confidence band (mean ± t(0.975, n−1) · SD/√n).</summary>
public sealed record MeanCurve(string Point, int Runs, double[] T, double[] Mean, double[] Lower, double[] Upper);

/// <summary>The sweep report: per grid point, mean curves over seeds with confidence bands, and a table of means.</summary>
public static class SweepReport
{
    public const int Samples = 100;
    /// <summary>Fewer seeds than this (with a value) on either side: no interval and no test (Welch's needs a spread a side).</summary>
    public const int MinSeedsForTest = 2;
    /// <summary>At or above this p-value a group is "not distinguishable from the baseline", when the design can reach below it.</summary>
    public const double Alpha = 0.05;

    /// <summary>
    /// Writes the sweep report; with <paramref name="baseline"/> (a grid point, see <see cref="FindGroup"/>) it also
    /// compares every other grid point with it on every convergence metric the rows carry (<see cref="Compare"/>).
    /// </summary>
    public static string Write(string sweepDir, string? htmlPath, bool overwrite, string? baseline = null) =>
        Write(sweepDir, htmlPath, overwrite, baseline, out _);

    /// <summary>As <see cref="Write(string, string?, bool, string?)"/>, handing back the comparisons it made (for the console).</summary>
    public static string Write(string sweepDir, string? htmlPath, bool overwrite, string? baseline, out IReadOnlyList<BaselineComparison>? comparisons) =>
        Write(sweepDir, htmlPath, overwrite, baseline, out comparisons, warn: null);

    /// <summary>
    /// As above; a run whose log cannot be read is left out and named through <paramref name="warn"/> (one garbage log
    /// should not cost the report of the others), or refused when <paramref name="warn"/> is null.
    /// </summary>
    public static string Write(string sweepDir, string? htmlPath, bool overwrite, string? baseline, out IReadOnlyList<BaselineComparison>? comparisons, Action<string>? warn)
    {
        htmlPath ??= Path.Combine(sweepDir, "sweep-report.html");
        if (File.Exists(htmlPath) && !overwrite)
            throw new IOException($"{htmlPath}: the file exists and was left untouched. Fix: choose another --out, or pass --force to replace it.");
        string html = Render(sweepDir, baseline, out comparisons, warn);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(htmlPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        SafeFile.WriteAllTextAtomically(htmlPath, html, overwrite);
        return htmlPath;
    }

    /// <summary>The sweep report's page (for the file, or for its figures alone); as <see cref="Write(string, string?, bool, string?, out IReadOnlyList{BaselineComparison}?, Action{string}?)"/>.</summary>
    public static string Render(string sweepDir, string? baseline, out IReadOnlyList<BaselineComparison>? comparisons, Action<string>? warn)
    {
        var (name, _, keys, rows) = SweepRunner.ReadSummary(sweepDir);
        // Each log is read once: its analysis feeds the curves and, for a run without summary.json, the convergence columns.
        var sessions = new List<(SweepRow Row, SessionAnalysis Analysis)>();
        foreach (var r in rows)
        {
            string runFolder = Path.Combine(sweepDir, r.Folder);
            SessionAnalysis analysis;
            try { analysis = SessionAnalysis.Load(runFolder, r.Id); }
            catch (InputFileException e) when (warn is not null)
            {
                warn($"run {r.Id} left out of the report: {e.Message}");
                continue;
            }
            sessions.Add((SweepRunner.WithConvergence(r, runFolder, analysis), analysis));
        }
        if (sessions.Count == 0 && rows.Count > 0)
            throw new InputFileException(sweepDir, null, "no run of the sweep has a readable log", "run the sweep again with ap sweep run --resume");
        rows = [.. sessions.Select(x => x.Row)];
        comparisons = baseline is null ? null : Compare(rows, baseline);
        var groups = sessions.GroupBy(s => s.Row.Point).ToList();

        var page = new HtmlPage($"Sweep {name}");
        page.Heading($"Sweep {name}", 1);
        page.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"{rows.Count} runs at {groups.Count} grid points ({(keys.Count == 0 ? "no grid" : string.Join(" × ", keys))}); bands are 95 % confidence intervals of the mean over seeds (mean ± t₀.₉₇₅,ₙ₋₁·SD/√n, Student's t: few seeds give wide bands); a single seed has no band."), "meta");

        page.Heading("By grid point");
        page.Table(["grid point", "runs", "final KL(data‖gen) mean", "± 95 %", "likes mean", "dislikes mean", "time to 50 % likes (s), mean of reached", "reached", "entropy of gen mean"],
            groups.Select(g =>
            {
                var kl = g.Select(s => s.Row.FinalKlDataGen).OfType<double>().ToArray();
                var t50 = g.Select(s => s.Row.TimeToLikeRate50).OfType<double>().ToArray();
                var h = g.Select(s => s.Row.GenerativeEntropy).OfType<double>().ToArray();
                var (m, ci) = MeanCi(kl);
                return (IReadOnlyList<string>)
                [
                    g.Key, g.Count().ToString(CultureInfo.InvariantCulture), F(m), F(ci),
                    F(g.Average(s => (double)s.Row.Likes), "F1"), F(g.Average(s => (double)s.Row.Dislikes), "F1"),
                    t50.Length > 0 ? F(t50.Average(), "F1") : "—", $"{t50.Length}/{g.Count()}", h.Length > 0 ? F(h.Average()) : "—",
                ];
            }), "sweep-summary");
        ConvergenceTable(page, groups.Select(g => (g.Key, (IReadOnlyList<SweepRow>)[.. g.Select(x => x.Row)])).ToList());

        if (comparisons is not null)
        {
            string basePoint = FindGroup(rows, baseline!);
            page.Heading($"Against the baseline {basePoint}");
            page.Paragraph($"Each grid point against the baseline on each convergence measure, across seeds: first the difference of means with its 95 % Welch interval (Student's t), then mean ± SD, a two-sided permutation test of equal means (exact over every relabelling up to {Analysis.Statistics.ExactLimit} of them, else {Analysis.Statistics.MonteCarloPermutations} seeded ones) and Welch's t-test beside it. p ≥ {Alpha.ToString(CultureInfo.InvariantCulture)} reads \"not distinguishable from the baseline\" only when the design can go below it: an exact test over few relabellings cannot (3 + 3 seeds: p ≥ 0.1), and the verdict then reads \"too few runs to test at {Alpha.ToString(CultureInfo.InvariantCulture)}\" with the runs per group needed. Runs without a value (a time to half chance never reached) are left out and counted.", "meta");
            page.Table(ComparisonHeader, comparisons.Select(ComparisonCells), "sweep-baseline");
            page.Data("sweep-baseline-data", new JsonObject
            {
                ["schemaVersion"] = 1,
                ["baseline"] = basePoint,
                ["comparisons"] = System.Text.Json.JsonSerializer.SerializeToNode(comparisons, JsonFiles.Write),
            });
        }

        var kl = groups.Select(g => Mean(g.Key, g.Select(s => s.Analysis.Epochs.Select(e => (e.T, e.KlDataGen)).ToList()).ToList())).ToList();
        // A rate's band is clipped to [0, 1]: the normal approximation knows nothing of the bounds.
        var likes = groups.Select(g => Clip01(Mean(g.Key, g.Select(s => s.Analysis.Rates.Select(r => (r.T, r.LikeRate)).ToList()).ToList()))).ToList();
        // Toward the listener: each run's exact measures toward its reference, from its log (runs whose log predates them are left out).
        var fp = groups.Select(g => Clip01(Mean(g.Key, g.Select(s => s.Analysis.Epochs.Where(e => e.Reference is not null).Select(e => (e.T, e.Reference!.FalsePositiveRate)).ToList()).ToList())))
            .Where(c => c.Runs > 0).ToList();
        var coverage = groups.Select(g => Clip01(Mean(g.Key, g.Select(s => s.Analysis.Epochs.Where(e => e.Reference is not null).Select(e => (e.T, e.Reference!.Coverage)).ToList()).ToList())))
            .Where(c => c.Runs > 0).ToList();
        page.Data("sweep-curves", new JsonObject
        {
            ["schemaVersion"] = 1,
            ["kl"] = System.Text.Json.JsonSerializer.SerializeToNode(kl, JsonFiles.Write),
            ["likeRate"] = System.Text.Json.JsonSerializer.SerializeToNode(likes, JsonFiles.Write),
            ["falsePositiveRate"] = System.Text.Json.JsonSerializer.SerializeToNode(fp, JsonFiles.Write),
            ["coverage"] = System.Text.Json.JsonSerializer.SerializeToNode(coverage, JsonFiles.Write),
        });
        var figures = new List<Figure>();
        if (fp.Count > 0)
        {
            var chance = rows.Select(r => r.ChanceFalsePositiveRate).OfType<double>().Select(v => Math.Round(v, 4)).Distinct().ToList();
            var f = Figures.WithYRange(Figures.Bands("sweep-fp", "Toward the listener: false-positive rate, mean over seeds", "session time (s)", "false-positive rate",
                fp.Select(c => (c.Point, c.T, c.Mean, c.Lower, c.Upper)),
                "Generator mass outside each run's reference taste set, mean over seeds with a 95 % band" + (chance.Count == 1 ? "; dashed: chance (the starting generator's rate), dotted: half of it." : ".")), 0, 1);
            if (chance.Count == 1) Figures.WithHorizontalMark(Figures.WithHorizontalMark(f, chance[0], "chance", "dash"), chance[0] / 2, "½ chance", "dot");
            figures.Add(f);
            figures.Add(Figures.WithYRange(Figures.Bands("sweep-coverage", "Toward the listener: coverage of the reference, mean over seeds", "session time (s)", "coverage",
                coverage.Select(c => (c.Point, c.T, c.Mean, c.Lower, c.Upper))), 0, 1));
        }
        figures.Add(Figures.Bands("sweep-kl", "Fit to its own dataset: KL(data‖gen), mean over seeds", "session time (s)", "KL(data‖gen) (nats)",
            kl.Select(c => (c.Point, c.T, c.Mean, c.Lower, c.Upper))));
        figures.Add(Figures.Bands("sweep-like-rate", $"Like rate (last {SessionAnalysis.Window} patterns), mean over seeds", "session time (s)", "like rate",
            likes.Select(c => (c.Point, c.T, c.Mean, c.Lower, c.Upper)), max: 1));
        page.Grid(figures);
        return page.Render();
    }

    /// <summary>A share's band clipped to [0, 1]: the normal approximation of the mean knows nothing of the bounds.</summary>
    public static MeanCurve Clip01(MeanCurve c) => c with { Lower = [.. c.Lower.Select(v => Math.Max(0, v))], Upper = [.. c.Upper.Select(v => Math.Min(1, v))] };

    /// <summary>The row with its convergence columns from the log's epochs (<see cref="SessionConvergence"/>) when it carries none.</summary>
    public static SweepRow WithLogConvergence(SweepRow row, SessionAnalysis a)
    {
        if (SweepRow.ConvergenceColumns.Any(c => row.Convergence(c) is not null) || SessionConvergence.Of(a) is not { } c) return row;
        var x = c.Summary;
        static double? R(double? v) => v is double d && double.IsFinite(d) ? Math.Round(d, 9) : null;
        return row with
        {
            ChanceFalsePositiveRate = R(x.ChanceFalsePositiveRate), FalsePositiveRate = R(x.FalsePositiveRate), SecondsToHalfChance = R(x.SecondsToHalfChance),
            PatternsToHalfChance = x.PatternsToHalfChance, Coverage = R(x.Coverage), KlReferenceGen = R(x.KlReferenceGen),
        };
    }

    /// <summary>The columns of the convergence table by grid point (<see cref="ConvergenceTable"/>).</summary>
    public static IReadOnlyList<string> ConvergenceHeader { get; } =
        ["grid point", "runs", "chance FP rate", "FP rate mean", "± 95 %", "time to ½ chance (s), mean of reached", "reached", "patterns to ½ chance", "coverage mean", "KL(reference‖gen) mean"];

    /// <summary>
    /// Per grid point, the means over seeds of the runs' convergence toward their reference (summary.json's
    /// <c>convergence</c>); nothing when no run carries one.
    /// </summary>
    public static void ConvergenceTable(HtmlPage page, IReadOnlyList<(string Point, IReadOnlyList<SweepRow> Rows)> groups)
    {
        if (!groups.Any(g => g.Rows.Any(r => r.FalsePositiveRate is not null))) return;
        page.Heading("Toward the listener, by grid point");
        page.Paragraph("Each run against its reference taste set: chance is the starting generator's false-positive rate, the FP rate and coverage are means over the last 10 % of epochs, the time to ½ chance is the first time the FP rate (smoothed over 60 s) stays at or below half of chance until the end; its mean is over the runs that reached it. From each run's summary.json, else computed from its log's epochs.", "meta");
        page.Table(ConvergenceHeader, groups.Select(g =>
        {
            double[] V(Func<SweepRow, double?> f) => [.. g.Rows.Select(f).OfType<double>()];
            var fp = V(r => r.FalsePositiveRate);
            var half = V(r => r.SecondsToHalfChance);
            var patterns = V(r => r.PatternsToHalfChance);
            var (m, ci) = MeanCi(fp);
            double? Avg(double[] x) => x.Length > 0 ? x.Average() : null;
            return (IReadOnlyList<string>)
            [
                g.Point, g.Rows.Count.ToString(CultureInfo.InvariantCulture), F(Avg(V(r => r.ChanceFalsePositiveRate))), F(m), F(ci),
                F(Avg(half), "F1"), $"{half.Length}/{g.Rows.Count}", F(Avg(patterns), "F0"), F(Avg(V(r => r.Coverage))), F(Avg(V(r => r.KlReferenceGen))),
            ];
        }), "sweep-convergence");
    }

    /// <summary>
    /// Each run's curve is a step function (its latest value at or before t); they are sampled on one time grid from
    /// the latest first point to the earliest last point, so every sample averages every run.
    /// </summary>
    public static MeanCurve Mean(string point, IReadOnlyList<List<(double T, double V)>> curves, int samples = Samples)
    {
        var usable = curves.Where(c => c.Count > 0).ToList();
        if (usable.Count == 0) return new MeanCurve(point, 0, [], [], [], []);
        double start = usable.Max(c => c[0].T), end = usable.Min(c => c[^1].T);
        int n = end > start ? Math.Max(2, samples) : 1;
        var t = new double[n];
        var mean = new double[n];
        var lo = new double[n];
        var hi = new double[n];
        var values = new double[usable.Count];
        for (int k = 0; k < n; k++)
        {
            t[k] = n == 1 ? start : start + (end - start) * k / (n - 1);
            for (int j = 0; j < usable.Count; j++) values[j] = At(usable[j], t[k]);
            var (m, ci) = MeanCi(values);
            mean[k] = m ?? 0;
            lo[k] = mean[k] - (ci ?? 0);
            hi[k] = mean[k] + (ci ?? 0);
        }
        return new MeanCurve(point, usable.Count, t, mean, lo, hi);
    }

    private static double At(List<(double T, double V)> c, double t)
    {
        double v = c[0].V;
        foreach (var (ct, cv) in c) { if (ct > t + 1e-9) break; v = cv; }
        return v;
    }

    public static (double? Mean, double? HalfWidth) MeanCi(IReadOnlyList<double> xs)
    {
        if (xs.Count == 0) return (null, null);
        double m = xs.Average();
        if (xs.Count < 2) return (m, null); // one seed says nothing about spread
        double sd = Math.Sqrt(xs.Sum(x => (x - m) * (x - m)) / (xs.Count - 1));
        // Student's t, not the normal 1.96: with 3 seeds the normal band would be 2.2× too narrow.
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, xs.Count - 1, 0.975);
        return (m, t * sd / Math.Sqrt(xs.Count));
    }

    private static string F(double? v, string f = "F4") => SessionAnalysis.Format(v, f);

    /// <summary>The columns of the baseline table (<see cref="ComparisonCells"/>).</summary>
    public static IReadOnlyList<string> ComparisonHeader { get; } =
        ["measure", "grid point", "difference", "95 % CI", "runs", "mean ± SD", "baseline mean ± SD", "p (exact)", "Welch p", "verdict"];

    /// <summary>One comparison as table cells: the effect and its interval first, then the groups, the two tests and the verdict.</summary>
    public static IReadOnlyList<string> ComparisonCells(BaselineComparison c) =>
    [
        c.Metric, c.Group, F(c.Difference), c.CiLower is null ? "—" : $"[{F(c.CiLower)}, {F(c.CiUpper)}]",
        c.Missing > 0 ? $"{c.N} (+{c.Missing} without)" : c.N.ToString(CultureInfo.InvariantCulture),
        $"{F(c.Mean)} ± {F(c.Sd)}", $"{F(c.BaselineMean)} ± {F(c.BaselineSd)}", P(c.P), P(c.WelchP), c.Verdict,
    ];

    /// <summary>A p-value as the tables print it: three decimals, or scientific below 0.001; "—" for none.</summary>
    public static string P(double? p) => p is double v ? (v < 0.001 ? v.ToString("0.0e0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture)) : "—";

    /// <summary>
    /// The grid point named by <paramref name="baseline"/>, the same way in every command: a point exactly as the
    /// report names it (e.g. "listener.kind=none"), else the one point of that short label
    /// (<see cref="Analysis.SweepAnalysis.LabelOf"/>, e.g. "none"), else the one point holding every given "key=value"
    /// term (comma-separated, e.g. "listener.kind=none" in a grid of two keys when only one point matches). Throws
    /// naming the points and their labels otherwise.
    /// </summary>
    public static string FindGroup(IReadOnlyList<SweepRow> rows, string baseline)
    {
        var points = rows.GroupBy(r => r.Point).Select(g => (Point: g.Key, Label: Analysis.SweepAnalysis.LabelOf(g.First()))).ToList();
        if (points.Any(p => p.Point == baseline)) return baseline;
        var byLabel = points.Where(p => p.Label == baseline).ToList();
        if (byLabel.Count == 1) return byLabel[0].Point;
        var terms = baseline.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var matches = points.Where(p =>
        {
            var parts = p.Point.Split(", ");
            return terms.All(t => parts.Contains(t));
        }).Select(p => p.Point).ToList();
        if (matches.Count == 1) return matches[0];
        if (matches.Count == 0 && byLabel.Count > 1) matches = [.. byLabel.Select(p => p.Point)];
        throw new ArgumentException(matches.Count == 0
            ? $"--baseline '{baseline}' names no grid point of this sweep. Fix: use one of: {string.Join("; ", points.Select(p => p.Label == p.Point ? p.Point : $"{p.Point} (or {p.Label})"))}."
            : $"--baseline '{baseline}' matches {matches.Count} grid points ({string.Join("; ", matches)}). Fix: name one exactly.");
    }

    /// <summary>
    /// Every grid point other than the baseline against it, on every convergence metric that at least one row carries
    /// (in <see cref="SweepRow.ConvergenceColumns"/> order, then grid order). Deterministic: the Monte Carlo test
    /// (only for large groups) is seeded with <paramref name="seed"/>.
    /// </summary>
    public static IReadOnlyList<BaselineComparison> Compare(IReadOnlyList<SweepRow> rows, string baseline, ulong seed = 1)
    {
        string basePoint = FindGroup(rows, baseline);
        var groups = rows.GroupBy(r => r.Point).ToList(); // first appearance: the sweep's stable order
        var baseRows = groups.Single(g => g.Key == basePoint).ToList();
        var result = new List<BaselineComparison>();
        foreach (string metric in SweepRow.ConvergenceColumns)
        {
            if (!rows.Any(r => r.Convergence(metric) is not null)) continue;
            var b = baseRows.Select(r => r.Convergence(metric)).OfType<double>().ToArray();
            foreach (var g in groups)
            {
                if (g.Key == basePoint) continue;
                var a = g.Select(r => r.Convergence(metric)).OfType<double>().ToArray();
                result.Add(CompareOne(metric, g.Key, a, g.Count() - a.Length, b, seed));
            }
        }
        return result;
    }

    /// <summary>
    /// One group's values of one measure against the baseline's (runs without a value already left out and counted in
    /// <paramref name="missing"/>): mean ± SD, Welch interval, permutation p, Welch's p and the verdict. The verdict
    /// says what the design can show: when the permutation test cannot reach <see cref="Alpha"/> with these group
    /// sizes (3 + 3 seeds: its least p is 0.1), it reads "too few runs to test", never "not distinguishable".
    /// <see cref="Compare"/> uses it per convergence column; <see cref="Analysis.SweepAnalysis"/> for measures it
    /// derives itself (e.g. the false-positive rate at 10 minutes).
    /// </summary>
    public static BaselineComparison CompareOne(string metric, string group, double[] a, int missing, double[] b, ulong seed = 1)
    {
        static double? M(double[] x) => x.Length == 0 ? null : Analysis.Statistics.Mean(x);
        static double? S(double[] x) => x.Length < 2 ? null : Analysis.Statistics.StandardDeviation(x);
        double? diff = a.Length > 0 && b.Length > 0 ? M(a) - M(b) : null;
        bool testable = a.Length >= MinSeedsForTest && b.Length >= MinSeedsForTest;
        Analysis.DifferenceInterval? ci = testable ? Analysis.Statistics.WelchInterval(a, b) : null;
        Analysis.WelchTestResult? welch = testable ? Analysis.Statistics.WelchTest(a, b) : null;
        Analysis.PermutationTestResult? test = testable ? Analysis.Statistics.PermutationTest(a, b, seed) : null;
        double? least = a.Length > 0 && b.Length > 0 ? Analysis.Statistics.LeastAttainableP(a.Length, b.Length) : null;
        string level = Alpha.ToString(CultureInfo.InvariantCulture);
        string welchText = welch is null ? "" : $"; Welch p = {P(welch.P)}";
        string verdict;
        if (a.Length == 0 || b.Length == 0)
        {
            string who = a.Length == 0 && b.Length == 0 ? "this group has 0 and the baseline 0"
                : a.Length == 0 ? "this group has 0" : $"the baseline has 0";
            verdict = $"no test: no run with a value ({who})";
        }
        else if (test is null || least > Alpha)
        {
            string sizes = $"{a.Length} and {b.Length} here";
            string why = test is null ? $"Welch's test needs {MinSeedsForTest} a side" : $"the exact test's least p is {P(least)}";
            verdict = $"too few runs to test at {level}: {Analysis.Statistics.RunsPerGroupNeeded(Alpha)} per group needed ({sizes}; {why}{welchText})";
        }
        else
        {
            string p = P(test.P);
            verdict = test.P >= Alpha ? $"not distinguishable from the baseline (p = {p}{welchText})"
                : $"{(test.Difference < 0 ? "below" : "above")} the baseline (p = {p}{welchText})";
        }
        return new BaselineComparison(metric, group, a.Length, missing, M(a), S(a), b.Length, M(b), S(b), diff,
            ci?.Lower, ci?.Upper, test?.P, test?.Exact ?? false, welch?.P, least, verdict);
    }

    /// <summary>The comparison as plain text lines, for the console.</summary>
    public static IEnumerable<string> Describe(IReadOnlyList<BaselineComparison> comparisons, string basePoint)
    {
        yield return $"against the baseline {basePoint}:";
        if (comparisons.Count == 0) yield return "  no run carries a convergence measure (runs written before them have none)";
        // The effect and its interval first: they say how large the difference is, whatever the test can show.
        foreach (var c in comparisons)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  {c.Metric}, {c.Group}: difference {F(c.Difference)}{(c.CiLower is null ? "" : $", 95 % CI [{F(c.CiLower)}, {F(c.CiUpper)}]")} ({F(c.Mean)} ± {F(c.Sd)}, n {c.N} vs {F(c.BaselineMean)} ± {F(c.BaselineSd)}, n {c.BaselineN}): {c.Verdict}");
    }
}
