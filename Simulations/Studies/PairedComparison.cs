using ActionPerception.Agents.Randomness;
using MathNet.Numerics.Distributions;

namespace ActionPerception.Simulations.Studies;

/// <summary>
/// A paired comparison (condition B − condition A within each participant, or person − fitted twin): the mean
/// difference with its Student-t interval, the standardised effect d_z = mean / sd of the differences, and a
/// two-sided sign-flip permutation test. Exact (all 2^n sign patterns) up to n = <see cref="ExactLimit"/> pairs,
/// where the least p the design can reach is 2 / 2^n (both all-same-sign patterns); beyond, seeded random flips
/// with the +1 correction.
/// </summary>
public sealed record PairedComparison(int Pairs, double MeanDifference, double? Lower, double? Upper, double? EffectSize, double P,
    double LeastAttainableP, bool Exact)
{
    public const int ExactLimit = 20;
    public const int RandomFlips = 20_000;

    public static PairedComparison Of(IReadOnlyList<double> differences, double level = 0.95, ulong seed = 1)
    {
        int n = differences.Count;
        if (n == 0) throw new ArgumentException("a paired comparison needs at least one pair");
        if (differences.Any(d => !double.IsFinite(d))) throw new ArgumentException("the differences must be finite");
        double mean = differences.Average();
        double sd = n > 1 ? Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (n - 1)) : double.NaN;
        // One pair has no spread to make an interval of: null, not NaN (JSON has no NaN).
        double? half = n > 1 ? StudentT.InvCDF(0, 1, n - 1, 1 - (1 - level) / 2) * sd / Math.Sqrt(n) : null;
        double? effect = n > 1 && sd > 0 ? mean / sd : null;
        var (p, exact) = SignFlipP(differences, seed);
        double least = n <= ExactLimit ? Math.Min(1, 2.0 / Math.Pow(2, n)) : 1.0 / (RandomFlips + 1);
        return new PairedComparison(n, mean, mean - half, mean + half, effect, p, least, exact);
    }

    /// <summary>P(|Σ s_i d_i| ≥ |Σ d_i|) over the sign patterns s (a relative tolerance keeps ties with the observed one).</summary>
    public static (double P, bool Exact) SignFlipP(IReadOnlyList<double> d, ulong seed = 1, int exactLimit = ExactLimit, int flips = RandomFlips)
    {
        int n = d.Count;
        double observed = Math.Abs(d.Sum());
        double bound = observed - 1e-12 * Math.Max(d.Select(Math.Abs).DefaultIfEmpty(0).Max(), 1e-300);
        if (n <= exactLimit)
        {
            long count = 0, total = 1L << n;
            for (long mask = 0; mask < total; mask++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += (mask >> i & 1) == 1 ? -d[i] : d[i];
                if (Math.Abs(s) >= bound) count++;
            }
            return ((double)count / total, true);
        }
        var rng = new SeededRandom(seed);
        long hits = 0;
        for (int r = 0; r < flips; r++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += rng.NextDouble() < 0.5 ? -d[i] : d[i];
            if (Math.Abs(s) >= bound) hits++;
        }
        return ((hits + 1.0) / (flips + 1.0), false);
    }
}
