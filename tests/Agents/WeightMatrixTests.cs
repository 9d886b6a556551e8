using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents;

/// <summary>
/// The input-major, padded weight store and the vector loops over it: the row-major view round-trips, the padding never
/// shows or moves, and a wake-sleep step gives the bits of the reference's plain row-by-row loops.
/// </summary>
public class WeightMatrixTests
{
    [Fact]
    public void The_row_major_view_round_trips_and_names_its_entries()
    {
        var w = new WeightMatrix(rows: 3, inputs: 5);
        Assert.Equal((3, 6, 18), (w.Rows, w.Columns, w.Length));
        var values = Enumerable.Range(0, 18).Select(k => k * 1.5 - 7).ToArray();
        w.SetRowMajor(values);
        Assert.Equal(values, w.ToArray());
        Assert.Equal(values[1 * 6 + 5], w[1, 5]); // row 1's bias
        Assert.Equal(values[2 * 6 + 3], w[2 * 6 + 3]);
        Assert.Equal(values.AsSpan(6, 6).ToArray(), w.Row(1));
        w[2, 0] = 42;
        Assert.Equal(42, w.ToArray()[12]);
        Assert.Throws<ArgumentOutOfRangeException>(() => w[3, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => w[0, 6]);
        Assert.Throws<ArgumentOutOfRangeException>(() => w[18]);
        Assert.Throws<ArgumentException>(() => w.SetRowMajor(new double[17]));
    }

    [Fact]
    public void Health_is_judged_on_real_entries_and_the_first_is_named_in_row_major_order()
    {
        var w = new WeightMatrix(rows: 3, inputs: 2); // 3 rows pad to 4 lanes, the padding's bias is −1
        Assert.Null(w.FirstUnhealthy(0.5));
        w[2, 0] = double.NaN;
        w[1, 2] = 2;
        Assert.Equal((1, 2, 2.0), w.FirstUnhealthy(1.5));
        Assert.Equal(2, w.FirstUnhealthy(double.MaxValue)!.Value.Row);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Wake_sleep_steps_give_the_bits_of_the_plain_row_loops(bool randomInit, bool trainableBiases)
    {
        // Layers whose sizes are and are not multiples of the vector width (10 → 12 lanes, 7 → 8, 5 → 8, 3 → 4).
        var settings = new MachineSettings
        {
            Layers = [10, 7, 5, 3, 1],
            Init = randomInit ? WeightInit.Random : WeightInit.Zero,
            TrainableBiases = trainableBiases,
            LearningRate = 0.3,
        };
        var m = new HelmholtzMachine(settings, new SeededRandom(5));
        var reference = new PlainMachine(m);
        var rngA = new SeededRandom(9);
        var rngB = new SeededRandom(9);
        var rec = m.NewStates();
        var dream = m.NewStates();
        var wake = new double[4];
        var sleep = new double[3];
        for (int step = 0; step < 300; step++)
        {
            int pattern = (step * 389 + 17) % 1024;
            m.WakeSleepStep(pattern, rec, dream, rngA, wakeLosses: wake, sleepLosses: sleep);
            var (refWake, refSleep) = reference.Step(pattern, rngB);
            for (int l = 0; l < 4; l++) Assert.Equal(BitConverter.DoubleToInt64Bits(refWake[l]), BitConverter.DoubleToInt64Bits(wake[l]));
            for (int l = 0; l < 3; l++) Assert.Equal(BitConverter.DoubleToInt64Bits(refSleep[l]), BitConverter.DoubleToInt64Bits(sleep[l]));
            Array.Clear(wake);
            Array.Clear(sleep);
        }
        for (int l = 0; l < 4; l++)
        {
            Assert.Equal(reference.Gen[l].Select(BitConverter.DoubleToInt64Bits), m.Generative(l).ToArray().Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(reference.Rec[l].Select(BitConverter.DoubleToInt64Bits), m.Recognition(l).ToArray().Select(BitConverter.DoubleToInt64Bits));
        }
        Assert.Equal(rngA.Uniform(), rngB.Uniform()); // the same number of draws
        Assert.True(m.AllFinite());
    }

    /// <summary>The reference algorithm as it reads: row-major arrays, one unit at a time, Math.Exp, one log per unit.</summary>
    private sealed class PlainMachine
    {
        private readonly int[] _n;
        private readonly double _lr;
        private readonly bool _bias;
        public readonly double[][] Rec;
        public readonly double[][] Gen;

        public PlainMachine(HelmholtzMachine m)
        {
            _n = m.Layers.ToArray();
            _lr = m.Settings.LearningRate;
            _bias = m.Settings.TrainableBiases;
            Rec = Enumerable.Range(0, _n.Length - 1).Select(l => m.Recognition(l).ToArray()).ToArray();
            Gen = Enumerable.Range(0, _n.Length - 1).Select(l => m.Generative(l).ToArray()).ToArray();
        }

        private static double Pre(double[] w, int row, double[] x)
        {
            int cols = x.Length + 1;
            double a = w[row * cols + x.Length];
            for (int i = 0; i < x.Length; i++) a += w[row * cols + i] * x[i];
            return a;
        }

        private static double Sigmoid(double a) => 1.0 / (1.0 + Math.Exp(-a));

        private double Delta(double[] w, double[] x, double[] y)
        {
            var pre = Enumerable.Range(0, y.Length).Select(j => Pre(w, j, x)).ToArray();
            double product = 1, logs = 0, linear = 0;
            int cols = x.Length + 1;
            for (int j = 0; j < y.Length; j++)
            {
                double e = Math.Exp(-pre[j]);
                product *= 1.0 + e;
                if (y[j] < 0.5) linear += pre[j];
                if (product > 1e200) { logs += Math.Log(product); product = 1; }
                double g = _lr * (1.0 / (1.0 + e) - y[j]);
                for (int i = 0; i < x.Length; i++) w[j * cols + i] -= g * x[i];
                if (_bias) w[j * cols + x.Length] -= g;
            }
            return logs + Math.Log(product) + linear;
        }

        public (double[] Wake, double[] Sleep) Step(int pattern, SeededRandom rng)
        {
            int L = _n.Length;
            var s = _n.Select(k => new double[k]).ToArray();
            var d = _n.Select(k => new double[k]).ToArray();
            s[L - 1][0] = d[L - 1][0] = 1;
            HelmholtzMachine.PatternToUnits(pattern, s[0]);
            for (int l = 0; l <= L - 3; l++)
                for (int j = 0; j < _n[l + 1]; j++)
                    s[l + 1][j] = rng.Uniform() < Sigmoid(Pre(Rec[l], j, s[l])) ? 1 : 0;
            var wake = Enumerable.Range(0, L - 1).Select(l => Delta(Gen[l], s[l + 1], s[l])).ToArray();
            for (int l = L - 2; l >= 0; l--)
                for (int j = 0; j < _n[l]; j++)
                    d[l][j] = rng.Uniform() < Sigmoid(Pre(Gen[l], j, d[l + 1])) ? 1 : 0;
            var sleep = Enumerable.Range(0, L - 2).Select(l => Delta(Rec[l], d[l], d[l + 1])).ToArray();
            return (wake, sleep);
        }
    }
}
