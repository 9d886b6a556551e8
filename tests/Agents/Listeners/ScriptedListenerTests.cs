using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Tests.Agents.Listeners;

public class ScriptedListenerTests
{
    private static HeardPattern At(long i, int p) => new(i, p, null, 5.0 * i, 5.0);
    private static int P(string beats) => Taste.TryParse(beats, 10, out int p) ? p : throw new ArgumentException(beats);

    private static (int Likes, int Dislikes, int Silent) Count(IListener l, int pattern, int n)
    {
        int likes = 0, dislikes = 0, silent = 0;
        for (int i = 0; i < n; i++)
            switch (l.Hear(At(i, pattern)).Action)
            {
                case JudgementKind.Like: likes++; break;
                case JudgementKind.Dislike: dislikes++; break;
                default: silent++; break;
            }
        return (likes, dislikes, silent);
    }

    [Fact]
    public void The_oracle_likes_within_hamming_distance_k_and_dislikes_the_rest()
    {
        var s = new OracleSettings { Targets = ["1000100010"], Distance = 1 };
        var o = new OracleListener(s, 10, new SeededRandom(1));
        for (int p = 0; p < 1024; p++)
        {
            int d = int.PopCount(p ^ P("1000100010"));
            var r = o.Hear(At(p, p));
            Assert.Equal(d <= 1 ? JudgementKind.Like : JudgementKind.Dislike, r.Action);
            Assert.InRange(r.ReactionSeconds, 0.15, 2.0);
            Assert.Equal(d, o.DistanceToTargets(p));
        }
        Assert.Equal(11, o.TasteSupport!.Count(b => b));
        Assert.Equal(1.0, o.TasteDistribution.ToArray().Sum(), 12);
    }

    [Fact]
    public void The_oracle_defaults_to_the_well_formed_set()
    {
        var o = (OracleListener)ListenerSettings.Of("oracle").Create(new ListenerContext(10, new SeededRandom(1)));
        var wf = TasteCatalog.WellFormedTaste(10);
        for (int p = 0; p < 1024; p++) Assert.Equal(wf.Contains(p), o.TasteSupport![p]);
        Assert.Equal(256, o.TargetCount);
    }

    [Theory]
    [InlineData(0, 0.5)]       // σ(β·0.5): β = 0 is a coin
    [InlineData(1.0, 0.3775)]  // σ(1·(0.5 − 1)) at distance 1 from the target, k = 0
    [InlineData(3.0, 0.1824)]
    public void A_finite_rationality_makes_a_boltzmann_choice_on_the_score(double beta, double expectedLike)
    {
        var s = new OracleSettings { Targets = ["1000100010"], Noise = new TeacherNoiseSettings { Rationality = beta } };
        var o = new OracleListener(s, 10, new SeededRandom(2));
        var (likes, dislikes, silent) = Count(o, P("1000100011"), 20000);
        Assert.Equal(0, silent); // no silent band when the thresholds coincide
        Assert.InRange(likes / 20000.0, expectedLike - 0.015, expectedLike + 0.015);
        Assert.Equal(20000, likes + dislikes);
    }

    [Fact]
    public void A_large_rationality_is_the_hard_rule()
    {
        var hard = new OracleListener(new OracleSettings { Targets = ["1000100010"] }, 10, new SeededRandom(3));
        var sharp = new OracleListener(new OracleSettings { Targets = ["1000100010"], Noise = new() { Rationality = 1e6 } }, 10, new SeededRandom(3));
        for (int p = 0; p < 1024; p++) Assert.Equal(hard.Hear(At(p, p)).Action, sharp.Hear(At(p, p)).Action);
    }

    [Fact]
    public void Mistakes_flip_and_skips_silence_at_their_rates()
    {
        var s = new OracleSettings { Targets = ["1000100010"], Noise = new TeacherNoiseSettings { MistakeRate = 0.1, SkipRate = 0.25 } };
        var o = new OracleListener(s, 10, new SeededRandom(4));
        var (likes, dislikes, silent) = Count(o, P("1000100010"), 20000);
        Assert.InRange(silent / 20000.0, 0.235, 0.265);
        Assert.InRange(dislikes / (double)(likes + dislikes), 0.09, 0.11); // a liked target disliked by mistake
    }

