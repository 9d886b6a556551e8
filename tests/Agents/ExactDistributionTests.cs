using ActionPerception.Agents.Files;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents;

public class ExactDistributionTests
{
    [Fact]
    public void Matches_the_independent_oracle_with_nonzero_biases()
    {
        var reference = Fixtures.LoadExactReference();
        var m = Fixtures.ReferenceMachine(reference);
        var exact = new ExactDistributions(m.Layers);
        exact.ComputeGenerative(m);
        var gm = reference.GetProperty("generative_marginals");
        var gu = reference.GetProperty("generative_unit_marginals");
        for (int l = 0; l < 4; l++)
        {
            AssertClose(Fixtures.Vector(gm[l]), exact.GenerativeMarginal(l), 1e-12);
            AssertClose(Fixtures.Vector(gu[l]), exact.GenerativeUnitMarginal(l), 1e-12);
        }
        var data = DatasetFile.Load(Fixtures.UserDataset);
        var dist = new double[data.PatternCount];
        data.Distribution(dist);
        exact.ComputeRecognition(m, dist);
        var rm = reference.GetProperty("recognition_marginals_from_data");
        var ru = reference.GetProperty("recognition_unit_marginals_from_data");
        for (int k = 0; k < 3; k++)
        {
            AssertClose(Fixtures.Vector(rm[k]), exact.RecognitionMarginal(k + 1), 1e-12);
            AssertClose(Fixtures.Vector(ru[k]), exact.RecognitionUnitMarginal(k + 1), 1e-12);
        }
        Assert.Equal(reference.GetProperty("kl_data_gen").GetDouble(), Divergence.KL(dist, exact.Patterns), 10);
        Assert.Equal(reference.GetProperty("kl_gen_data").GetDouble(), Divergence.KL(exact.Patterns, dist), 10);
        Assert.Equal(reference.GetProperty("entropy_gen_nats").GetDouble(), Divergence.Entropy(exact.Patterns), 10);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_marginal_sums_to_one(ulong seed)
    {
        var rng = new SeededRandom(seed);
        var m = new HelmholtzMachine(new MachineSettings { Init = WeightInit.Random, Layers = [10, 8, 6, 3, 1] }, rng);
        RandomizeBiases(m, rng);
        var exact = new ExactDistributions(m.Layers);
        exact.ComputeGenerative(m);
        for (int l = 0; l < 5; l++) Assert.Equal(1.0, Sum(exact.GenerativeMarginal(l)), 12);
        var data = new double[1024];
        for (int i = 0; i < data.Length; i++) data[i] = rng.Uniform() < 0.3 ? rng.Uniform() : 0;
        double t = data.Sum();
        for (int i = 0; i < data.Length; i++) data[i] /= t;
        exact.ComputeRecognition(m, data);
        for (int l = 1; l < 4; l++) Assert.Equal(1.0, Sum(exact.RecognitionMarginal(l)), 12);
    }

    [Fact]
    public void Conditional_tables_and_marginals_equal_brute_force_enumeration_of_the_joint()
    {
        // A small machine whose full joint (2^(4+3+2) states) can be enumerated outright.
        var rng = new SeededRandom(7);
        var m = new HelmholtzMachine(new MachineSettings { Init = WeightInit.Random, Layers = [4, 3, 2, 1] }, rng);
        RandomizeBiases(m, rng);
        int[] n = [4, 3, 2, 1];

        // Conditional tables: each entry against a product written out with explicit logistic terms.
        for (int l = 0; l < 3; l++)
        {
            foreach (var dir in new[] { PassDirection.Recognition, PassDirection.Generative })
            {
                var table = ExactDistributions.ConditionalTable(m, dir, l);
                (double[] w, int nIn, int nOut) = dir == PassDirection.Recognition ? (m.Recognition(l).ToArray(), n[l], n[l + 1]) : (m.Generative(l).ToArray(), n[l + 1], n[l]);
                for (int x = 0; x < 1 << nIn; x++)
                {
                    double rowSum = 0;
                    for (int y = 0; y < 1 << nOut; y++)
                    {
                        double p = 1;
                        for (int j = 0; j < nOut; j++)
                        {
                            double a = w[j * (nIn + 1) + nIn];
                            for (int i = 0; i < nIn; i++) a += w[j * (nIn + 1) + i] * ((x >> (nIn - 1 - i)) & 1);
                            double on = Math.Exp(a) / (1 + Math.Exp(a));
                            p *= ((y >> (nOut - 1 - j)) & 1) == 1 ? on : 1 - on;
                        }
                        Assert.Equal(p, table[x, y], 14);
                        rowSum += table[x, y];
                    }
                    Assert.Equal(1.0, rowSum, 12);
                }
            }
        }

        // Generative marginal of the visible layer: sum the joint over every hidden configuration.
        var g2 = ExactDistributions.ConditionalTable(m, PassDirection.Generative, 2); // P(l2 | top)
        var g1 = ExactDistributions.ConditionalTable(m, PassDirection.Generative, 1); // P(l1 | l2)
        var g0 = ExactDistributions.ConditionalTable(m, PassDirection.Generative, 0); // P(l0 | l1)
        var brute = new double[16];
        for (int h2 = 0; h2 < 4; h2++)
            for (int h1 = 0; h1 < 8; h1++)
                for (int v = 0; v < 16; v++)
                    brute[v] += g2[1, h2] * g1[h2, h1] * g0[h1, v];
        var exact = new ExactDistributions(m.Layers);
        exact.ComputeGenerative(m);
        AssertClose(brute, exact.Patterns, 1e-14);

        // Recognition marginal of layer 2 from a data distribution, by the same enumeration.
        var data = new[] { 0.1, 0, 0.2, 0, 0, 0.05, 0, 0.15, 0.1, 0, 0, 0.2, 0, 0, 0.1, 0.1 };
        var r0 = ExactDistributions.ConditionalTable(m, PassDirection.Recognition, 0);
        var r1 = ExactDistributions.ConditionalTable(m, PassDirection.Recognition, 1);
        var brute2 = new double[4];
        for (int v = 0; v < 16; v++)
            for (int h1 = 0; h1 < 8; h1++)
                for (int h2 = 0; h2 < 4; h2++)
                    brute2[h2] += data[v] * r0[v, h1] * r1[h1, h2];
        exact.ComputeRecognition(m, data);
        AssertClose(brute2, exact.RecognitionMarginal(2), 1e-14);
    }

    [Fact]
    public void Zero_machine_generates_the_uniform_distribution()
    {
        var m = new HelmholtzMachine(new MachineSettings());
        var exact = new ExactDistributions(m.Layers);
        exact.ComputeGenerative(m);
        foreach (double p in exact.Patterns) Assert.Equal(1.0 / 1024, p, 15);
        Assert.Equal(Math.Log(1024), Divergence.Entropy(exact.Patterns), 12);
    }

    internal static void RandomizeBiases(HelmholtzMachine m, SeededRandom rng)
    {
        var n = m.Layers;
        for (int l = 0; l < n.Count - 1; l++)
        {
            for (int j = 0; j < n[l + 1]; j++) m.Recognition(l)[j * (n[l] + 1) + n[l]] = rng.Gaussian();
            for (int j = 0; j < n[l]; j++) m.Generative(l)[j * (n[l + 1] + 1) + n[l + 1]] = rng.Gaussian();
        }
    }

    private static double Sum(ReadOnlySpan<double> p) { double s = 0; foreach (var v in p) s += v; return s; }

    private static void AssertClose(double[] expected, ReadOnlySpan<double> actual, double tol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"index {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Fact]
    public void Every_marginal_has_the_bits_of_the_plain_enumeration()
    {
        // Input layers of 10, 7, 5 and 3 units: the fused last levels (7 and 10 units) and the plain doubling (5 and 3).
        var m = new HelmholtzMachine(new MachineSettings { Layers = [10, 7, 5, 3, 1], Init = WeightInit.Random }, new SeededRandom(12));
        for (int l = 0; l < 4; l++)
        {
            m.Generative(l)[0, m.Generative(l).Inputs] = 0.7; // a nonzero bias
            m.Recognition(l)[0, m.Recognition(l).Inputs] = -0.4;
        }
        var exact = new ExactDistributions(m.Layers);
        exact.ComputeGenerative(m);
        var data = new double[1024];
        var rng = new SeededRandom(3);
        for (int k = 0; k < 1024; k += 1 + rng.NextIndex(5)) data[k] = rng.Uniform();
        double total = data.Sum();
        for (int k = 0; k < 1024; k++) data[k] /= total;
        exact.ComputeRecognition(m, data);

        var top = new double[] { 0, 1 };
        var gen = new double[5][];
        gen[4] = top;
        for (int l = 3; l >= 0; l--) gen[l] = PlainPropagate(m.Generative(l), gen[l + 1]);
        for (int l = 0; l < 4; l++)
        {
            AssertBits(gen[l], exact.GenerativeMarginal(l));
            AssertBits(PlainUnits(gen[l], m.Layers[l]), exact.GenerativeUnitMarginal(l));
        }
        var rec = data;
        AssertBits(PlainUnits(rec, 10), exact.RecognitionUnitMarginal(0));
        for (int l = 0; l < 3; l++)
        {
            rec = PlainPropagate(m.Recognition(l), rec);
            AssertBits(rec, exact.RecognitionMarginal(l + 1));
            AssertBits(PlainUnits(rec, m.Layers[l + 1]), exact.RecognitionUnitMarginal(l + 1));
        }
    }

    /// <summary>P(unit i on) = Σ over the states with unit i on, in state order.</summary>
    private static double[] PlainUnits(double[] states, int n)
    {
        var units = new double[n];
        for (int s = 0; s < states.Length; s++)
            for (int i = 0; i < n; i++)
                if (((s >> (n - 1 - i)) & 1) == 1) units[i] += states[s];
        return units;
    }

    /// <summary>Σ_x p(x) Π_j f_j(y) with the factors multiplied from the last unit to the first, as the doubling does.</summary>
    private static double[] PlainPropagate(WeightMatrix w, double[] pIn)
    {
        int nIn = w.Inputs, nOut = w.Rows;
        var pOut = new double[1 << nOut];
        var x = new double[nIn];
        var p = new double[nOut];
        for (int xs = 0; xs < pIn.Length; xs++)
        {
            if (pIn[xs] == 0) continue;
            HelmholtzMachine.PatternToUnits(xs, x);
            for (int j = 0; j < nOut; j++) p[j] = 1.0 / (1.0 + Math.Exp(-w.PreActivation(j, x)));
            for (int y = 0; y < 1 << nOut; y++)
            {
                double prod = pIn[xs];
                for (int j = nOut - 1; j >= 1; j--) prod *= ((y >> (nOut - 1 - j)) & 1) == 1 ? p[j] : 1.0 - p[j];
                pOut[y] += prod * (((y >> (nOut - 1)) & 1) == 1 ? p[0] : 1.0 - p[0]);
            }
        }
        return pOut;
    }

    private static void AssertBits(double[] expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"state {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
