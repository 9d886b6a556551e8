using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Simulations.Sweeps;

namespace ActionPerception.Tests.Environment;

public class ReferenceAndKnobsScenarioTests
{
    private static IListener Listener(Scenario s) => ListenerBuilder.Settings(s)!.Create(new ListenerContext(10, new SeededRandom(1), s.Generator.Layers));

    [Fact]
    public void The_defaults_keep_three_checkpoints_rounded_epochs_and_no_fixed_reference()
    {
        var s = Scenario.Parse("{}");
        Assert.Equal(3, s.Checkpoints.Keep);
        Assert.Equal("rounded", s.Generator.EpochData);
        Assert.Equal(EpochData.Rounded, s.Generator.EpochDataMode);
        Assert.Null(s.Analysis.Reference);
        var again = Scenario.Parse(s.ToJson());
        Assert.Equal(s.ToJson(), again.ToJson());
    }

    [Theory]
    [InlineData("""{ "checkpoints": { "keep": -1 } }""", "checkpoints.keep")]
    [InlineData("""{ "generator": { "epochData": "poisson" } }""", "generator.epochData")]
    [InlineData("""{ "analysis": { "reference": "jazz" } }""", "analysis.reference")]
    [InlineData("""{ "analysis": { "reference": "user" } }""", "analysis.reference")]
    [InlineData("""{ "analysis": null }""", "analysis")]
    public void Bad_knobs_are_refused_naming_the_field(string json, string field)
    {
        var e = Assert.Throws<ScenarioException>(() => Scenario.Parse(json));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void The_knobs_are_read_from_a_scenario()
    {
        var s = Scenario.Parse("""{ "checkpoints": { "keep": 0 }, "generator": { "epochData": "multinomial" }, "analysis": { "reference": "sparse" } }""");
        Assert.Equal(0, s.Checkpoints.Keep);
        Assert.Equal(EpochData.Multinomial, s.Generator.EpochDataMode);
        Assert.Equal("sparse", s.Analysis.Reference);
    }

    [Fact]
    public void A_given_reference_wins_over_the_listener()
    {
        var s = Scenario.Parse("""{ "listener": { "kind": "oracle" }, "analysis": { "reference": "backbeat" } }""");
        var r = ReferenceTaste.Resolve(s, Listener(s));
        Assert.Equal("backbeat", r.Name);
        Assert.Equal(ReferenceTaste.FromScenario, r.Origin);
        Assert.Equal(32, r.Size);
        Assert.Equal(TasteCatalog.BackbeatTaste(10).Support, r.Support);
    }

    [Fact]
    public void Without_one_the_reference_is_the_listener_set_else_well_formed()
    {
        var oracle = Scenario.Parse("""{ "listener": { "kind": "oracle", "oracle": { "taste": { "name": "dense" } } } }""");
        var r = ReferenceTaste.Resolve(oracle, Listener(oracle));
        Assert.Equal(("dense", ReferenceTaste.FromListener, 176), (r.Name, r.Origin, r.Size));

        var near = Scenario.Parse("""{ "listener": { "kind": "oracle", "oracle": { "distance": 1 } } }""");
        var rn = ReferenceTaste.Resolve(near, Listener(near));
        Assert.Equal("oracle: well-formed within distance 1", rn.Name);
        Assert.True(rn.Size > 256);

        foreach (var kind in new[] { "random", "none" })
        {
            var s = Scenario.Parse($$"""{ "listener": { "kind": "{{kind}}" } }""");
            var d = ReferenceTaste.Resolve(s, Listener(s));
            Assert.Equal(("well-formed", ReferenceTaste.FromDefault, 256), (d.Name, d.Origin, d.Size));
        }
        Assert.Equal("well-formed", ReferenceTaste.Resolve(Scenario.Parse("{}"), null).Name);
    }

    [Fact]
    public void A_sweep_grid_can_vary_the_reference()
    {
        const string sweep = """
            { "schemaVersion": 1, "name": "ref", "scenario": { "durationSeconds": 30, "listener": { "kind": "none" } },
              "grid": { "analysis.reference": ["well-formed", "sparse"] }, "seeds": [1] }
            """;
        var plan = SweepPlan.Parse("ref.sweep.json", sweep, ".");
        Assert.Equal(["well-formed", "sparse"], plan.Runs.Select(r => r.Scenario.Analysis.Reference));
        const string bad = """
            { "schemaVersion": 1, "name": "ref", "scenario": { "durationSeconds": 30 }, "grid": { "analysis.reference": ["jazz"] }, "seeds": [1] }
            """;
        Assert.ThrowsAny<Exception>(() => SweepPlan.Parse("ref.sweep.json", bad, "."));
    }
}
