using ActionPerception.Agents.Tastes.Posterior;
using ActionPerception.Tests.Agents.Niche;

namespace ActionPerception.Tests.Agents.Posterior;

public class TastePosteriorSnapshotTests
{
    [Fact]
    public void A_snapshot_predicts_as_its_posterior_did_and_never_changes_after()
    {
        var p = PredictiveTargetTests.WellFormedPosterior(50, 8);
        var before = p.PredictAll();
        var snapshot = p.Snapshot();
        for (int i = 0; i < 30; i++) p.Observe(i, i % 3 == 0);
        Assert.Equal(50, snapshot.Judgements);
        var frozen = new TastePrediction[1024];
        snapshot.PredictAll(frozen);
        Assert.Equal(before, frozen);
        Assert.Equal(before[123], snapshot.Predict(123));
        Assert.NotEqual(p.Predict(0), snapshot.Predict(0));
    }

    [Fact]
    public void The_prior_snapshot_is_a_coin_for_every_pattern()
    {
        var prior = TastePosteriorSnapshot.Prior(10);
        Assert.Equal(0, prior.Judgements);
        Assert.All(Enumerable.Range(0, 1024), x => Assert.Equal(0.5, prior.Predict(x).Probability));
    }
}
