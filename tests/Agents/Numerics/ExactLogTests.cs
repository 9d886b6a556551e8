using System.Runtime.Intrinsics;
using ActionPerception.Agents.Numerics;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents.Numerics;

// Every assertion holds whether or not the port matches this machine's log (ExactLog.MatchesLibrary): when it does not,
// every path returns Math.Log's value, which is what these tests compare with. On a machine where it matches, they
// check the port itself.
public class ExactLogTests
{
    private static long Bits(double v) => BitConverter.DoubleToInt64Bits(v);

    private static double[] Arguments()
    {
        var rng = new SeededRandom(21);
        var x = new List<double>();
        for (int i = 1; i <= 20_000; i++) x.Add(i); // whole counts
        for (int i = 0; i < 20_000; i++) x.Add(Math.Floor(rng.Uniform() * 1e7) + rng.Uniform()); // base count fractions plus steps
        for (int i = 0; i < 20_000; i++) x.Add(Math.Pow(10, -300 * rng.Uniform())); // probabilities down to 1e-300
        for (int i = 0; i < 20_000; i++) x.Add(1 + (rng.Uniform() - 0.5) * 0.14); // both sides of the near-1 interval
        for (int i = 0; i < 5_000; i++) x.Add(1 + (rng.Uniform() - 0.5) * 1e-9);
        for (int i = 0; i < 20_000; i++) x.Add(BitConverter.UInt64BitsToDouble((ulong)(rng.Uniform() * 0x7FF0000000000000))); // the exponent range
        // The bit neighbours of the near-1 interval's edges, of 1, of the table's first subinterval and of the normal range.
        foreach (ulong edge in new ulong[] { 0x3FEE000000000000, 0x3FF1090000000000, 0x3FF0000000000000, 0x3FE6000000000000, 0x0010000000000000, 0x7FEFFFFFFFFFFFFF })
            for (long d = -200; d <= 200; d++) x.Add(BitConverter.UInt64BitsToDouble((ulong)((long)edge + d)));
        x.AddRange(Specials);
        while (x.Count % 4 != 0) x.Add(ExactLog.Padding);
        return [.. x];
    }

    private static readonly double[] Specials =
        [0.0, -0.0, -1.0, -1e-300, double.Epsilon, 1e-310, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1.0, double.MaxValue];

    [Fact]
    public void Every_value_is_the_bits_of_Math_Log_scalar_and_vector()
    {
        var x = Arguments();
        var y = new double[x.Length];
        ExactLog.Logs(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            long expected = Bits(Math.Log(x[i]));
            Assert.True(expected == Bits(ExactLog.Log(x[i])), $"log {x[i]:R}: scalar {ExactLog.Log(x[i]):R}, Math.Log {Math.Log(x[i]):R}");
            Assert.True(expected == Bits(y[i]), $"log {x[i]:R}: vector {y[i]:R}, Math.Log {Math.Log(x[i]):R}");
        }
    }

    [Fact]
    public void XLogX_is_x_times_Math_Log_for_positive_x_and_zero_otherwise_scalar_and_vector()
    {
        var x = Arguments();
        for (int i = 0; i < x.Length; i += 4)
        {
            var v = ExactLog.XLogX4(Vector256.Create(x[i], x[i + 1], x[i + 2], x[i + 3]));
            for (int j = 0; j < 4; j++)
            {
                double a = x[i + j];
                long expected = Bits(a > 0 ? a * Math.Log(a) : 0.0);
                Assert.True(expected == Bits(ExactLog.XLogX(a)), $"x log x at {a:R}: scalar");
                Assert.True(expected == Bits(v[j]), $"x log x at {a:R}: lane {j}");
            }
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-2.5)]
    [InlineData(5e-324)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1.0)]
    [InlineData(0.9375)]
    [InlineData(1.0000001)]
    public void A_lane_off_the_main_path_among_ordinary_lanes_keeps_every_lane_s_bits(double odd)
    {
        // Mixed vectors: the odd value in each lane in turn, beside a count, a probability and a value near 1.
        double[] others = [123.25, 0.03125, 1.01];
        for (int lane = 0; lane < 4; lane++)
        {
            var x = new double[4];
            for (int j = 0, o = 0; j < 4; j++) x[j] = j == lane ? odd : others[o++];
            var v = ExactLog.Log4(Vector256.Create(x[0], x[1], x[2], x[3]));
            for (int j = 0; j < 4; j++) Assert.Equal(Bits(Math.Log(x[j])), Bits(v[j]));
        }
    }

    [Fact]
    public void Log_of_one_is_positive_zero()
    {
        Assert.Equal(0L, Bits(ExactLog.Log(1.0)));
        Assert.Equal(0L, Bits(ExactLog.Log4(Vector256.Create(1.0, 1.0, 2.0, 1.0))[0]));
    }

    [Fact]
    public void Vector_methods_take_whole_vectors_only()
    {
        Assert.Throws<ArgumentException>(() => ExactLog.Logs(new double[3], new double[4]));
        Assert.Throws<ArgumentException>(() => ExactLog.Logs(new double[8], new double[4]));
    }
}
