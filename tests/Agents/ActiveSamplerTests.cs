using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents;

public class ActiveSamplerTests
{
    private static double DirectEntropy(IReadOnlyList<double> counts)
    {
        double s = counts.Sum(), h = 0;
        foreach (double c in counts) if (c > 0) h -= c / s * Math.Log(c / s);
        return h;
    }

    [Fact]
    public void Incremental_entropy_equals_direct_recomputation_zeros_included()
    {
        var rng = new SeededRandom(11);
        for (int trial = 0; trial < 500; trial++)
        {
            int k = 1 + rng.NextIndex(12);
            var counts = new double[k];
            for (int i = 0; i < k; i++)
                counts[i] = rng.Uniform() < 0.3 ? 0 : (rng.Uniform() < 0.5 ? rng.NextIndex(20) : rng.Uniform() * 50);
            if (counts.Sum() == 0) counts[0] = 1;
            int j = rng.NextIndex(k);
            double before = DirectEntropy(counts);
            double incremental = ActiveSampler.UpdatedEntropy(before, counts.Sum(), counts[j]);
            counts[j] += 1;
            Assert.Equal(DirectEntropy(counts), incremental, 12);
        }
    }

    [Fact]
    public void Counts_and_entropies_after_many_observations_are_bit_for_bit_the_plain_updates()
    {
        // The sampler remembers its logs between calls; the plain formula, recomputing every log, must give the same bits.
        var rng = new SeededRandom(17);
        int n = 5;
        var sampler = new ActiveSampler([8, n, 1], new ActiveSamplingSettings());
        var marginal = new double[1 << n];
        for (int i = 0; i < marginal.Length; i++) marginal[i] = i % 4 == 1 ? 0 : rng.Uniform();
        double t = marginal.Sum();
        for (int i = 0; i < marginal.Length; i++) marginal[i] /= t;
        var unit = new double[n];
        for (int st = 0; st < marginal.Length; st++)
            for (int i = 0; i < n; i++) if (((st >> (n - 1 - i)) & 1) == 1) unit[i] += marginal[st];
        const double baseCount = 100;
        sampler.Reset(1, marginal, unit, baseCount);

        double s = baseCount, hg = 0;
        var f = unit.Select(u => baseCount * u).ToArray();
        var hf = unit.Select(ActiveSampler.BernoulliEntropy).ToArray();
        var g = marginal.Select(p => baseCount * p).ToArray();
        foreach (double p in marginal) if (p > 0) hg -= p * Math.Log(p);
        var q = new double[n];
        var scores = new double[1 << n];
        for (int step = 0; step < 3000; step++)
        {
            // A few favourite states, so that counts repeat and grow the way training's do.
            int state = rng.Uniform() < 0.7 ? rng.NextIndex(4) * 5 : rng.NextIndex(1 << n);
            sampler.Add(1, state);
            for (int i = 0; i < n; i++)
            {
                bool on = ((state >> (n - 1 - i)) & 1) == 1;
                hf[i] = ActiveSampler.UpdatedEntropy(hf[i], s, on ? f[i] : s - f[i]);
                if (on) f[i] += 1;
            }
            hg = ActiveSampler.UpdatedEntropy(hg, s, g[state]);
            g[state] += 1;
            s += 1;
            if (step % 7 == 0)
            {
                for (int i = 0; i < n; i++) q[i] = rng.Uniform();
                sampler.Scores(1, q, scores); // the scores read the same memos between observations
            }
            Assert.Equal(s, sampler.Total(1));
            Assert.Equal(hg, sampler.CategoryEntropy(1));
            Assert.Equal(g[state], sampler.CategoryCount(1, state));
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(f[i], sampler.UnitCount(1, i));
                Assert.Equal(hf[i], sampler.UnitEntropy(1, i));
            }
        }
    }

    [Fact]
    public void Scores_equal_the_definition_computed_from_count_vectors()
    {
        var rng = new SeededRandom(5);
        int n = 4;
        var sampler = new ActiveSampler([6, n, 1], new ActiveSamplingSettings());
        var marginal = new double[1 << n];
        for (int i = 0; i < marginal.Length; i++) marginal[i] = i % 3 == 0 ? 0 : rng.Uniform();
        double t = marginal.Sum();
        for (int i = 0; i < marginal.Length; i++) marginal[i] /= t;
        var unit = new double[n];
        for (int s = 0; s < marginal.Length; s++)
            for (int i = 0; i < n; i++) if (((s >> (n - 1 - i)) & 1) == 1) unit[i] += marginal[s];
        sampler.Reset(1, marginal, unit, 100);
        for (int a = 0; a < 37; a++) sampler.Add(1, rng.NextIndex(1 << n));

        var q = Enumerable.Range(0, n).Select(_ => rng.Uniform()).ToArray();
        q[2] = 0; // a unit certain to be off: its count for value 1 is zero
        var scores = new double[1 << n];
        sampler.Scores(1, q, scores);

        double total = sampler.Total(1);
        var g = Enumerable.Range(0, 1 << n).Select(s => sampler.CategoryCount(1, s)).ToArray();
        for (int c = 0; c < 1 << n; c++)
        {
            double hq = 0, hf = 0;
            for (int i = 0; i < n; i++)
            {
                int bit = (c >> (n - 1 - i)) & 1;
                var qc = new[] { (1 - q[i]) * total, q[i] * total };
                qc[bit] += 1;
                hq += DirectEntropy(qc);
                double f = sampler.UnitCount(1, i);
                var fc = new[] { total - f, f };
                fc[bit] += 1;
                hf += DirectEntropy(fc);
            }
            var gc = (double[])g.Clone();
            gc[c] += 1;
            double mi = (hf + DirectEntropy(gc)) / 2 - hq;
            Assert.Equal(mi, scores[c], 10);
        }
    }

    [Fact]
    public void Choice_follows_the_Boltzmann_distribution_of_the_scores()
    {
        const double temperature = 60;
        var settings = new ActiveSamplingSettings { Temperature = temperature };
        var sampler = new ActiveSampler([5, 3, 1], settings);
        var marginal = new[] { 0.3, 0.1, 0.05, 0.05, 0.2, 0.1, 0.1, 0.1 };
        var unit = new double[3];
        for (int s = 0; s < 8; s++) for (int i = 0; i < 3; i++) if (((s >> (2 - i)) & 1) == 1) unit[i] += marginal[s];
        var q = new[] { 0.8, 0.3, 0.5 };
        sampler.Reset(1, marginal, unit, 100);
        var scores = new double[8];
        sampler.Scores(1, q, scores);
        double max = scores.Max();
        var w = scores.Select(s => Math.Exp(temperature * (s - max))).ToArray();
        var expected = w.Select(x => x / w.Sum()).ToArray();

        var rng = new SeededRandom(99);
        var tally = new int[8];
        const int trials = 40000;
        for (int t = 0; t < trials; t++)
        {
            sampler.Reset(1, marginal, unit, 100);
            tally[sampler.Choose(1, q, rng)]++;
        }
        for (int c = 0; c < 8; c++)
        {
            double sd = Math.Sqrt(expected[c] * (1 - expected[c]) / trials);
            Assert.True(Math.Abs(tally[c] / (double)trials - expected[c]) < 5 * sd + 1e-4,
                $"state {c}: chosen {tally[c] / (double)trials:F4}, expected {expected[c]:F4}");
        }
        // The choice is neither Bernoulli sampling nor an argmax: it is the scores' own distribution.
        Assert.True(expected.Max() < 0.99);
    }

    [Fact]
    public void Choosing_counts_the_chosen_state()
    {
        var sampler = new ActiveSampler([5, 3, 1], new ActiveSamplingSettings());
        var uniform = Enumerable.Repeat(1.0 / 8, 8).ToArray();
        sampler.Reset(1, uniform, [0.5, 0.5, 0.5], 100);
        int c = sampler.Choose(1, [0.5, 0.5, 0.5], new SeededRandom(1));
        Assert.Equal(101, sampler.Total(1));
        Assert.Equal(12.5 + 1, sampler.CategoryCount(1, c), 12);
        var g = Enumerable.Range(0, 8).Select(s => sampler.CategoryCount(1, s)).ToArray();
        Assert.Equal(DirectEntropy(g), sampler.CategoryEntropy(1), 12);
    }
}
