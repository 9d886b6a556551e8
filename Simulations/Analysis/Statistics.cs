using ActionPerception.Agents.Randomness;

namespace ActionPerception.Simulations.Analysis;

/// <summary>The result of a two-sample permutation test of means.</summary>
/// <param name="Difference">mean(a) − mean(b), observed.</param>
/// <param name="P">Two-sided p-value: the share of relabellings whose |difference| is at least the observed one.</param>
/// <param name="Exact">True when every relabelling was enumerated; false for a seeded Monte Carlo sample.</param>
/// <param name="Permutations">Relabellings counted: C(n₁+n₂, n₁) when exact, else the Monte Carlo sample size.</param>
public sealed record PermutationTestResult(double Difference, double P, bool Exact, long Permutations);

/// <summary>Welch's two-sample t-test of equal means (unequal variances).</summary>
/// <param name="T">(mean(a) − mean(b)) / √(s²ₐ/nₐ + s²_b/n_b); infinite when neither group has spread but the means differ.</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite ν.</param>
/// <param name="P">Two-sided p-value from Student's t with ν degrees of freedom.</param>
public sealed record WelchTestResult(double Difference, double T, double DegreesOfFreedom, double P);

/// <summary>A confidence interval of a difference of means.</summary>
public sealed record DifferenceInterval(double Difference, double Lower, double Upper, double Level, double DegreesOfFreedom);

/// <summary>
/// Statistics for comparing sweep groups across seeds. Pure and deterministic: Monte Carlo draws come from a
/// <see cref="SeededRandom"/> of the given seed, so the same data give the same p-value.
/// </summary>
public static class Statistics
{
    /// <summary>Enumerate every relabelling when there are at most this many; otherwise sample.</summary>
    public const long ExactLimit = 20_000;
    /// <summary>Monte Carlo relabellings when enumeration is too large.</summary>
    public const int MonteCarloPermutations = 10_000;

    public static double Mean(IReadOnlyList<double> xs) => xs.Count == 0 ? double.NaN : xs.Sum() / xs.Count;

    /// <summary>Sample standard deviation (n − 1); NaN for fewer than two values.</summary>
    public static double StandardDeviation(IReadOnlyList<double> xs)
    {
        if (xs.Count < 2) return double.NaN;
        double m = Mean(xs);
        return Math.Sqrt(xs.Sum(x => (x - m) * (x - m)) / (xs.Count - 1));
    }

    /// <summary>C(n, k) as a double (exact for the sizes compared with <see cref="ExactLimit"/>).</summary>
    public static double Binomial(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        k = Math.Min(k, n - k);
        double c = 1;
        for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return Math.Round(c);
    }

