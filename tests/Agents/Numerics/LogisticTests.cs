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
    public void One_minus_e_form_from_the_exact_exp_is_the_reference_sigmoid()
    {
        // What the Helmholtz machine computes for a layer: e^{−a} four at a time, then 1/(1 + e).
        var rng = new SeededRandom(6);
        var a = new double[64];
        var e = new double[64];
        for (int trial = 0; trial < 500; trial++)
        {
            for (int i = 0; i < a.Length; i++) a[i] = -(rng.Uniform() - 0.5) * (trial % 2 == 0 ? 20 : 1600);
            ExactExp.Exps(a, e);
            for (int i = 0; i < a.Length; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(Logistic.Sigmoid(-a[i])), BitConverter.DoubleToInt64Bits(1.0 / (1.0 + e[i])));
        }
    }
}
