using ActionPerception.Agents.Numerics;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents.Numerics;

public class ExpWeightedChoiceTests
{
    private static double[] Exponents(SeededRandom rng, int count, double spread)
    {
        var x = new double[ExactExp.Padded(count)];
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
                double u = rng.Uniform();
                int reference = ExpWeightedChoice.Reference(x.AsSpan(0, count), new double[count], u);
                Assert.Equal(reference, ExpWeightedChoice.Choose(x, count, new double[x.Length], u));
            }
    }

    [Fact]
    public void At_a_boundary_the_choice_is_still_the_reference()
    {
        // Uniforms that put u·total exactly on a cumulative weight and one ulp to either side: any weight that differed in
        // its last bit from Math.Exp's would move some of these to the neighbouring state.
        var rng = new SeededRandom(10);
        for (int trial = 0; trial < 500; trial++)
        {
            int count = 64;
            var x = Exponents(rng, count, 10);
            var exact = new double[count];
            ExpWeightedChoice.Reference(x.AsSpan(0, count), exact, 0);
            int k = rng.NextIndex(count - 1);
            double at = exact[k] / exact[^1];
            foreach (double u in new[] { at, Math.BitDecrement(at), Math.BitIncrement(at) })
                if (u < 1)
                    Assert.Equal(ExpWeightedChoice.Reference(x.AsSpan(0, count), new double[count], u),
                        ExpWeightedChoice.Choose(x, count, new double[x.Length], u));
        }
    }

    [Fact]
    public void A_sharp_choice_with_runs_of_zero_weights_is_still_the_reference()
    {
        // Most weights exactly 0 (exponents below −750), in whole blocks of four and straddling them, with the few nonzero
        // ones anywhere, including only the first or only the last; uniforms at the cumulative weights and one ulp aside.
        var rng = new SeededRandom(11);
        foreach (int count in new[] { 3, 8, 37, 256 })
            for (int trial = 0; trial < 400; trial++)
            {
                var x = new double[ExactExp.Padded(count)];
                for (int i = 0; i < count; i++) x[i] = -800 - rng.Uniform() * 100;
                int live = 1 + rng.NextIndex(Math.Min(count, 4));
                for (int k = 0; k < live; k++) x[trial % 5 == 0 ? count - 1 - k : rng.NextIndex(count)] = -rng.Uniform() * 3;
                x[rng.NextIndex(count)] = trial % 7 == 0 ? -760 : x[rng.NextIndex(count)];
                var exact = new double[count];
                ExpWeightedChoice.Reference(x.AsSpan(0, count), exact, 0);
                var uniforms = new List<double> { 0, rng.Uniform(), Math.BitDecrement(1.0) };
                for (int k = 0; k < count; k++)
                    if (exact[^1] > 0 && exact[k] / exact[^1] < 1) uniforms.AddRange([exact[k] / exact[^1], Math.BitIncrement(exact[k] / exact[^1])]);
                foreach (double u in uniforms)
                    Assert.Equal(ExpWeightedChoice.Reference(x.AsSpan(0, count), new double[count], u),
                        ExpWeightedChoice.Choose(x, count, new double[x.Length], u));
            }
    }
}
