using ActionPerception.Agents.Files;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents;

public class EpochDataTests
{
    [Fact]
    public void A_multinomial_epoch_holds_exactly_nData_patterns_all_from_the_dataset()
    {
        var data = DatasetFile.Load(Fixtures.UserDataset);
        var into = new int[data.EpochCapacity(500)];
        var scratch = new double[data.PatternCount];
        var rng = new SeededRandom(3);
        for (int e = 0; e < 20; e++)
        {
            Assert.Equal(500, data.BuildMultinomialEpoch(500, rng, into, scratch));
            for (int i = 0; i < 500; i++) Assert.True(data[into[i]] > 0, $"pattern {into[i]} has no count");
        }
        Assert.Equal(0, new PreferenceDataset(4, new double[16]).BuildMultinomialEpoch(10, rng, into, scratch));
    }

    [Fact]
    public void Multinomial_epochs_follow_the_counts_in_expectation_with_no_rounding_threshold()
    {
        // Total 1100 > 2·nData: a count-1 pattern's share 1/1100 rounds to no copy at nData 500 …
        var counts = new double[16];
        counts[1] = 1;
        counts[2] = 99;
        counts[3] = 1000;
        var data = new PreferenceDataset(4, counts);
        var into = new int[data.EpochCapacity(500)];
        int rounded = data.BuildEpoch(500, new SeededRandom(1), into);
        Assert.DoesNotContain(1, into[..rounded]);

        // … but multinomial epochs draw it 500/1100 times per epoch on average.
        var seen = new double[16];
        var rng = new SeededRandom(5);
        var scratch = new double[16];
        const int epochs = 2000;
        for (int e = 0; e < epochs; e++)
        {
            data.BuildMultinomialEpoch(500, rng, into, scratch);
            for (int i = 0; i < 500; i++) seen[into[i]]++;
        }
        for (int p = 0; p < 16; p++)
        {
            double expected = epochs * 500.0 * counts[p] / 1100;
            // Binomial: within 5 standard deviations.
            double sd = Math.Sqrt(epochs * 500.0 * counts[p] / 1100 * (1 - counts[p] / 1100));
            Assert.InRange(seen[p], expected - 5 * sd - 1e-9, expected + 5 * sd + 1e-9);
        }
        Assert.True(seen[1] > 0);
    }

    [Fact]
    public void Rounded_epochs_are_the_default_and_unchanged_by_the_option()
    {
        string Train(EpochData? mode)
        {
            var data = DatasetFile.Load(Fixtures.UserDataset);
            var m = new HelmholtzMachine(new MachineSettings { Init = WeightInit.Random }, SeededRandom.Derive(9, "init"));
            var t = mode is EpochData e ? new WakeSleepTrainer(m, SeededRandom.Derive(9, "train"), epochData: e) : new WakeSleepTrainer(m, SeededRandom.Derive(9, "train"));
            for (int k = 0; k < 3; k++) t.TrainEpoch(data);
            return ModelFile.Serialize(new GeneratorModel(m, null, t.Epoch));
        }
        string byDefault = Train(null);
        Assert.Equal(byDefault, Train(EpochData.Rounded));
        Assert.NotEqual(byDefault, Train(EpochData.Multinomial));
        Assert.Equal(Train(EpochData.Multinomial), Train(EpochData.Multinomial));
    }

    [Fact]
    public void A_multinomial_trainer_takes_exactly_nData_steps_per_epoch()
    {
        var data = DatasetFile.Load(Fixtures.UserDataset); // rounded epochs hold 514 here
        var t = new WakeSleepTrainer(new HelmholtzMachine(new MachineSettings()), new SeededRandom(1), 500, epochData: EpochData.Multinomial);
        Assert.Equal(500, t.TrainEpoch(data)!.Steps);
        Assert.Equal(EpochData.Multinomial, t.EpochData);
    }
}
