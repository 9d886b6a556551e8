using ActionPerception.Agents.Helmholtz;

namespace ActionPerception.Agents.Tastes;

/// <summary>
/// How close a generator's exact distribution is to a set-like reference taste: the false-positive rate (mass
/// outside the set), KL(reference‖gen) with the reference uniform over its set, coverage (the share of the set's
/// patterns holding at least half of their uniform share of generator mass) and the generator's entropy in nats.
/// </summary>
public readonly record struct ConvergenceMeasures(double FalsePositiveRate, double KlReferenceGen, double Coverage, double Entropy)
{
    public static ConvergenceMeasures Of(ReadOnlySpan<double> generator, Taste reference)
    {
        if (reference.Support is not { } support)
            throw new ArgumentException($"the reference taste '{reference.Name}' is not a set of patterns; use a set-like taste such as well-formed.");
        if (generator.Length != support.Count)
            throw new ArgumentException($"the generator has {generator.Length} patterns but the reference {support.Count}.");
        int size = 0;
        for (int i = 0; i < support.Count; i++) if (support[i]) size++;
        double share = 1.0 / size, outside = 0, kl = 0;
        int covered = 0;
        for (int i = 0; i < generator.Length; i++)
        {
            double g = generator[i];
            if (!support[i]) { outside += g; continue; }
            // A reference pattern the generator cannot produce makes KL infinite: reported as such (null in the log).
            kl += g > 0 ? share * Math.Log(share / g) : double.PositiveInfinity;
            if (g >= 0.5 * share) covered++;
        }
        return new ConvergenceMeasures(outside, kl, (double)covered / size, Divergence.Entropy(generator));
    }
}
