using System.Runtime.Intrinsics;
using ActionPerception.Agents.Numerics;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents.Numerics;

public class ExactExpTests
{
    private static long Bits(double v) => BitConverter.DoubleToInt64Bits(v);

    [Fact]
    public void Every_value_is_the_bits_of_Math_Exp_scalar_and_vector()
    {
        var rng = new SeededRandom(12);
        double[] spreads = [1e-6, 2, 20, 80, 1100, 1600];
        var x = new double[256];
        var e = new double[256];
        for (int trial = 0; trial < 600; trial++)
        {
            double spread = spreads[trial % spreads.Length];
            for (int i = 0; i < x.Length; i++) x[i] = (rng.Uniform() - 0.5) * spread;
            ExactExp.Exps(x, e);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.Equal(Bits(Math.Exp(x[i])), Bits(e[i]));
                Assert.Equal(Bits(Math.Exp(x[i])), Bits(ExactExp.Exp(x[i])));
            }
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(0.0)]
    [InlineData(1e-300)]
    [InlineData(-1e-17)]
    [InlineData(511.99)]
    [InlineData(512.0)]
    [InlineData(-512.0)]
    [InlineData(709.78)]
    [InlineData(710.0)]
    [InlineData(-745.0)]
    [InlineData(-745.2)]
    [InlineData(-750.0)]
    [InlineData(-751.0)]
    public void Edges_off_the_fast_path_are_the_library_s(double x)
    {
        Assert.Equal(Bits(Math.Exp(x)), Bits(ExactExp.Exp(x)));
        // The edge in one lane of a vector whose other lanes are ordinary: lane by lane, the same bits.
        var v = ExactExp.Exp4(Vector256.Create(0.5, x, -3.0, 7.25));
        Assert.Equal(Bits(Math.Exp(x)), Bits(v[1]));
        Assert.Equal(Bits(Math.Exp(0.5)), Bits(v[0]));
        Assert.Equal(Bits(Math.Exp(7.25)), Bits(v[3]));
    }

    [Fact]
    public void Vector_methods_take_whole_vectors_only()
    {
        Assert.Throws<ArgumentException>(() => ExactExp.Exps(new double[3], new double[4]));
        Assert.Throws<ArgumentException>(() => ExactExp.Exps(new double[8], new double[4]));
        Assert.Equal(12, ExactExp.Padded(10));
        Assert.Equal(4, ExactExp.Padded(4));
    }
}
