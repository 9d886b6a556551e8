using ActionPerception.Agents.Randomness;
using MathNet.Numerics.Distributions;

namespace ActionPerception.Simulations.Studies;

/// <summary>
/// A paired comparison (condition B − condition A within each participant, or person − fitted twin): the mean
/// difference with its Student-t interval, the standardised effect d_z = mean / sd of the differences, and a
/// two-sided sign-flip permutation test. Exact (all 2^n sign patterns) up to n = <see cref="ExactLimit"/> pairs,
/// where the least p the design can reach is 2 / 2^n (both all-same-sign patterns); beyond, seeded random flips
/// with the +1 correction. d_z has an exact interval too: the noncentral t's noncentrality δ for which the
/// observed t = d_z·√n is the 2.5th or the 97.5th percentile, divided by √n (Steiger &amp; Fouladi 1997).
/// </summary>
public sealed record PairedComparison(int Pairs, double MeanDifference, double? Lower, double? Upper, double? EffectSize, double P,
    double LeastAttainableP, bool Exact, double? EffectLower = null, double? EffectUpper = null)
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
        (double Lower, double Upper)? effectInterval = null;
        // A root the bracket cannot hold (an extreme t with one degree of freedom) leaves the interval empty, not wrong.
        try { if (effect is double dz) effectInterval = EffectInterval(dz, n, level); }
        catch (Exception e) when (e is MathNet.Numerics.NonConvergenceException or ArgumentException) { }
        return new PairedComparison(n, mean, mean - half, mean + half, effect, p, least, exact, effectInterval?.Lower, effectInterval?.Upper);
    }

    /// <summary>
    /// The interval of d_z: δ_lo and δ_hi with P(T ≤ t | ν, δ_lo) = 1 − α/2 and P(T ≤ t | ν, δ_hi) = α/2 for the
    /// observed t = d_z·√n, ν = n − 1, each divided by √n.
    /// </summary>
    public static (double Lower, double Upper) EffectInterval(double dz, int n, double level = 0.95)
    {
        if (n < 2) throw new ArgumentException("an effect interval needs at least two pairs");
        double t = dz * Math.Sqrt(n), nu = n - 1, tail = (1 - level) / 2;
        // P(T ≤ t | δ) falls as δ grows; the root is found within t ± a span that always brackets it.
        double span = 10 + 3 * Math.Abs(t);
        double Solve(double target) => MathNet.Numerics.RootFinding.Brent.FindRoot(
            delta => NoncentralTCdf(t, nu, delta) - target, t - span * (1 + 10 / nu), t + span * (1 + 10 / nu), 1e-9, 200);
        return (Solve(1 - tail) / Math.Sqrt(n), Solve(tail) / Math.Sqrt(n));
    }

    /// <summary>
    /// P(T ≤ t) of a noncentral t with ν degrees of freedom and noncentrality δ: E[Φ(t·√(X/ν) − δ)], X ~ χ²_ν,
    /// integrated over u = √X (which keeps the integrand finite at 0 for every ν ≥ 1).
    /// </summary>
    public static double NoncentralTCdf(double t, double nu, double delta)
    {
        double logNorm = (nu / 2) * Math.Log(2) + MathNet.Numerics.SpecialFunctions.GammaLn(nu / 2);
        double top = Math.Sqrt(ChiSquared.InvCDF(nu, 1 - 1e-15));
        double Integrand(double u)
        {
            if (u <= 0) return 0;
            // The χ²_ν density at u² times dX/du = 2u.
            double logDensity = (nu / 2 - 1) * Math.Log(u * u) - u * u / 2 - logNorm + Math.Log(2 * u);
            return Math.Exp(logDensity) * Normal.CDF(0, 1, t * u / Math.Sqrt(nu) - delta);
        }
        return Math.Clamp(MathNet.Numerics.Integrate.DoubleExponential(Integrand, 0, top, 1e-10), 0, 1);
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
