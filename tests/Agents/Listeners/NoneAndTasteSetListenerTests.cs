using ActionPerception.IO;
using System.CommandLine;
using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Runs;

namespace ActionPerception.Tests.Agents.Listeners;

public class NoneAndTasteSetListenerTests
{
    private static HeardPattern At(long i, int p) => new(i, p, null, 5.0 * i, 5.0);

    private static Scenario Options(params string[] args)
    {
        var o = new ScenarioOptions();
        var c = new Command("simulate");
        o.AddTo(c);
        var p = c.Parse(args);
        Assert.Empty(p.Errors);
        return o.Build(p, SessionMode.Virtual, "t");
    }

    [Fact]
    public void The_none_listener_hears_every_pattern_and_never_judges()
    {
        var l = ListenerSettings.Of(NoneListener.KindName).Create(new ListenerContext(10, new SeededRandom(1)));
        var none = Assert.IsType<NoneListener>(l);
        for (int p = 0; p < 1024; p++)
        {
            var r = l.Hear(At(p, p));
            Assert.Null(r.Action);
            Assert.Equal(0, r.ReactionSeconds);
        }
        Assert.Equal(1024, none.Heard);
        Assert.Equal("none", l.Kind);
        Assert.Contains("never", (string)l.Describe()["judges"], StringComparison.Ordinal);
        Assert.IsNotAssignableFrom<ITasteful>(l);
    }

    [Fact]
    public void A_none_listener_is_chosen_by_scenario_or_option_and_takes_no_settings_of_another_kind()
    {
        var s = Scenario.Parse("""{ "listener": { "kind": "none" } }""");
        Assert.IsType<NoneListener>(ListenerBuilder.For(s)(s.Listener, new SeededRandom(1), 10));
        Assert.Equal("none", Options("--listener", "none").Listener.Kind);
        Assert.Contains("listener.oracle is given but listener.kind is 'none'",
            Assert.Throws<InputFileException>(() => Scenario.Parse("""{ "listener": { "kind": "none", "oracle": { "distance": 1 } } }""")).Message);
        Assert.Throws<UsageException>(() => Options("--listener", "none", "--taste", "sparse"));
    }

    [Fact]
    public void An_oracle_with_a_taste_likes_exactly_its_set_and_within_its_distance()
    {
        var sparse = TasteCatalog.SparseTaste(10);
        var o = new OracleListener(new OracleSettings { Taste = new TasteSettings { Name = "sparse" } }, 10, new SeededRandom(2));
        for (int p = 0; p < 1024; p++)
            Assert.Equal(sparse.Contains(p) ? JudgementKind.Like : JudgementKind.Dislike, o.Hear(At(p, p)).Action);
        var near = new OracleListener(new OracleSettings { Taste = new TasteSettings { Name = "sparse" }, Distance = 1 }, 10, new SeededRandom(2));
        for (int p = 0; p < 1024; p++)
        {
            bool within = Enumerable.Range(0, 1024).Any(q => sparse.Contains(q) && int.PopCount(p ^ q) <= 1);
            Assert.Equal(within, near.TasteSupport![p]);
        }
    }

    [Fact]
    public void A_template_with_a_taste_likes_its_members_and_dislikes_the_rest()
    {
        var backbeat = TasteCatalog.BackbeatTaste(10);
        var t = new TemplateListener(new TemplateSettings { Taste = new TasteSettings { Name = "backbeat" } }, 10, new SeededRandom(3));
        for (int p = 0; p < 1024; p++)
        {
            Assert.Equal(backbeat.Contains(p) ? JudgementKind.Like : JudgementKind.Dislike, t.Hear(At(p, p)).Action);
            Assert.Equal(backbeat.Contains(p), t.TasteSupport![p]);
        }
        Assert.Equal(32, t.LikedCount);
        Assert.Equal("backbeat", t.Describe()["taste"]);
        Assert.Throws<ArgumentException>(() => new TemplateSettings { Taste = new(), Weights = new double[10] }.Validate());
        Assert.Throws<ArgumentException>(() => new TemplateSettings { Taste = new(), LikeThreshold = 2 }.Validate());
    }

    [Fact]
    public void The_taste_option_sets_the_taste_of_an_oracle_or_a_template_as_their_whole_like_rule()
    {
        var oracle = ListenerBuilder.Settings(Options("--listener", "oracle", "--taste", "dense"))!;
        var o = Assert.IsType<OracleSettings>(oracle.Settings);
        Assert.Equal("dense", o.Taste!.Name);
        Assert.Null(o.Targets);
        var template = ListenerBuilder.Settings(Options("--listener", "template", "--taste", "sparse"))!;
        Assert.Equal("sparse", Assert.IsType<TemplateSettings>(template.Settings).Taste!.Name);
        Assert.Throws<UsageException>(() => Options("--listener", "random", "--taste", "sparse"));
        Assert.Throws<UsageException>(() => Options("--listener", "oracle", "--habituation", "1"));
        Assert.Equal("sparse", Options("--reference", "sparse").Analysis.Reference);
    }
}
