using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Numerics;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;
using ActionPerception.Agents.Tastes.Posterior;

namespace ActionPerception.Tests.Agents.Niche;

public class PredictiveTargetTests
{
    private const int Beats = 10, Count = 1 << Beats;

    /// <summary>A posterior of the well-formed taste from <paramref name="n"/> judgements of uniformly drawn patterns (like inside, dislike outside).</summary>
    internal static TastePosterior WellFormedPosterior(int n, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var p = new TastePosterior(Beats);
        for (int i = 0; i < n; i++)
        {
            int x = rng.NextIndex(Count);
            p.Observe(x, TasteCatalog.IsWellFormed(x, Beats));
        }
        return p;
    }

    [Fact]
    public void With_no_judgements_the_target_is_uniform_over_every_pattern()
    {
        foreach (var settings in new[] { new PredictiveSettings(), new PredictiveSettings { Shape = PredictiveSettings.Power, Beta = 3 }, new PredictiveSettings { Threshold = 0.99 } })
        {
            var q = new PredictiveTarget(Beats, settings);
            q.Refresh(new TastePosterior(Beats, new TastePosteriorSettings { PriorVariance = 0.01 }));
            Assert.Equal(Count, q.Support);
            Assert.All(q.Target.ToArray(), v => Assert.Equal(1.0 / Count, v));
            Assert.Equal(0, q.Judgements);
        }
    }

    [Fact]
    public void The_flat_target_is_uniform_over_the_patterns_whose_upper_90_percent_end_reaches_the_threshold()
    {
        var posterior = WellFormedPosterior(120, 4);
        var q = new PredictiveTarget(Beats);
        q.Refresh(posterior);
        var all = posterior.PredictAll();
        int inSet = all.Count(p => Logistic.StableSigmoid(p.Latent + TastePosterior.Z90 * p.LatentSd) >= 0.7);
        Assert.InRange(inSet, 33, Count - 1); // the set is neither everything nor below the fallback
        Assert.Equal(inSet, q.OptimisticSetSize);
        Assert.Equal(inSet, q.Support);
        Assert.False(q.FellBack);
        for (int x = 0; x < Count; x++)
            Assert.Equal(all[x].Upper >= 0.7 ? 1.0 / inSet : 0.0, q.Target[x]);
        Assert.Equal(120, q.Judgements);
        // It learnt something: most of its mass is well-formed, far more than the 1/4 of chance.
        var m = ConvergenceMeasures.Compute(q.Target, ReferenceSet.FromTaste(TasteCatalog.WellFormedTaste(Beats), "test").Support);
        Assert.True(m.FalsePositiveRate < 0.5, $"FP {m.FalsePositiveRate}");
    }

    [Fact]
    public void Fewer_than_k_optimistic_patterns_fall_back_to_the_k_most_likely()
    {
        // Dislikes of everything drive every upper end below τ = 0.9.
        var p = new TastePosterior(Beats);
        var rng = new SeededRandom(2);
        for (int i = 0; i < 200; i++) p.Observe(rng.NextIndex(Count), false);
        p.Observe(0b1000100010, true);
        var q = new PredictiveTarget(Beats, new PredictiveSettings { Threshold = 0.9, MinPatterns = 20 });
        q.Refresh(p);
        Assert.True(q.OptimisticSetSize < 20, $"|S| = {q.OptimisticSetSize}");
        Assert.True(q.FellBack);
        Assert.Equal(20, q.Support);
        var all = p.PredictAll();
        double weakestChosen = Enumerable.Range(0, Count).Where(x => q.Target[x] > 0).Min(x => all[x].Probability);
        double strongestLeft = Enumerable.Range(0, Count).Where(x => q.Target[x] == 0).Max(x => all[x].Probability);
        Assert.True(weakestChosen >= strongestLeft);
        Assert.All(Enumerable.Range(0, Count).Where(x => q.Target[x] > 0), x => Assert.Equal(1.0 / 20, q.Target[x]));
    }

    [Fact]
    public void Ties_at_the_kth_pattern_go_to_the_lower_indices()
    {
        var predictions = new TastePrediction[16];
        for (int x = 0; x < 16; x++) predictions[x] = new TastePrediction(x, x is 3 or 9 ? 0.6 : 0.2, 0, 0.3, 0, 1);
        var q = new PredictiveTarget(4, new PredictiveSettings { MinPatterns = 4 });
        q.Refresh(predictions, judgements: 5);
        // 3 and 9 lead; the other two places go to the lowest indices of the tie at 0.2.
        Assert.Equal([0, 1, 3, 9], Enumerable.Range(0, 16).Where(x => q.Target[x] > 0).ToArray());
    }

