using System.Text.Json.Nodes;
using ActionPerception.Simulations.Sweeps;

namespace ActionPerception.Simulations.Analysis;

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
