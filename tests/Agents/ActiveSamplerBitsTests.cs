using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents;

/// <summary>
/// The sampler computes four units per vector with its own log; these tests hold it to the scalar formulas written with
/// <see cref="Math.Log"/>, bit for bit, at layer sizes with and without padding lanes.
/// </summary>
public class ActiveSamplerBitsTests
{
    private static double XLogX(double a) => a > 0 ? a * Math.Log(a) : 0.0;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(12)]
    public void Counts_entropies_and_scores_are_the_scalar_formulas_bits(int n)
    {
        var rng = new SeededRandom(40 + (ulong)n);
        var sampler = new ActiveSampler([8, n, 1], new ActiveSamplingSettings());
        var marginal = new double[1 << n];
        for (int i = 0; i < marginal.Length; i++) marginal[i] = i % 3 == 1 ? 0 : rng.Uniform();
        double t = marginal.Sum();
        for (int i = 0; i < marginal.Length; i++) marginal[i] /= t;
        var unit = new double[n];
        for (int st = 0; st < marginal.Length; st++)
            for (int i = 0; i < n; i++) if (((st >> (n - 1 - i)) & 1) == 1) unit[i] += marginal[st];
        unit[0] = 0; // a unit never on: a zero count
        sampler.Reset(1, marginal, unit, 100);

        double s = 100, hg = 0;
        var f = unit.Select(u => 100 * u).ToArray();
        var hf = unit.Select(u => -(XLogX(u) + XLogX(1 - u))).ToArray();
        var g = marginal.Select(p => 100 * p).ToArray();
        var tg = g.Select(x => XLogX(x) - XLogX(x + 1)).ToArray(); // a state's term, updated from g + 2 as the sampler does
        foreach (double p in marginal) if (p > 0) hg -= p * Math.Log(p);
        Assert.Equal(hg, sampler.CategoryEntropy(1));
        var q = new double[n];
        var scores = new double[1 << n];
        for (int step = 0; step < 1500; step++)
        {
            int state = step % 5 == 0 ? (int)(rng.Uniform() * (1 << n)) & ~(1 << (n - 1)) : (step * 7) % (1 << n) & ~(1 << (n - 1));
            double logS = Math.Log(s), k = (s + 1) * Math.Log(s + 1);
            for (int i = 0; i < n; i++)
            {
                bool on = ((state >> (n - 1 - i)) & 1) == 1;
                double a = on ? f[i] : s - f[i];
                hf[i] = (s * (hf[i] - logS) + k + XLogX(a) - XLogX(a + 1)) / (s + 1);
                f[i] += on ? 1 : 0;
            }
            hg = (s * (hg - logS) + k + XLogX(g[state]) - XLogX(g[state] + 1)) / (s + 1);
            tg[state] = XLogX(g[state] + 1) - XLogX(g[state] + 2);
            g[state] += 1;
            s += 1;
            sampler.Add(1, state);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(f[i]), BitConverter.DoubleToInt64Bits(sampler.UnitCount(1, i)));
                Assert.Equal(BitConverter.DoubleToInt64Bits(hf[i]), BitConverter.DoubleToInt64Bits(sampler.UnitEntropy(1, i)));
            }
            Assert.Equal(BitConverter.DoubleToInt64Bits(hg), BitConverter.DoubleToInt64Bits(sampler.CategoryEntropy(1)));
            if (step % 10 != 0) continue;
            for (int i = 0; i < n; i++) q[i] = step % 30 == 0 ? rng.Uniform() * 1e-3 : rng.Uniform(); // some q near 0: 1 − q near 1
            sampler.Scores(1, q, scores);
            var expected = ScalarScores(s, f, hf, hg, tg, q);
            for (int st = 0; st < scores.Length; st++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[st]), BitConverter.DoubleToInt64Bits(scores[st]));
        }
    }

    // The score computation as it was written before it was vectorised, every log from Math.Log.
    private static double[] ScalarScores(double s, double[] f, double[] hf, double hg, double[] tg, double[] q)
    {
        int n = f.Length;
        double inv = 1.0 / (s + 1);
        double k = (-s * Math.Log(s) + (s + 1) * Math.Log(s + 1)) * inv;
        double baseSum = 0;
        var delta = new double[n];
        for (int i = 0; i < n; i++)
        {
            double qi = q[i];
            double hq = -(XLogX(qi) + XLogX(1 - qi));
            double hq1 = s * hq * inv + k + (XLogX(qi * s) - XLogX(qi * s + 1)) * inv;
            double hq0 = s * hq * inv + k + (XLogX((1 - qi) * s) - XLogX((1 - qi) * s + 1)) * inv;
            double hf1 = s * hf[i] * inv + k + (XLogX(f[i]) - XLogX(f[i] + 1)) * inv;
            double hf0 = s * hf[i] * inv + k + (XLogX(s - f[i]) - XLogX(s - f[i] + 1)) * inv;
            double a0 = 0.5 * hf0 - hq0;
            double a1 = 0.5 * hf1 - hq1;
            baseSum += a0;
            delta[n - 1 - i] = a1 - a0;
        }
        var unitSum = new double[1 << n];
        unitSum[0] = baseSum;
        for (int st = 1; st < unitSum.Length; st++)
        {
            int low = st & -st;
            unitSum[st] = unitSum[st ^ low] + delta[System.Numerics.BitOperations.TrailingZeroCount(low)];
        }
        double hgBase = s * hg * inv + k;
        var score = new double[1 << n];
        for (int st = 0; st < score.Length; st++)
            score[st] = unitSum[st] + 0.5 * (hgBase + tg[st] * inv);
        return score;
    }
}
