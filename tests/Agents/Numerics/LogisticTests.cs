using ActionPerception.Agents.Numerics;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents.Numerics;

public class LogisticTests
{
    [Fact]
    public void Sigmoid_is_the_reference_form_bit_for_bit()
    {
        // Seeded draws of the Helmholtz units, the drum hits and a scripted listener's coin compare against these bits.
        var rng = new SeededRandom(5);
        for (int i = 0; i < 10_000; i++)
        {
            double x = (rng.Uniform() - 0.5) * 80;
            Assert.Equal(BitConverter.DoubleToInt64Bits(1.0 / (1.0 + Math.Exp(-x))), BitConverter.DoubleToInt64Bits(Logistic.Sigmoid(x)));
        }
    }

    [Fact]
    public void Stable_sigmoid_agrees_with_the_plain_form_and_keeps_the_far_tail()
    {
        for (double z = -30; z <= 30; z += 0.37)
            Assert.Equal(Logistic.Sigmoid(z), Logistic.StableSigmoid(z), 15);
        Assert.Equal(0.0, Logistic.Sigmoid(-720));
        Assert.Equal(Math.Exp(-720), Logistic.StableSigmoid(-720));
        Assert.Equal(1.0, Logistic.StableSigmoid(800));
    }

    [Fact]
    public void Softplus_and_log_sigmoid_match_their_definitions_and_do_not_overflow()
    {
        for (double z = -30; z <= 30; z += 0.37)
        {
            Assert.Equal(Math.Log(1 + Math.Exp(z)), Logistic.Softplus(z), 12);
            Assert.Equal(Math.Log(Logistic.Sigmoid(z)), Logistic.LogSigmoid(z), 12);
        }
        Assert.Equal(1000.0, Logistic.Softplus(1000));
        Assert.Equal(-1000.0, Logistic.LogSigmoid(-1000));
    }

    [Fact]
    public void Estimates_are_within_the_stated_error()
    {
        var rng = new SeededRandom(6);
        var a = new double[64];
        var p = new double[64];
        for (int trial = 0; trial < 200; trial++)
        {
            for (int i = 0; i < a.Length; i++) a[i] = (rng.Uniform() - 0.5) * (trial % 2 == 0 ? 20 : 1600);
            Logistic.Estimates(a, p);
            for (int i = 0; i < a.Length; i++)
                Assert.True(Math.Abs(p[i] - Logistic.Sigmoid(a[i])) < ExpEstimate.RelativeError / 4, $"σ({a[i]}): {p[i]} vs {Logistic.Sigmoid(a[i])}");
        }
    }

    [Fact]
    public void Draw_decides_as_the_reference_form_even_at_the_boundary()
    {
        var rng = new SeededRandom(7);
        var a = new double[4];
        var p = new double[4];
        for (int trial = 0; trial < 20_000; trial++)
        {
            for (int i = 0; i < 4; i++) a[i] = (rng.Uniform() - 0.5) * 40;
            Logistic.Estimates(a, p);
            for (int i = 0; i < 4; i++)
            {
                double s = Logistic.Sigmoid(a[i]);
                // A uniform anywhere, and the uniforms closest to σ(a) on both sides, where an estimate alone could err.
                foreach (double u in new[] { rng.Uniform(), s, Math.BitDecrement(s), Math.BitIncrement(s), p[i], s - 1e-9, s + 1e-9 })
                    Assert.Equal(u < s, Logistic.Draw(u, a[i], p[i]));
            }
        }
    }

    [Fact]
    public void Draw_falls_back_to_the_reference_form_for_values_an_estimate_cannot_hold()
    {
        double[] a = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 800];
        var p = new double[4];
        Logistic.Estimates(a, p);
        Assert.True(double.IsNaN(p[0]));
        foreach (double u in new[] { 0.0, 0.5, Math.BitDecrement(1.0) })
            for (int i = 0; i < 4; i++)
                Assert.Equal(u < Logistic.Sigmoid(a[i]), Logistic.Draw(u, a[i], p[i]));
    }

    [Fact]
    public void Estimates_take_whole_vectors_only()
    {
        Assert.Throws<ArgumentException>(() => Logistic.Estimates(new double[3], new double[4]));
        Assert.Throws<ArgumentException>(() => Logistic.Estimates(new double[8], new double[4]));
        Assert.Equal(12, ExpEstimate.Padded(10));
        Assert.Equal(4, ExpEstimate.Padded(4));
    }
}
