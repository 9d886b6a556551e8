using ActionPerception.Agents.Niche;

namespace ActionPerception.Tests.Agents.Niche;

public class GeneratorRulesTests
{
    private static (string Field, string Problem, string Fix)? Check(string niche, string play, PredictiveSettings? predictive, EpistemicSettings? epistemic)
    {
        try
        {
            GeneratorRules.Validate(niche, play, predictive, epistemic, (f, p, x) => throw new InvalidOperationException($"{f}|{p}|{x}"));
            return null;
        }
        catch (InvalidOperationException e)
        {
            var parts = e.Message.Split('|');
            return (parts[0], parts[1], parts[2]);
        }
    }

    [Fact]
    public void The_defaults_and_every_named_choice_are_valid()
    {
        foreach (var niche in GeneratorRules.Niches)
            foreach (var play in GeneratorRules.Plays)
                Assert.Null(Check(niche, play, new PredictiveSettings(), new EpistemicSettings()));
        Assert.Null(Check("predictive", "epistemic", new PredictiveSettings { Shape = "power", Beta = 1 }, new EpistemicSettings { Candidates = 1, PragmaticWeight = 0 }));
    }

    [Theory]
    [InlineData("generator.niche", "bogus", "dream", 0.7, 32, "flat", 2.0, 8, 0.1)]
    [InlineData("generator.play", "counts", "greedy", 0.7, 32, "flat", 2.0, 8, 0.1)]
    [InlineData("generator.predictive", "predictive", "dream", 1.0, 32, "flat", 2.0, 8, 0.1)]
    [InlineData("generator.predictive", "predictive", "dream", 0.7, 0, "flat", 2.0, 8, 0.1)]
    [InlineData("generator.predictive", "predictive", "dream", 0.7, 32, "square", 2.0, 8, 0.1)]
    [InlineData("generator.predictive", "predictive", "dream", 0.7, 32, "power", double.NaN, 8, 0.1)]
    [InlineData("generator.epistemic", "predictive", "epistemic", 0.7, 32, "flat", 2.0, 0, 0.1)]
    [InlineData("generator.epistemic", "predictive", "epistemic", 0.7, 32, "flat", 2.0, 8, -1.0)]
    public void A_bad_setting_names_its_field_and_a_fix(string field, string niche, string play, double threshold, int minPatterns, string shape, double beta, int candidates, double weight)
    {
        var bad = Check(niche, play, new PredictiveSettings { Threshold = threshold, MinPatterns = minPatterns, Shape = shape, Beta = beta },
            new EpistemicSettings { Candidates = candidates, PragmaticWeight = weight });
        Assert.NotNull(bad);
        Assert.Equal(field, bad.Value.Field);
        Assert.False(string.IsNullOrWhiteSpace(bad.Value.Fix));
    }

    [Fact]
    public void Null_sections_are_refused()
    {
        Assert.Equal("generator.predictive", Check("predictive", "dream", null, new EpistemicSettings())?.Field);
        Assert.Equal("generator.epistemic", Check("predictive", "dream", new PredictiveSettings(), null)?.Field);
    }
}
