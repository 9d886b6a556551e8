using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents;

/// <summary>The divergences take their logs four at a time; their bits must stay those of the scalar sums with Math.Log.</summary>
public class DivergenceBitsTests
{
    [Theory]
    [InlineData(1024, 0.9)]
    [InlineData(1024, 0.0)]
    [InlineData(1023, 0.5)]
    [InlineData(3, 0.3)]
    public void KL_and_entropy_are_the_scalar_sums_bits(int length, double sparsity)
    {
        var rng = new SeededRandom(5 + (ulong)length);
        var p = new double[length];
        var q = new double[length];
        for (int i = 0; i < length; i++)
        {
            p[i] = rng.Uniform() < sparsity ? 0 : rng.Uniform();
            q[i] = rng.Uniform() < sparsity ? 0 : rng.Uniform() < 0.1 ? 1 - rng.Uniform() * 1e-3 : rng.Uniform();
        }
        double kl = 0, h = 0;
        for (int i = 0; i < length; i++)
        {
            if (p[i] != 0) kl += p[i] * (Math.Log(p[i] + Divergence.Epsilon) - Math.Log(q[i] + Divergence.Epsilon));
            if (p[i] > 0) h -= p[i] * Math.Log(p[i]);
        }
        Assert.Equal(BitConverter.DoubleToInt64Bits(kl), BitConverter.DoubleToInt64Bits(Divergence.KL(p, q)));
        Assert.Equal(BitConverter.DoubleToInt64Bits(h), BitConverter.DoubleToInt64Bits(Divergence.Entropy(p)));
    }
}
