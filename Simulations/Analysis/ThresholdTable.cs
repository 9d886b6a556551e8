using System.Globalization;
using ActionPerception.Simulations.Sweeps;

namespace ActionPerception.Simulations.Analysis;

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
