using ActionPerception.Agents.Numerics;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents.Numerics;

public class ExpWeightedChoiceTests
{
    [Fact]
    public void Exp_estimates_are_within_the_stated_relative_error()
    {
        var rng = new SeededRandom(8);
        var x = new double[256];
        var e = new double[256];
        for (int trial = 0; trial < 100; trial++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = (rng.Uniform() - 0.5) * 1400;
            ExpEstimate.Estimates(x, e);
            for (int i = 0; i < x.Length; i++)
                Assert.True(Math.Abs(e[i] / Math.Exp(x[i]) - 1) < ExpEstimate.RelativeError, $"exp({x[i]}): {e[i]} vs {Math.Exp(x[i])}");
        }
    }

    private static double[] Exponents(SeededRandom rng, int count, double spread)
    {
        var x = new double[ExpEstimate.Padded(count)];
        for (int i = 0; i < count; i++) x[i] = -rng.Uniform() * spread;
        x[rng.NextIndex(count)] = 0; // shifted by the maximum, as the active sampler does
        return x;
    }

    [Fact]
    public void The_choice_is_the_reference_choice_for_any_uniform()
    {
        var rng = new SeededRandom(9);
        foreach (int count in new[] { 2, 8, 64, 256 })
            for (int trial = 0; trial < 300; trial++)
            {
                var x = Exponents(rng, count, trial % 3 == 0 ? 2000 : 20);
                var cumulative = new double[count];
                var estimates = new double[x.Length];
                double u = rng.Uniform();
                int reference = ExpWeightedChoice.Exact(x.AsSpan(0, count), cumulative, u);
                Assert.Equal(reference, ExpWeightedChoice.Choose(x, count, cumulative, estimates, u));
            }
    }

    [Fact]
    public void At_a_boundary_the_estimates_defer_and_the_choice_is_still_the_reference()
    {
        var rng = new SeededRandom(10);
        int deferred = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            int count = 64;
            var x = Exponents(rng, count, 10);
            var exact = new double[count];
            var cumulative = new double[count];
            var estimates = new double[x.Length];
            ExpWeightedChoice.Exact(x.AsSpan(0, count), exact, 0);
            double total = exact[^1];
            int k = rng.NextIndex(count - 1);
            // Uniforms that put u·total on an exact cumulative weight and one ulp to either side.
            double at = exact[k] / total;
            foreach (double u in new[] { at, Math.BitDecrement(at), Math.BitIncrement(at) })
            {
                if (u >= 1) continue;
                int reference = ExpWeightedChoice.Exact(x.AsSpan(0, count), new double[count], u);
                if (ExpWeightedChoice.Estimated(x, count, cumulative, estimates, u) < 0) deferred++;
                Assert.Equal(reference, ExpWeightedChoice.Choose(x, count, cumulative, estimates, u));
            }
        }
        Assert.True(deferred > 800, $"only {deferred} of 900 boundary uniforms were deferred to the exact weights");
    }

    [Fact]
    public void Exponents_that_are_not_finite_are_decided_exactly()
    {
        double[] x = [0, double.NaN, -1, -2];
        Assert.Equal(-1, ExpWeightedChoice.Estimated(x, 4, new double[4], new double[4], 0.3));
        Assert.Equal(ExpWeightedChoice.Exact(x, new double[4], 0.3), ExpWeightedChoice.Choose(x, 4, new double[4], new double[4], 0.3));
    }
}
