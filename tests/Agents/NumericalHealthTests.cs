using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents;

public class NumericalHealthTests
{
    [Fact]
    public void A_step_that_leaves_a_weight_non_finite_raises_DivergedException_naming_epoch_place_and_setting()
    {
        var m = new HelmholtzMachine(new MachineSettings());
        var trainer = new WakeSleepTrainer(m, new SeededRandom(1));
        var data = PreferenceDataset.Default();
        Assert.NotNull(trainer.TrainEpoch(data));
        Assert.True(trainer.BeginEpoch(data));
        m.Generative(0)[3] = double.PositiveInfinity;
        var e = Assert.Throws<DivergedException>(() => trainer.Step(10));
        Assert.Equal(2, e.Epoch);
        Assert.Equal("generator.learningRate", e.Setting);
        Assert.Contains("generative[0]", e.Quantity);
        Assert.Contains("diverged at epoch 2", e.Message);
    }

    [Fact]
    public void A_weight_beyond_the_ceiling_counts_as_divergence()
    {
        var m = new HelmholtzMachine(new MachineSettings());
        m.Recognition(1)[0] = 2e6;
        var trainer = new WakeSleepTrainer(m, new SeededRandom(1));
        Assert.True(trainer.BeginEpoch(PreferenceDataset.Default()));
        Assert.Throws<DivergedException>(() => trainer.Step(1));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(10.5)]
    [InlineData(double.NaN)]
    public void Learning_rates_that_cannot_work_are_refused(double lr) =>
        Assert.Throws<ArgumentException>(() => new MachineSettings { LearningRate = lr }.Validate());

    [Fact]
    public void An_epoch_too_small_for_any_copy_is_explained_by_the_minimum_nData()
    {
        var flat = new PreferenceDataset(10, Enumerable.Repeat(1.0, 1024).ToArray());
        Assert.Equal(0, flat.EpochLength(500));
        Assert.Equal(513, flat.MinimumNData());
        Assert.True(flat.EpochLength(513) > 0);
    }

    [Fact]
    public void Likes_of_a_huge_increment_overflow_the_total_and_the_dataset_names_it()
    {
        var counts = new double[1024];
        counts[5] = 1;
        var d = new PreferenceDataset(10, counts, likeIncrement: 1e308);
        Assert.Null(d.FirstUnhealthy());
        d.Like(7);
        Assert.Null(d.FirstUnhealthy()); // 1e308 + 1 is still finite
        Assert.Equal(("total", 1e308 + 1), d.FirstUnhealthy(PreferenceDataset.MaxTotal)!.Value); // but past the exact range
        d.Like(9);
        var (where, value) = d.FirstUnhealthy()!.Value;
        Assert.Equal("total", where);
        Assert.Equal(double.PositiveInfinity, value);
        d.Like(7);
        Assert.Equal(("counts[7]", double.PositiveInfinity), d.FirstUnhealthy()!.Value); // a count before the total
    }
}
