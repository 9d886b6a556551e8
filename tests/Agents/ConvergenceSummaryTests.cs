using ActionPerception.Agents.Tastes;

namespace ActionPerception.Tests.Agents;

public class ConvergenceSummaryTests
{
    /// <summary>One epoch every 5 s, 1 pattern per 5 s, with the given false-positive rates.</summary>
    private static List<ConvergencePoint> Series(params double[] fp) =>
        [.. fp.Select((f, k) => new ConvergencePoint(5.0 * (k + 1), k + 1, f, 10 + k, 0.01 * k, 6 - 0.01 * k))];

    [Fact]
    public void Final_measures_are_means_over_the_last_tenth_of_the_epochs()
    {
        var fp = Enumerable.Range(0, 40).Select(k => k < 36 ? 0.7 : 0.1 * (k - 35)).ToArray(); // last 4: 0.1 0.2 0.3 0.4
        var s = ConvergenceSummary.Compute("well-formed", 0.75, Series(fp));
        Assert.Equal("well-formed", s.Reference);
        Assert.Equal(0.75, s.ChanceFalsePositiveRate);
        Assert.Equal(0.25, s.FalsePositiveRate!.Value, 12);
        Assert.Equal((46 + 47 + 48 + 49) / 4.0, s.KlReferenceGen!.Value, 12);
        Assert.Equal((0.36 + 0.37 + 0.38 + 0.39) / 4, s.Coverage!.Value, 12);
        Assert.Equal(40, s.Epochs);
        // Fewer than ten epochs: the last one alone.
        Assert.Equal(0.3, ConvergenceSummary.Compute("r", 0.75, Series(0.9, 0.5, 0.3)).FalsePositiveRate!.Value, 12);
    }

    [Fact]
    public void Half_chance_is_reached_where_the_smoothed_rate_stays_at_or_below_it_until_the_end()
    {
        // Chance 0.8, half 0.4. Epochs every 5 s: 12 epochs per 60 s window.
        var fp = new List<double>();
        fp.AddRange(Enumerable.Repeat(0.8, 24));  // 5 … 120 s
        fp.AddRange(Enumerable.Repeat(0.0, 36));  // 125 … 300 s
        var s = ConvergenceSummary.Compute("r", 0.8, Series([.. fp]));
        // The window ending at epoch k holds epochs k−11 … k; its mean is ≤ 0.4 once at least 6 of the 12 are 0:
        // the 6th zero is epoch 30 (index 29), at 150 s, the 30th pattern.
        Assert.Equal(150, s.SecondsToHalfChance);
        Assert.Equal(30, s.PatternsToHalfChance);
    }

    [Fact]
    public void A_dip_below_half_chance_that_does_not_last_does_not_count()
    {
        var fp = new List<double>();
        fp.AddRange(Enumerable.Repeat(0.0, 24));  // below at once …
        fp.AddRange(Enumerable.Repeat(0.8, 24));  // … then back at chance
        fp.AddRange(Enumerable.Repeat(0.1, 24));  // and below for good
        var s = ConvergenceSummary.Compute("r", 0.8, Series([.. fp]));
        // With c epochs of 0.8 left in the 12-epoch window: (0.8·c + 0.1·(12 − c))/12 ≤ 0.4 ⇔ c ≤ 5, first at
        // index 54 (epoch 55, 275 s); the early dip is broken by the return to chance.
        Assert.Equal(275, s.SecondsToHalfChance);
        Assert.Equal(55, s.PatternsToHalfChance);
        // Exactly at half counts as reached.
        Assert.Equal(5, ConvergenceSummary.Compute("r", 0.8, Series(0.4, 0.4)).SecondsToHalfChance);
    }

    [Fact]
    public void Never_below_half_chance_or_no_epoch_gives_nulls()
    {
        var never = ConvergenceSummary.Compute("r", 0.75, Series(0.75, 0.74, 0.5, 0.3, 0.6));
        Assert.Null(never.SecondsToHalfChance);
        Assert.Null(never.PatternsToHalfChance);
        var empty = ConvergenceSummary.Compute("r", 0.75, []);
        Assert.Null(empty.FalsePositiveRate);
        Assert.Null(empty.Coverage);
        Assert.Null(empty.KlReferenceGen);
        Assert.Null(empty.SecondsToHalfChance);
        Assert.Equal(0, empty.Epochs);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvergenceSummary.Compute("r", double.NaN, Series(0.5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvergenceSummary.Compute("r", 1.5, Series(0.5)));
        var backwards = Series(0.5, 0.4);
        backwards.Reverse();
        Assert.Throws<ArgumentException>(() => ConvergenceSummary.Compute("r", 0.75, backwards));
    }
}
