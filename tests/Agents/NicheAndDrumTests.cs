using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents;

public class NicheAndDrumTests
{
    [Fact]
    public void Default_dataset_is_every_fifth_pattern_once()
    {
        var d = PreferenceDataset.Default();
        Assert.Equal(1024, d.PatternCount);
        Assert.Equal(205, d.Total);
        Assert.Equal(1, d[0]);
        Assert.Equal(1, d[1020]);
        Assert.Equal(0, d[1]);
    }

    [Fact]
    public void Like_adds_ten_and_dislike_removes_at_most_five()
    {
        var d = PreferenceDataset.Default();
        d.Like(3);
        Assert.Equal(10, d[3]);
        d.Dislike(3);
        Assert.Equal(5, d[3]);
        d.Dislike(0);
        Assert.Equal(0, d[0]);
        d.Dislike(0);
        Assert.Equal(0, d[0]);
        Assert.Equal(205 + 10 - 5 - 1, d.Total);
    }

    [Fact]
    public void Epoch_holds_rounded_copies_shuffled_by_the_seed()
    {
        var counts = new double[4];
        counts[0] = 1; counts[1] = 2; counts[3] = 1;
        var d = new PreferenceDataset(2, counts);
        var a = new int[d.EpochCapacity(10)];
        var b = new int[d.EpochCapacity(10)];
        int na = d.BuildEpoch(10, new SeededRandom(1), a);
        int nb = d.BuildEpoch(10, new SeededRandom(1), b);
        Assert.Equal(na, nb);
        Assert.Equal(a, b);
        // 2.5 → 2 (half to even), 5, 2.5 → 2
        Assert.Equal(9, na);
        Assert.Equal(5, a.Take(na).Count(x => x == 1));
        Assert.Equal(0, a.Take(na).Count(x => x == 2));
    }

    [Fact]
    public void Drum_sampling_follows_the_reference_rules()
    {
        var rng = new SeededRandom(2);
        var layer = new DrumLayer(10, ["kick", "snare", "clap", "hh", "oh", "bass"], rng);
        Assert.All(layer.Dynamic, v => Assert.InRange(v, 0, 1));
        Assert.All(layer.Division, v => Assert.InRange(v, 1, 2));
        var sample = layer.NewSample();
        var a = new double[10];
        a[0] = 40; a[1] = -40;
        layer.Sample(512, a, rng, sample);
        Assert.Equal(512, sample.Pattern);
        for (int i = 0; i < 6; i++)
        {
            Assert.True(sample.Hit[0 * 6 + i]);   // σ(40 + b) ≈ 1
            Assert.False(sample.Hit[1 * 6 + i]);  // σ(−40 + b) ≈ 0
        }
        Assert.All(sample.Dynamic, g => Assert.InRange(g, 0, 1));
        Assert.All(sample.Division, e => Assert.InRange(e, 1, 4));
    }

    [Fact]
    public void Like_pulls_the_drum_layer_toward_the_judged_sample()
    {
        var layer = new DrumLayer(1, ["kick"], [0.0], [0.5], [1.5]);
        var s = layer.NewSample();
        s.Probability[0] = 0.5; s.Hit[0] = true; s.Dynamic[0] = 1.0; s.Division[0] = 3;
        layer.Like(s);
        Assert.Equal(0.05, layer.Bias[0], 12);     // b −= 0.1(0.5 − 1)
        Assert.Equal(0.55, layer.Dynamic[0], 12);  // f −= 0.1(0.5 − 1)
        Assert.Equal(1.65, layer.Division[0], 12); // r −= 0.1(1.5 − 3): the judged pattern's own division
    }

    [Fact]
    public void Floor_division_sits_about_half_below_its_mean_and_rounding_does_not()
    {
        double Mean(bool round)
        {
            var layer = new DrumLayer(10, ["a"], Enumerable.Repeat(0.0, 10).ToArray(), Enumerable.Repeat(0.5, 10).ToArray(), Enumerable.Repeat(2.5, 10).ToArray(), roundDivision: round);
            var rng = new SeededRandom(3);
            var s = layer.NewSample();
            double sum = 0;
            for (int t = 0; t < 2000; t++) { layer.Sample(0, new double[10], rng, s); sum += s.Division.Sum(); }
            return sum / 20000;
        }
        Assert.InRange(Mean(false), 1.8, 2.2);
        Assert.InRange(Mean(true), 2.3, 2.7);
    }

    [Fact]
    public void Seeded_random_is_reproducible_and_restorable()
    {
        var a = new SeededRandom(123);
        a.Uniform(); a.Gaussian();
        var state = a.State;
        var x = Enumerable.Range(0, 5).Select(_ => a.NextULong()).ToArray();
        var b = SeededRandom.FromState(state);
        Assert.Equal(x, Enumerable.Range(0, 5).Select(_ => b.NextULong()).ToArray());
        Assert.NotEqual(SeededRandom.Derive(1, "train").NextULong(), SeededRandom.Derive(1, "dream").NextULong());
        Assert.Equal(SeededRandom.Derive(1, "train").NextULong(), SeededRandom.Derive(1, "train").NextULong());
    }
}
