namespace ActionPerception.Agents.Tastes;

/// <summary>
/// The generator's distance to a reference set, exactly, from its exact pattern distribution (no sampling). The
/// reference is uniform over its set S (size |S|):
/// <list type="bullet">
/// <item><see cref="FalsePositiveRate"/>: generator mass outside S (the author's headline figure);</item>
/// <item><see cref="KlReferenceGen"/>: KL(reference‖gen) = Σ_{i∈S} (1/|S|)·(ln(1/|S|) − ln max(gen_i, 1e-300)), in nats.
/// Exact (no ε inside the logs, unlike <c>Divergence.KL</c>'s 1e-8), except that a generator probability below
/// <see cref="ProbabilityFloor"/> (in particular 0) counts as the floor, so the KL stays finite (at most about
/// 690.8 nats) and JSON can carry it: a value above ~600 means the generator gives some member no mass at all;</item>
/// <item><see cref="Coverage"/>: the share of S holding at least half its uniform share of generator mass,
/// gen_i ≥ 0.5/|S|; 1 when the generator spreads over all of S, small when it has collapsed onto a part of it;</item>
/// <item><see cref="Entropy"/>: the generator's entropy in nats (0·ln 0 = 0).</item>
/// </list>
/// Computing them allocates nothing; the rate and the entropy come from their homes, <see cref="Taste.FalsePositiveRate(ReadOnlySpan{double}, ReadOnlySpan{bool})"/>
/// and <see cref="Helmholtz.Divergence.Entropy"/>.
/// </summary>
public readonly record struct ConvergenceMeasures(double FalsePositiveRate, double KlReferenceGen, double Coverage, double Entropy)
{
    /// <summary>The least generator probability a log is taken of in <see cref="KlReferenceGen"/>.</summary>
    public const double ProbabilityFloor = 1e-300;

    /// <summary>A member of S is covered when it holds at least this fraction of its uniform share 1/|S|.</summary>
    public const double CoverageShare = 0.5;

    /// <summary>The measures of <paramref name="generator"/> (sums to 1) toward the set <paramref name="reference"/> (same length, not empty).</summary>
    public static ConvergenceMeasures Compute(ReadOnlySpan<double> generator, ReadOnlySpan<bool> reference)
    {
        if (generator.Length != reference.Length)
            throw new ArgumentException($"The generator's distribution has {generator.Length} entries; the reference set has {reference.Length}.");
        int size = 0;
        double sumLog = 0;
        for (int i = 0; i < generator.Length; i++)
            if (reference[i])
            {
                size++;
                sumLog += Math.Log(Math.Max(generator[i], ProbabilityFloor));
            }
        if (size == 0) throw new ArgumentException("The reference set is empty: it must hold at least one pattern.", nameof(reference));
        double threshold = CoverageShare / size;
        int covered = 0;
        for (int i = 0; i < generator.Length; i++)
            if (reference[i] && generator[i] >= threshold) covered++;
        // Σ_{i∈S} (1/|S|)(ln(1/|S|) − ln g_i) = −ln|S| − mean_{i∈S} ln g_i.
        double kl = -Math.Log(size) - sumLog / size;
        return new ConvergenceMeasures(Taste.FalsePositiveRate(generator, reference), kl, (double)covered / size, Helmholtz.Divergence.Entropy(generator));
    }

    /// <summary>The measures toward a <see cref="ReferenceSet"/>.</summary>
    public static ConvergenceMeasures Compute(ReadOnlySpan<double> generator, ReferenceSet reference) => Compute(generator, reference.Support);
}
