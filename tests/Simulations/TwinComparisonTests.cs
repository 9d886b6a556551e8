using ActionPerception.Simulations.Analysis;

namespace ActionPerception.Tests.Simulations;

public class TwinComparisonTests
{
    private static IEnumerable<(string, string)> Repeat(string person, string machine, int n) => Enumerable.Repeat((person, machine), n);

    [Fact]
    public void Perfect_agreement_has_kappa_one_and_agreement_one()
    {
        var c = TwinComparison.Of([.. Repeat("like", "like", 3), .. Repeat("dislike", "dislike", 2), .. Repeat("none", "none", 5)]);
        Assert.Equal(1.0, c.CohensKappa!.Value, 12);
        Assert.Equal(1.0, c.Agreement!.Value, 12);
        Assert.Equal(10, c.Patterns);
        Assert.Equal(5, c.JudgedByPerson);
    }

    [Fact]
    public void Independent_raters_at_chance_level_have_kappa_zero()
    {
        // Each says like half the time, independently: p_o = 0.5 = p_e.
        var c = TwinComparison.Of([("like", "like"), ("like", "none"), ("none", "like"), ("none", "none")]);
        Assert.Equal(0.0, c.CohensKappa!.Value, 12);
        Assert.Equal(0.5, c.Agreement!.Value, 12);
    }

    [Fact]
    public void The_textbook_two_by_two_example_gives_kappa_0_4()
    {
        // Wikipedia's "Cohen's kappa" example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no; p_o = 0.7, p_e = 0.5.
        var c = TwinComparison.Of([.. Repeat("like", "like", 20), .. Repeat("like", "dislike", 5), .. Repeat("dislike", "like", 10), .. Repeat("dislike", "dislike", 15)]);
        Assert.Equal(0.4, c.CohensKappa!.Value, 12);
        Assert.Equal(0.7, c.Agreement!.Value, 12);
        Assert.Equal([[20, 5, 0], [10, 15, 0], [0, 0, 0]], c.Matrix);
    }

    [Fact]
    public void A_three_by_three_example_matches_the_hand_computation()
    {
        // Rows person, columns machine: [[10,2,3],[1,8,1],[4,2,19]], n = 50.
        // p_o = 37/50 = 0.74; rows 15,10,25; columns 15,12,23; p_e = (225 + 120 + 575)/2500 = 0.368; κ = 0.372/0.632.
        var c = TwinComparison.Of([
            .. Repeat("like", "like", 10), .. Repeat("like", "dislike", 2), .. Repeat("like", "none", 3),
            .. Repeat("dislike", "like", 1), .. Repeat("dislike", "dislike", 8), .. Repeat("dislike", "none", 1),
            .. Repeat("none", "like", 4), .. Repeat("none", "dislike", 2), .. Repeat("none", "none", 19)]);
        Assert.Equal(0.372 / 0.632, c.CohensKappa!.Value, 12);
        Assert.Equal(18.0 / 25, c.Agreement!.Value, 12);
        Assert.Equal(25, c.JudgedByPerson);
        Assert.Equal(50, c.Patterns);
    }

    [Fact]
    public void Kappa_and_agreement_are_undefined_without_variation_or_judgements()
    {
        var c = TwinComparison.Of(Repeat("none", "none", 4));
        Assert.Null(c.CohensKappa);
        Assert.Null(c.Agreement);
        Assert.Null(TwinComparison.Of([]).CohensKappa);
    }

    [Fact]
    public void Worse_than_chance_is_negative()
    {
        var c = TwinComparison.Of([("like", "dislike"), ("dislike", "like")]);
        Assert.Equal(-1.0, c.CohensKappa!.Value, 12);
        Assert.Equal(0.0, c.Agreement!.Value, 12);
    }

    [Theory]
    [InlineData("like", "like")]
    [InlineData("dislike", "dislike")]
    [InlineData("stop", "none")]
    [InlineData(null, "none")]
    [InlineData("none", "none")]
    public void Actions_map_to_labels(string? action, string label) => Assert.Equal(label, TwinComparison.Label(action));
}
