using System.Globalization;
using System.Text.Json.Nodes;
using ActionPerception.Agents.Files;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Reports;

namespace ActionPerception.Simulations.Sweeps;

/// <summary>A mean curve over the seeds of one grid point, with a 95 % confidence band (mean ± t(0.975, n−1) · SD/√n).</summary>
public sealed record MeanCurve(string Point, int Runs, double[] T, double[] Mean, double[] Lower, double[] Upper);

/// <summary>The sweep report: per grid point, mean curves over seeds with confidence bands, and a table of means.</summary>
public static class SweepReport
{
    public const int Samples = 100;

    public static string Write(string sweepDir, string? htmlPath, bool overwrite)
    {
        var (name, _, keys, rows) = SweepRunner.ReadSummary(sweepDir);
        htmlPath ??= Path.Combine(sweepDir, "sweep-report.html");
        if (File.Exists(htmlPath) && !overwrite)
            throw new IOException($"{htmlPath}: the file exists and was left untouched. Fix: choose another --out, or pass --force to replace it.");
        var sessions = rows.Select(r => (Row: r, Analysis: SessionAnalysis.Load(Path.Combine(sweepDir, r.Folder), r.Id))).ToList();
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

        var kl = groups.Select(g => Mean(g.Key, g.Select(s => s.Analysis.Epochs.Select(e => (e.T, e.KlDataGen)).ToList()).ToList())).ToList();
        // A rate's band is clipped to [0, 1]: the normal approximation knows nothing of the bounds.
        var likes = groups.Select(g => Mean(g.Key, g.Select(s => s.Analysis.Rates.Select(r => (r.T, r.LikeRate)).ToList()).ToList()))
            .Select(c => c with { Lower = [.. c.Lower.Select(v => Math.Max(0, v))], Upper = [.. c.Upper.Select(v => Math.Min(1, v))] }).ToList();
        page.Data("sweep-curves", new JsonObject
        {
            ["schemaVersion"] = 1,
            ["kl"] = System.Text.Json.JsonSerializer.SerializeToNode(kl, JsonFiles.Write),
            ["likeRate"] = System.Text.Json.JsonSerializer.SerializeToNode(likes, JsonFiles.Write),
        });
        page.Grid(
        [
            Figures.Bands("sweep-kl", "KL(data‖gen) over time, mean over seeds", "session time (s)", "KL(data‖gen) (nats)",
                kl.Select(c => (c.Point, c.T, c.Mean, c.Lower, c.Upper))),
            Figures.Bands("sweep-like-rate", $"Like rate (last {SessionAnalysis.Window} patterns), mean over seeds", "session time (s)", "like rate",
                likes.Select(c => (c.Point, c.T, c.Mean, c.Lower, c.Upper))),
        ]);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(htmlPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        SafeFile.WriteAllTextAtomically(htmlPath, page.Render(), overwrite);
        return htmlPath;
    }

    /// <summary>
    /// Each run's curve is a step function (its latest value at or before t); they are sampled on one time grid from
    /// the latest first point to the earliest last point, so every sample averages every run.
    /// </summary>
    public static MeanCurve Mean(string point, IReadOnlyList<List<(double T, double V)>> curves)
    {
        var usable = curves.Where(c => c.Count > 0).ToList();
        if (usable.Count == 0) return new MeanCurve(point, 0, [], [], [], []);
        double start = usable.Max(c => c[0].T), end = usable.Min(c => c[^1].T);
        int n = end > start ? Samples : 1;
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
}
