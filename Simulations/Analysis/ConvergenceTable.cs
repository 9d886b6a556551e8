using System.Globalization;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Sweeps;

namespace ActionPerception.Simulations.Analysis;

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
        var tests = a.ConvergenceComparisons(basePoint, times);
        IReadOnlyList<BaselineComparison> Of(string metric) => [.. tests.Where(c => c.Metric == metric)];
        foreach (double t in times)
            cols.Add((SweepAnalysis.FalsePositiveMetric(t), a.FalsePositiveAt(t), Of(SweepAnalysis.FalsePositiveMetric(t)), "F3"));
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
