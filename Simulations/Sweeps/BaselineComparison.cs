namespace ActionPerception.Simulations.Sweeps;

/// <summary>
/// One grid point against the baseline grid point on one convergence metric, across seeds (runs without a value,
/// e.g. a time to half chance never reached, are left out and counted in <see cref="Missing"/>).
/// </summary>
/// <param name="Metric">A convergence column, camelCase (<see cref="SweepRow.ConvergenceColumns"/>).</param>
/// <param name="Group">The grid point compared.</param>
/// <param name="N">Runs of the group with a value.</param>
/// <param name="Missing">Runs of the group without a value.</param>
/// <param name="Difference">mean(group) − mean(baseline).</param>
/// <param name="CiLower">Lower end of the 95 % Welch interval of the difference (null with fewer than 2 values a side).</param>
/// <param name="P">Two-sided permutation p-value (null with fewer than <see cref="SweepReport.MinSeedsForTest"/> values a side).</param>
/// <param name="Exact">Whether p came from enumerating every relabelling (else 10 000 seeded ones).</param>
/// <param name="WelchP">Two-sided p of Welch's t-test, beside the exact one (null with fewer than 2 values a side).</param>
/// <param name="LeastP">The least p the permutation test can give with these group sizes
/// (<see cref="Analysis.Statistics.LeastAttainableP"/>); above <see cref="SweepReport.Alpha"/> the design cannot test.</param>
/// <param name="Verdict">The sentence for the reader, e.g. "not distinguishable from the baseline (p = 0.69; Welch p = 0.71)"
/// or "too few runs to test at 0.05: 4 per group needed (…)".</param>
public sealed record BaselineComparison(
    string Metric,
    string Group,
    int N,
    int Missing,
    double? Mean,
    double? Sd,
    int BaselineN,
    double? BaselineMean,
    double? BaselineSd,
    double? Difference,
    double? CiLower,
    double? CiUpper,
    double? P,
    bool Exact,
    double? WelchP,
    double? LeastP,
    string Verdict);
