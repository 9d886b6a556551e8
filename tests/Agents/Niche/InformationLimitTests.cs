using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;
using Xunit.Abstractions;

namespace ActionPerception.Tests.Agents.Niche;

public class InformationLimitTests(ITestOutputHelper output)
{
    private static readonly ReferenceSet WellFormed = ReferenceSet.FromTaste(TasteCatalog.WellFormedTaste(10), "test");

    [Fact]
    public void A_reliable_listener_bounds_FP_well_below_chance_and_coverage_near_one()
    {
        // The figure: a flat target from 120 oracle judgements scored about FP 0.31, coverage 0.98.
        var limit = InformationLimit.Compute(WellFormed, (x, _) => WellFormed.Support[x], 120, seed: 1);
        output.WriteLine($"FP {limit.FalsePositiveRate:F3} ± {limit.FalsePositiveRateSd:F3}, coverage {limit.Coverage:F3} ± {limit.CoverageSd:F3}");
        Assert.Equal(120, limit.Judgements);
        Assert.Equal(0.75, limit.ChanceFalsePositiveRate);
        Assert.InRange(limit.FalsePositiveRate, 0.1, 0.45);
        Assert.InRange(limit.Coverage, 0.9, 1);
    }

    [Fact]
    public void No_judgements_bound_at_chance_with_no_coverage()
    {
        var limit = InformationLimit.Compute(WellFormed, (_, _) => null, 0, seed: 1);
        Assert.Equal(0.75, limit.FalsePositiveRate, 12);
        Assert.Equal(0, limit.Coverage); // 1/1024 per member is below half its share 1/256
        Assert.Equal(0, limit.Judgements);
    }

    [Fact]
    public void More_judgements_give_a_tighter_bound_and_the_same_seed_the_same_bound()
    {
        var a = InformationLimit.Compute(WellFormed, (x, _) => WellFormed.Support[x], 30, seed: 2);
        var b = InformationLimit.Compute(WellFormed, (x, _) => WellFormed.Support[x], 300, seed: 2);
        Assert.True(b.FalsePositiveRate < a.FalsePositiveRate, $"{b.FalsePositiveRate} vs {a.FalsePositiveRate}");
        Assert.Equal(a, InformationLimit.Compute(WellFormed, (x, _) => WellFormed.Support[x], 30, seed: 2));
    }

    [Fact]
    public void Reliability_counts_a_run_by_side_and_replays_its_rates()
    {
        int inside = Enumerable.Range(0, 1024).First(x => WellFormed.Support[x]);
        int outside = Enumerable.Range(0, 1024).First(x => !WellFormed.Support[x]);
        (int, bool?)[] heard = [(inside, true), (inside, null), (inside, true), (inside, false), (outside, false), (outside, null), (outside, true), (outside, null)];
        var r = ListenerReliability.Count(heard, WellFormed.Support);
        Assert.Equal(new ListenerReliability(4, 4, 2, 1, 1, 1), r);
        Assert.Equal(0.75, r.JudgedShareInside);
        Assert.Equal(0.5, r.LikeRateInside);
        Assert.Equal(0.25, r.LikeRateOutside);
        Assert.Equal(5, r.Judgements);

        var rng = new SeededRandom(3);
        int likes = 0, dislikes = 0;
        const int n = 40_000;
        for (int i = 0; i < n; i++)
            switch (r.Judge(inside: true, rng)) { case true: likes++; break; case false: dislikes++; break; }
        Assert.InRange((double)likes / n, 0.49, 0.51);
        Assert.InRange((double)dislikes / n, 0.24, 0.26);
    }

    [Fact]
    public void An_unreliable_listener_bounds_worse_than_a_reliable_one_with_the_same_judgements()
    {
        // Likes 30 % of the reference it hears and 5 % of the rest, dislikes 20 % of the rest, else silent.
        var noisy = new ListenerReliability(1000, 1000, 300, 0, 50, 200);
        var limit = InformationLimit.FromReliability(WellFormed, noisy, seed: 4);
        Assert.NotNull(limit);
        Assert.Same(noisy, limit.Reliability);
        var reliable = InformationLimit.Compute(WellFormed, (x, _) => WellFormed.Support[x], limit.Judgements, seed: 4);
        output.WriteLine($"noisy FP {limit.FalsePositiveRate:F3} coverage {limit.Coverage:F3}; reliable FP {reliable.FalsePositiveRate:F3} coverage {reliable.Coverage:F3}");
        Assert.True(limit.FalsePositiveRate > reliable.FalsePositiveRate);
        // A run that never heard one side cannot be replayed.
        Assert.Null(InformationLimit.FromReliability(WellFormed, new ListenerReliability(10, 0, 5, 0, 0, 0), seed: 1));
    }
}
