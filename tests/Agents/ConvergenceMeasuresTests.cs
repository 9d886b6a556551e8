using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Tests.Agents;

public class ConvergenceMeasuresTests
{
    /// <summary>The definitions written out plainly, as a reader would check them by hand.</summary>
    private static (double Fp, double Kl, double Coverage, double Entropy) ByHand(double[] gen, bool[] set)
    {
        var members = Enumerable.Range(0, gen.Length).Where(i => set[i]).ToList();
        double q = 1.0 / members.Count;
        double fp = Enumerable.Range(0, gen.Length).Where(i => !set[i]).Sum(i => gen[i]);
        double kl = members.Sum(i => q * Math.Log(q / Math.Max(gen[i], 1e-300)));
        double coverage = members.Count(i => gen[i] >= 0.5 * q) / (double)members.Count;
        double h = gen.Where(g => g > 0).Sum(g => -g * Math.Log(g));
        return (fp, kl, coverage, h);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(7UL)]
    [InlineData(42UL)]
    public void The_measures_of_a_small_machine_match_their_definitions(ulong seed)
    {
        var m = new HelmholtzMachine(new MachineSettings { Init = WeightInit.Random, Layers = [4, 3, 2, 1] }, new SeededRandom(seed));
        var exact = new ExactDistributions(m.Layers);
        exact.ComputeGenerative(m);
        var gen = exact.Patterns.ToArray();
        Assert.Equal(1.0, gen.Sum(), 12);
        var rng = new SeededRandom(seed + 100);
        var set = new bool[16];
        for (int i = 0; i < 16; i++) set[i] = rng.Bernoulli(0.4);
        set[3] = true;
        var hand = ByHand(gen, set);
        var c = ConvergenceMeasures.Compute(gen, set);
        Assert.Equal(hand.Fp, c.FalsePositiveRate, 12);
        Assert.Equal(hand.Kl, c.KlReferenceGen, 12);
        Assert.Equal(hand.Coverage, c.Coverage, 12);
        Assert.Equal(hand.Entropy, c.Entropy, 12);
        Assert.Equal(hand.Entropy, Divergence.Entropy(gen), 12);
        // The false-positive rate is the taste's own figure.
        var taste = new Taste("t", 4, set.Select(b => b ? 1.0 : 0).ToArray(), set, "test");
        Assert.Equal(taste.FalsePositiveRate(gen), c.FalsePositiveRate, 12);
    }

    [Fact]
    public void A_generator_uniform_over_the_set_is_at_zero_KL_full_coverage_and_no_false_positives()
    {
        var set = new bool[16];
        foreach (int i in new[] { 1, 4, 9, 12 }) set[i] = true;
        var gen = set.Select(b => b ? 0.25 : 0).ToArray();
        var c = ConvergenceMeasures.Compute(gen, set);
        Assert.Equal(0, c.FalsePositiveRate);
        Assert.Equal(0, c.KlReferenceGen, 14);
        Assert.Equal(1, c.Coverage);
        Assert.Equal(Math.Log(4), c.Entropy, 14);
    }

    [Fact]
    public void A_member_with_no_generator_mass_gives_a_finite_KL_at_the_floor_and_is_not_covered()
    {
        var set = new bool[4];
        set[0] = set[1] = true;
        double[] gen = [1.0, 0, 0, 0];
        var c = ConvergenceMeasures.Compute(gen, set);
        Assert.True(double.IsFinite(c.KlReferenceGen));
        Assert.Equal(0.5 * Math.Log(0.5) + 0.5 * (Math.Log(0.5) - Math.Log(ConvergenceMeasures.ProbabilityFloor)), c.KlReferenceGen, 9);
        Assert.True(c.KlReferenceGen > 300);
        Assert.Equal(0.5, c.Coverage);
        Assert.Equal(0, c.Entropy);
        // Exactly half the uniform share is covered; a hair less is not.
        Assert.Equal(1, ConvergenceMeasures.Compute([0.25, 0.75, 0, 0], set).Coverage);
        Assert.Equal(0.5, ConvergenceMeasures.Compute([0.2499999, 0.7500001, 0, 0], set).Coverage);
    }

    [Fact]
    public void An_empty_set_or_a_size_mismatch_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ConvergenceMeasures.Compute([0.5, 0.5], new bool[2]));
        Assert.Throws<ArgumentException>(() => ConvergenceMeasures.Compute([0.5, 0.5], new bool[4]));
        Assert.Throws<ArgumentException>(() => new ReferenceSet("empty", new bool[4], "test"));
    }

    [Fact]
    public void Computing_the_measures_allocates_nothing()
    {
        var set = TasteCatalog.WellFormedTaste(10).Support!.ToArray();
        var gen = set.Select(b => b ? 1.0 / 256 : 0).ToArray();
        ConvergenceMeasures.Compute(gen, set);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double sum = 0;
        for (int i = 0; i < 100; i++) sum += ConvergenceMeasures.Compute(gen, set).Coverage;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(100, sum);
    }
}