    /// <summary>
    /// Two-sided permutation test of equal means: the pooled values are relabelled into groups of the original sizes,
    /// and p is the share of relabellings with |mean(a′) − mean(b′)| ≥ |observed| (a relative tolerance of 1e-12 keeps
    /// ties with the observed split). Exact enumeration when C(n₁+n₂, n₁) ≤ <paramref name="exactLimit"/> (the observed
    /// labelling is among them, so p ≥ 1/C); otherwise <paramref name="permutations"/> seeded random relabellings with
    /// the +1 correction, p = (count + 1)/(permutations + 1). Needs at least one value in each group.
    /// </summary>
    public static PermutationTestResult PermutationTest(IReadOnlyList<double> a, IReadOnlyList<double> b, ulong seed = 1,
        long exactLimit = ExactLimit, int permutations = MonteCarloPermutations)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0) throw new ArgumentException("each group needs at least one value.");
        if (a.Concat(b).Any(v => !double.IsFinite(v))) throw new ArgumentException("the values must be finite numbers.");
        if (permutations < 1) throw new ArgumentOutOfRangeException(nameof(permutations), permutations, "at least one permutation.");
        int n1 = a.Count, n = a.Count + b.Count;
        var pooled = a.Concat(b).ToArray();
        double total = pooled.Sum();
        double Diff(double sumA) => sumA / n1 - (total - sumA) / (n - n1);
        double observed = Diff(a.Sum());
        double scale = pooled.Max(Math.Abs);
        double bound = Math.Abs(observed) - 1e-12 * Math.Max(scale, 1e-300);

        double combinations = Binomial(n, n1);
        if (combinations <= exactLimit)
        {
            // Every n1-subset of the n pooled indices, in lexicographic order.
            var idx = Enumerable.Range(0, n1).ToArray();
            long count = 0, seen = 0;
            while (true)
            {
                double s = 0;
                foreach (int i in idx) s += pooled[i];
                seen++;
                if (Math.Abs(Diff(s)) >= bound) count++;
                int k = n1 - 1;
                while (k >= 0 && idx[k] == n - n1 + k) k--;
                if (k < 0) break;
                idx[k]++;
                for (int j = k + 1; j < n1; j++) idx[j] = idx[j - 1] + 1;
            }
            return new PermutationTestResult(observed, (double)count / seen, true, seen);
        }
        var rng = new SeededRandom(seed);
        var work = (double[])pooled.Clone();
        long hits = 0;
        for (int r = 0; r < permutations; r++)
        {
            // A partial Fisher–Yates shuffle: the first n1 places are a uniform random n1-subset.
            double s = 0;
            for (int i = 0; i < n1; i++)
            {
                int j = i + rng.NextIndex(n - i);
                (work[i], work[j]) = (work[j], work[i]);
                s += work[i];
            }
            if (Math.Abs(Diff(s)) >= bound) hits++;
        }
        return new PermutationTestResult(observed, (hits + 1.0) / (permutations + 1.0), false, permutations);
    }

    /// <summary>
    /// The smallest p-value the two-sided permutation test of <see cref="PermutationTest"/> can give for groups of
    /// <paramref name="n1"/> and <paramref name="n2"/> values, whatever the values: when enumerated, the most extreme
    /// split over C(n₁+n₂, n₁) relabellings, counted twice for equal groups (its mirror has the same |difference|);
    /// when sampled, 1/(permutations + 1). A design whose least p is above the level cannot reject at that level, so
    /// a p at or above it says nothing about the groups.
    /// </summary>
    public static double LeastAttainableP(int n1, int n2, long exactLimit = ExactLimit, int permutations = MonteCarloPermutations)
    {
        if (n1 < 1 || n2 < 1) return 1;
        double combinations = Binomial(n1 + n2, n1);
        if (combinations > exactLimit) return 1.0 / (permutations + 1.0);
        return Math.Min(1, (n1 == n2 ? 2 : 1) / combinations);
    }

    /// <summary>
    /// The fewest values per group (equal groups, at least 2 for Welch's test) with which the permutation test can
    /// reach p ≤ <paramref name="level"/>: 4 at 0.05 (2/C(8, 4) = 0.029), 5 at 0.01.
    /// </summary>
    public static int RunsPerGroupNeeded(double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "a level in (0, 1).");
        int n = 2;
        while (LeastAttainableP(n, n) > level) n++;
        return n;
    }

    /// <summary>
    /// Welch's t-test of equal means, two-sided: t = (mean(a) − mean(b)) / √(s²ₐ/nₐ + s²_b/n_b) against Student's t
    /// with the Welch–Satterthwaite degrees of freedom. Shown beside the exact permutation test: it leans on normality,
    /// but its p is not bounded below by the number of relabellings. Needs at least two values in each group; when
    /// neither group has spread, p is 1 for equal means and 0 otherwise.
    /// </summary>
    public static WelchTestResult WelchTest(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count < 2 || b.Count < 2) throw new ArgumentException("each group needs at least two values for Welch's test.");
        double d = Mean(a) - Mean(b);
        double va = Math.Pow(StandardDeviation(a), 2) / a.Count, vb = Math.Pow(StandardDeviation(b), 2) / b.Count;
        double se2 = va + vb;
        if (!(se2 > 0))
            return new WelchTestResult(d, d == 0 ? 0 : d > 0 ? double.PositiveInfinity : double.NegativeInfinity, a.Count + b.Count - 2, d == 0 ? 1 : 0);
        double df = se2 * se2 / (va * va / (a.Count - 1) + vb * vb / (b.Count - 1));
        double t = d / Math.Sqrt(se2);
        double p = 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, df, -Math.Abs(t));
        return new WelchTestResult(d, t, df, Math.Min(1, p));
    }

    /// <summary>
    /// Welch's confidence interval of mean(a) − mean(b): difference ± t(level, ν)·√(s²ₐ/nₐ + s²_b/n_b), with the
    /// Welch–Satterthwaite degrees of freedom ν. Student's t rather than a bootstrap: with 3–5 seeds per group a
    /// percentile bootstrap is far too narrow. Needs at least two values in each group; when both groups have no spread
    /// the interval is the difference itself.
    /// </summary>
    public static DifferenceInterval WelchInterval(IReadOnlyList<double> a, IReadOnlyList<double> b, double level = 0.95)
    {
        if (a.Count < 2 || b.Count < 2) throw new ArgumentException("each group needs at least two values for an interval.");
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "a level in (0, 1).");
        double d = Mean(a) - Mean(b);
        double va = Math.Pow(StandardDeviation(a), 2) / a.Count, vb = Math.Pow(StandardDeviation(b), 2) / b.Count;
        double se2 = va + vb;
        if (!(se2 > 0)) return new DifferenceInterval(d, d, d, level, a.Count + b.Count - 2);
        double df = se2 * se2 / (va * va / (a.Count - 1) + vb * vb / (b.Count - 1));
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df, 0.5 + level / 2);
        double half = t * Math.Sqrt(se2);
        return new DifferenceInterval(d, d - half, d + half, level, df);
    }
}