    [Fact]
    public void The_template_likes_above_its_threshold_dislikes_below_the_lower_one_and_is_silent_between()
    {
        var t = new TemplateListener(new TemplateSettings(), 10, new SeededRandom(5));
        Assert.Equal(new[] { 2.0, -1, 1, -1, 1, -1, 1, -1, 1, -1 }, t.Weights);
        Assert.Equal(JudgementKind.Like, t.Hear(At(0, P("1010000000"))).Action);     // 3
        Assert.Null(t.Hear(At(1, P("1000000000"))).Action);                          // 2: between 1 and 3
        Assert.Null(t.Hear(At(2, P("1100000000"))).Action);                          // 1: at the dislike threshold, not below
        Assert.Equal(JudgementKind.Dislike, t.Hear(At(3, P("0100000000"))).Action);  // −1
        for (int p = 0; p < 1024; p++) Assert.Equal(t.Score(p) >= 3, t.TasteSupport![p]);

        var custom = new TemplateListener(new TemplateSettings { Weights = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0], LikeThreshold = 2, DislikeThreshold = 2 }, 10, new SeededRandom(5));
        Assert.Equal(JudgementKind.Like, custom.Hear(At(0, P("1000100000"))).Action);
        Assert.Equal(JudgementKind.Dislike, custom.Hear(At(1, P("1000000000"))).Action);
    }

    [Fact]
    public void The_template_with_a_silent_band_chooses_by_softmax_at_finite_rationality()
    {
        var t = new TemplateListener(new TemplateSettings { Noise = new() { Rationality = 1 } }, 10, new SeededRandom(6));
        // Score 2 between dislike 1 and like 3: utilities like −1, dislike −1, silent 0.
        var (likes, dislikes, silent) = Count(t, P("1000000000"), 30000);
        double e = Math.Exp(-1), z = 2 * e + 1;
        Assert.InRange(likes / 30000.0, e / z - 0.015, e / z + 0.015);
        Assert.InRange(dislikes / 30000.0, e / z - 0.015, e / z + 0.015);
        Assert.InRange(silent / 30000.0, 1 / z - 0.015, 1 / z + 0.015);
    }

    [Fact]
    public void The_random_listener_keeps_its_probabilities_and_ignores_rationality()
    {
        var r = new RandomListener(new RandomListenerSettings { LikeProbability = 0.5, DislikeProbability = 0.2, Noise = new() { Rationality = 0 } }, new SeededRandom(7));
        var (likes, dislikes, silent) = Count(r, 0, 20000);
        Assert.InRange(likes / 20000.0, 0.485, 0.515);
        Assert.InRange(dislikes / 20000.0, 0.19, 0.21);
        Assert.InRange(silent / 20000.0, 0.29, 0.31);
    }

    [Theory]
    [InlineData("oracle")]
    [InlineData("template")]
    [InlineData("random")]
    public void The_same_seed_gives_the_same_decisions(string kind)
    {
        var settings = kind switch
        {
            "oracle" => new ListenerSettings(new OracleSettings { Noise = new() { Rationality = 1, MistakeRate = 0.1, SkipRate = 0.1 } }),
            "template" => new ListenerSettings(new TemplateSettings { Noise = new() { Rationality = 1, MistakeRate = 0.1, SkipRate = 0.1 } }),
            _ => ListenerSettings.Of(kind),
        };
        string Run(ulong seed)
        {
            var l = settings.Create(new ListenerContext(10, SeededRandom.Derive(seed, "listener")));
            var rng = new SeededRandom(1);
            return string.Join(";", Enumerable.Range(0, 500).Select(i => { var r = l.Hear(At(i, rng.NextIndex(1024))); return $"{r.Action}@{BitConverter.DoubleToInt64Bits(r.ReactionSeconds)}"; }));
        }
        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
    }

    [Theory]
    [InlineData("{\"kind\":\"jazz\"}", "listener.kind 'jazz'")]
    [InlineData("{\"kind\":\"oracle\",\"template\":{}}", "listener.template is given but listener.kind is 'oracle'")]
    [InlineData("{\"template\":{},\"kind\":\"oracle\"}", "listener.template is given but listener.kind is 'oracle'")]
    [InlineData("{\"oracle\":{}}", "listener.oracle is given but listener.kind is 'helmholtz'")]
    [InlineData("{\"kind\":\"oracle\",\"orcale\":{}}", "unknown field 'listener.orcale'")]
    [InlineData("{\"kind\":\"oracle\",\"oracle\":{\"distanse\":1}}", "listener.oracle.distanse: unknown field 'distanse'")]
    [InlineData("{\"kind\":\"oracle\",\"oracle\":{\"noise\":{\"skiprate\":1}}}", "listener.oracle.noise.skiprate: unknown field")]
    [InlineData("{\"kind\":3}", "listener.kind must be a string")]
    [InlineData("{\"kind\":\"none\",\"none\":{\"x\":1}}", "listener.none.x: unknown field 'x'")]
    public void Unreadable_settings_are_refused_naming_the_field(string json, string field)
    {
        var e = Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<ListenerSettings>(json, ActionPerception.IO.JsonFiles.Read));
        Assert.Contains(field, e.Message);
        if (field.StartsWith("listener.kind '", StringComparison.Ordinal))
            foreach (var k in ListenerKinds.Names) Assert.Contains(k, e.Message);
    }

    [Theory]
    [InlineData("{\"kind\":\"oracle\",\"oracle\":{\"distance\":-1}}", "listener.oracle.distance")]
    [InlineData("{\"kind\":\"oracle\",\"oracle\":{\"targets\":[\"10101\"]}}", "listener.oracle.targets")]
    [InlineData("{\"kind\":\"oracle\",\"oracle\":{\"noise\":{\"mistakeRate\":1.5}}}", "listener.oracle.noise.mistakeRate")]
    [InlineData("{\"kind\":\"oracle\",\"oracle\":{\"noise\":{\"rationality\":-1}}}", "listener.oracle.noise.rationality")]
    [InlineData("{\"kind\":\"template\",\"template\":{\"noise\":{\"skipRate\":1}}}", "listener.template.noise.skipRate")]
    [InlineData("{\"kind\":\"template\",\"template\":{\"weights\":[1,2,3]}}", "listener.template.weights")]
    [InlineData("{\"kind\":\"template\",\"template\":{\"likeThreshold\":0,\"dislikeThreshold\":1}}", "listener.template.dislikeThreshold")]
    [InlineData("{\"kind\":\"random\",\"random\":{\"likeProbability\":0.8,\"dislikeProbability\":0.5}}", "listener.random.likeProbability + dislikeProbability")]
    [InlineData("{\"kind\":\"random\",\"random\":{\"noise\":{\"reactionTime\":{\"min\":0}}}}", "listener.random.noise.reactionTime.min")]
    public void Bad_settings_are_refused_naming_the_field(string json, string field)
    {
        var s = System.Text.Json.JsonSerializer.Deserialize<ListenerSettings>(json, ActionPerception.IO.JsonFiles.Read)!;
        var e = Assert.Throws<ArgumentException>(() => s.Create(new ListenerContext(10, new SeededRandom(1))));
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void The_factory_builds_every_kind_and_describes_it()
    {
        foreach (var kind in ListenerKinds.SimulatedNames)
        {
            var settings = kind == "helmholtz"
                ? new ListenerSettings(new HelmholtzListenerSettings { PretrainEpochs = 2 })
                : ListenerSettings.Of(kind);
            Assert.Equal(kind, settings.Kind);
            var l = settings.Create(new ListenerContext(10, new SeededRandom(1)));
            Assert.Equal(kind, l.Kind);
            Assert.Equal(kind, l.Describe()["kind"]);
        }
    }
}