    [Fact]
    public void The_power_shape_weighs_every_pattern_by_its_probability_to_the_beta()
    {
        var p = WellFormedPosterior(60, 7);
        var q = new PredictiveTarget(Beats, new PredictiveSettings { Shape = PredictiveSettings.Power, Beta = 1.5 });
        q.Refresh(p);
        var all = p.PredictAll();
        double z = all.Sum(a => Math.Pow(a.Probability, 1.5));
        for (int x = 0; x < Count; x++) Assert.Equal(Math.Pow(all[x].Probability, 1.5) / z, q.Target[x], 12);
        Assert.Equal(Count, q.Support);
    }

    [Fact]
    public void An_epoch_is_exactly_nData_multinomial_draws_from_the_target()
    {
        var q = new PredictiveTarget(Beats);
        q.Refresh(WellFormedPosterior(120, 4));
        var into = new int[q.EpochCapacity(500)];
        var seen = new double[Count];
        var rng = new SeededRandom(9);
        const int epochs = 400;
        for (int e = 0; e < epochs; e++)
        {
            Assert.Equal(500, q.BuildEpoch(500, rng, into));
            foreach (int x in into) seen[x]++;
        }
        for (int x = 0; x < Count; x++)
        {
            double expected = epochs * 500.0 * q.Target[x];
            double sd = Math.Sqrt(expected * (1 - q.Target[x]));
            Assert.InRange(seen[x], expected - 5 * sd - 1e-9, expected + 5 * sd + 1e-9);
        }
        // Same seed, same epoch; and rounded mode changes nothing (the target always draws).
        var a = new int[500];
        var b = new int[500];
        q.BuildEpoch(500, new SeededRandom(1), a);
        ((IEpochSource)q).BuildEpoch(500, new SeededRandom(1), b, EpochData.Rounded, new double[Count]);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Refreshing_and_drawing_allocate_nothing()
    {
        var p = WellFormedPosterior(100, 3);
        var snapshot = p.Snapshot();
        var fallback = new PredictiveTarget(Beats, new PredictiveSettings { Threshold = 0.999, MinPatterns = 200 });
        var flat = new PredictiveTarget(Beats);
        var into = new int[500];
        var rng = new SeededRandom(1);
        for (int warm = 0; warm < 3; warm++)
        {
            flat.Refresh(p); flat.Refresh(snapshot); fallback.Refresh(p); flat.BuildEpoch(500, rng, into);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            flat.Refresh(p);
            flat.Refresh(snapshot);
            fallback.Refresh(p);
            flat.BuildEpoch(500, rng, into);
            fallback.BuildEpoch(500, rng, into);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(fallback.FellBack);
    }

    [Fact]
    public void A_snapshot_gives_the_posterior_target_of_its_moment()
    {
        var p = WellFormedPosterior(80, 5);
        var snapshot = p.Snapshot();
        var fromPosterior = new PredictiveTarget(Beats);
        fromPosterior.Refresh(p);
        p.Observe(0, true); // later judgements do not reach the snapshot
        p.Observe(1, true);
        var fromSnapshot = new PredictiveTarget(Beats);
        fromSnapshot.Refresh(snapshot);
        Assert.Equal(fromPosterior.Target.ToArray(), fromSnapshot.Target.ToArray());
        Assert.Equal(80, fromSnapshot.Judgements);
    }

    [Fact]
    public void The_trainer_trains_on_the_target_as_on_a_dataset()
    {
        var machine = new HelmholtzMachine(new MachineSettings { Layers = [10, 8, 6, 3, 1] }, new SeededRandom(1));
        var trainer = new WakeSleepTrainer(machine, new SeededRandom(2), nData: 300);
        var q = new PredictiveTarget(Beats);
        q.Refresh(WellFormedPosterior(120, 4));
        var report = trainer.TrainEpoch(q);
        Assert.NotNull(report);
        Assert.Equal(300, report.Steps);
        // KL(data‖gen) is measured against the target: the zero-initialised machine is uniform, so it is ln(1024/|S|).
        Assert.Equal(Math.Log((double)Count / q.Support), report.KlDataGen, 4);
    }

    [Fact]
    public void The_target_refuses_a_posterior_of_another_length()
    {
        var q = new PredictiveTarget(8);
        Assert.Throws<ArgumentException>(() => q.Refresh(new TastePosterior(10)));
        Assert.Throws<ArgumentException>(() => q.Refresh(new TastePrediction[10], 1));
    }
}
