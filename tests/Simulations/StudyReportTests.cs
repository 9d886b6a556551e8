using ActionPerception.Simulations.Studies;

namespace ActionPerception.Tests.Simulations;

public class StudyReportTests
{
    [Fact]
    public void Sign_flip_test_is_exact_and_says_the_least_p_the_pairs_can_reach()
    {
        // All three differences positive: only the all-plus and all-minus patterns reach |sum| = 6, 2 of 8.
        var c = PairedComparison.Of([1, 2, 3]);
        Assert.True(c.Exact);
        Assert.Equal(0.25, c.P, 12);
        Assert.Equal(0.25, c.LeastAttainableP, 12);
        Assert.Equal(2, c.MeanDifference, 12);
        // Student t, 2 degrees of freedom: t(0.975) = 4.302653, sd 1.
        Assert.Equal(2 - 4.302653 / Math.Sqrt(3), c.Lower, 5);
        Assert.Equal(2.0, c.EffectSize!.Value, 12);
        // ±1 ±1 ±2 against the observed 1 − 1 + 2 = 2: six of the eight sums reach |2|.
        Assert.Equal(0.75, PairedComparison.Of([1, -1, 2]).P, 12);
        Assert.Equal(2.0 / 1024, PairedComparison.Of([.. Enumerable.Range(1, 10).Select(i => (double)i)]).P, 12);
        Assert.Equal(1.0, PairedComparison.Of([0, 0, 0]).P, 12);
    }

    [Fact]
    public void Beyond_twenty_pairs_the_flips_are_seeded_and_repeatable()
    {
        var d = Enumerable.Range(0, 30).Select(i => i % 3 == 0 ? -0.5 : 1.0).ToList();
        var a = PairedComparison.Of(d);
        Assert.False(a.Exact);
        Assert.Equal(a, PairedComparison.Of(d));
        Assert.InRange(a.P, 1.0 / (PairedComparison.RandomFlips + 1), 0.01);
    }
}
