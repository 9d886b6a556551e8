using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Tests.Agents.Niche;

public class ConvergenceVerdictTests
{
    private static ConvergenceSummary Run(double fp, double coverage) => new("well-formed", 0.75, fp, null, null, coverage, 0.5, 5, 100);
    private static InformationLimit Limit(double fp, double coverage) => new(120, 5, fp, 0.01, coverage, 0.01, 0.75, null);

    [Fact]
    public void Half_of_chance_with_most_of_the_taste_covered_has_converged()
    {
        var v = ConvergenceVerdict.Judge(Run(0.2, 0.85), Limit(0.18, 0.95), 119, "predictive")!;
        Assert.Equal(ConvergenceVerdict.Converged, v.State);
        Assert.Equal("Converged: false-positive rate 0.20 (chance 0.75), coverage 0.85 of 'well-formed'; the information limit of its 120 judgements is 0.18 and 0.95; to go further, run longer.", v.Sentence);
    }

    [Fact]
    public void Low_false_positives_on_a_narrow_part_of_the_taste_are_still_moving_and_counts_are_told_to_try_the_predictive_niche()
    {
        var v = ConvergenceVerdict.Judge(Run(0.3, 0.38), Limit(0.3, 0.95), 119, "counts")!;
        Assert.Equal(ConvergenceVerdict.Moving, v.State);
        Assert.Contains("--niche predictive --play epistemic", v.Sentence);
        var atLimit = ConvergenceVerdict.Judge(Run(0.33, 0.75), Limit(0.3, 0.79), 60, "predictive")!;
        Assert.Equal(ConvergenceVerdict.Moving, atLimit.State);
        Assert.Contains("the judgements are the limit", atLimit.Sentence);
    }

    [Fact]
    public void Within_005_of_chance_is_at_chance_and_says_why()
    {
        Assert.Contains("judged nothing", ConvergenceVerdict.Judge(Run(0.74, 0.0), Limit(0.75, 0), 0, "predictive")!.Sentence);
        var noisy = ConvergenceVerdict.Judge(Run(0.78, 0.03), Limit(0.74, 0.4), 70, "predictive")!;
        Assert.Equal(ConvergenceVerdict.AtChance, noisy.State);
        Assert.Contains("do not follow the reference", noisy.Sentence);
        Assert.Null(ConvergenceVerdict.Judge(new ConvergenceSummary("well-formed", 0.75, null, null, null, null, null, null, 0), null, 0, "counts"));
    }
}
