using System.Text.Json;
using ActionPerception.IO;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Tests.Agents.Listeners;

/// <summary>One pretrained well-formed listener (default settings, no lapse) shared by the read-only tests: pretraining is the costly part.</summary>
public sealed class WellFormedListenerFixture
{
    public WellFormedListenerFixture()
    {
        Settings = new HelmholtzListenerSettings { Lapse = 0, Seed = 11 };
        Listener = new HelmholtzListener(Settings, 10, new SeededRandom(0));
        Taste = TasteCatalog.WellFormedTaste(10);
    }

    public HelmholtzListenerSettings Settings { get; }
    public HelmholtzListener Listener { get; }
    public Taste Taste { get; }
}

public class HelmholtzListenerTests(WellFormedListenerFixture fixture) : IClassFixture<WellFormedListenerFixture>
{
    private static HeardPattern At(long i, int p) => new(i, p, null, 5.0 * i, 5.0);

    [Fact]
    public void Pretraining_learns_the_taste()
    {
        var l = fixture.Listener;
        Assert.Equal(Math.Log(4), l.PretrainKlStart, 4); // a zero machine is uniform: KL(well-formed‖uniform) = ln 4
        // Measured over seeds at 100 epochs: 0.19–0.30.
        Assert.True(l.PretrainKl < 0.4, $"KL(taste‖listener) after pretraining is {l.PretrainKl}");
        Assert.True(l.FalsePositiveRate(l.TasteDistribution) < 0.2, $"the listener's own mass outside well-formed is {l.FalsePositiveRate(l.TasteDistribution)}");
    }

    [Fact]
    public void It_likes_what_is_typical_of_its_taste_and_dislikes_what_is_not()
    {
        // Perception draws from a copy of the listener's streams is not possible, so use a fresh listener with the fixture's mind.
        var l = new HelmholtzListener(fixture.Settings, 10, new SeededRandom(0));
        var taste = fixture.Taste;
        var rng = new SeededRandom(3);
        int likes = 0, likesInside = 0, dislikes = 0, dislikesOutside = 0, inside = 0;
        double nlpLiked = 0, nlpDisliked = 0;
        const int n = 6000;
        for (int i = 0; i < n; i++)
        {
            int p = rng.NextIndex(1024);
            bool wf = taste.Contains(p);
            if (wf) inside++;
            var r = l.Hear(At(i, p));
            if (r.Action == JudgementKind.Like) { likes++; nlpLiked += r.Measures!["negLogP"]; if (wf) likesInside++; }
            if (r.Action == JudgementKind.Dislike) { dislikes++; nlpDisliked += r.Measures!["negLogP"]; if (!wf) dislikesOutside++; }
        }
        // Uniform patterns are 3:1 outside the taste, so "most likes inside" means a strong preference.
        Assert.True(likesInside > 0.5 * likes, $"{likesInside} of {likes} likes inside well-formed");
        Assert.True(dislikesOutside > 0.9 * dislikes, $"{dislikesOutside} of {dislikes} dislikes outside well-formed");
        double likeIn = (double)likesInside / inside, likeOut = (double)(likes - likesInside) / (n - inside);
        Assert.True(likeIn > 3 * likeOut, $"P(like | inside) {likeIn} vs P(like | outside) {likeOut}");
        // Against its exact distribution: what it likes is far more probable to it than what it dislikes.
        Assert.True(nlpLiked / likes + 2 < nlpDisliked / dislikes, $"mean −log P: liked {nlpLiked / likes}, disliked {nlpDisliked / dislikes}");
    }

    [Fact]
    public void The_quantile_rule_likes_and_dislikes_its_own_dreams_at_the_configured_rates()
    {
        var l = new HelmholtzListener(fixture.Settings with { Rule = ActionRule.Quantile, PretrainEpochs = 30 }, 10, new SeededRandom(0));
        var dream = l.Machine.NewStates();
        var rng = new SeededRandom(9);
        int likes = 0, dislikes = 0;
        const int n = 4000;
        for (int i = 0; i < n; i++)
        {
            l.Machine.Dream(dream, rng);
            var r = l.Hear(At(i, HelmholtzMachine.UnitsToIndex(dream[0])));
            if (r.Action == JudgementKind.Like) likes++;
            if (r.Action == JudgementKind.Dislike) dislikes++;
        }
        // Surprise takes discrete values, so ties at a quantile shift the rates a little.
        Assert.InRange(likes / (double)n, 0.22, 0.36);
        Assert.InRange(dislikes / (double)n, 0.06, 0.14);
    }

    [Fact]
    public void Measures_hold_the_prediction_errors_their_sum_and_the_exact_negLogP()
    {
        var l = new HelmholtzListener(fixture.Settings with { PretrainEpochs = 5 }, 10, new SeededRandom(0));
        int p = 0b1010001010;
        double exact = -Math.Log(l.TasteDistribution[p]);
        var r = l.Hear(At(0, p));
        var m = r.Measures!;
        double sum = m["L0"] + m["L1"] + m["L2"] + m["L3"];
        Assert.Equal(sum, m["surprise"], 12);
        Assert.Equal(exact, m["negLogP"], 12);
        Assert.True(m["dislikeBound"] > 0);
        Assert.Equal(new[] { 10, 8, 6, 3 }.Select(n => n * Math.Log(2)), l.Gate);
        // The surprise is a free-energy estimate: on average it bounds −log P from above.
        var rng = new SeededRandom(1);
        double mean = Enumerable.Range(0, 2000).Average(_ => l.Perceive(p, rng).Surprise);
        Assert.True(mean >= exact - 1e-9, $"mean surprise {mean} < −log P {exact}");
    }

    [Fact]
    public void Averaging_K_recognition_samples_smooths_the_surprise()
    {
        double Variance(int k)
        {
            var l = new HelmholtzListener(fixture.Settings with { PretrainEpochs = 20, Samples = k }, 10, new SeededRandom(0));
            var rng = new SeededRandom(2);
            var v = Enumerable.Range(0, 400).Select(_ => l.Perceive(0b1101101101, rng).Surprise).ToArray();
            double mean = v.Average();
            return v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1);
        }
        double one = Variance(1), sixteen = Variance(16);
        Assert.True(sixteen < one / 4, $"variance of the surprise: K=1 {one}, K=16 {sixteen}");
    }

    [Fact]
    public void Prediction_errors_match_the_wake_loss_and_do_not_learn()
    {
        var m = new HelmholtzMachine(new MachineSettings { Init = WeightInit.Random }, new SeededRandom(4));
        var s = m.NewStates();
        HelmholtzMachine.PatternToUnits(0b1100110011, s[0]);
        m.Recognize(s, new SeededRandom(2));
        var before = Enumerable.Range(0, 4).Select(l => m.Generative(l).ToArray()).ToArray();
        var errors = new double[4];
        m.PredictionErrors(s, errors);
        for (int l = 0; l < 4; l++) Assert.Equal(before[l], m.Generative(l).ToArray());
        var losses = new double[4];
        m.Clone().Wake(s, losses);
        for (int l = 0; l < 4; l++) Assert.Equal(losses[l], errors[l], 9);
        // Stable where the naive form overflows: a huge pre-activation against the target.
        m.Generative(0)[9 * 9 + 8] = 800; // the bias of visible unit 9 (rows of 8 weights + bias)
        s[0][9] = 0;
        m.PredictionErrors(s, errors);
        Assert.True(double.IsFinite(errors[0]) && errors[0] >= 800);
    }

    [Fact]
    public void Habituating_on_everything_moves_its_distribution_toward_what_it_hears()
    {
        var l = new HelmholtzListener(fixture.Settings with { PretrainEpochs = 30, Habituation = 2, HabituateOn = HabituationSource.All }, 10, new SeededRandom(0));
        int p = 0b1000000000; // far outside well-formed
        var point = new double[1024];
        point[p] = 1;
        double before = l.TasteDistribution[p];
        double klBefore = l.Kl(point).OtherToListener;
        for (int i = 0; i < 50; i++) l.Hear(At(i, p));
        Assert.Equal(100, l.HabituationSteps);
        Assert.True(l.TasteDistribution[p] > 100 * before, $"P(heard) {before} → {l.TasteDistribution[p]}");
        Assert.True(l.Kl(point).OtherToListener < klBefore - 2, $"KL(point‖listener) {klBefore} → {l.Kl(point).OtherToListener}");
    }

    [Fact]
    public void By_default_it_habituates_only_on_what_passed_its_gate()
    {
        var settings = fixture.Settings with { PretrainEpochs = 30, Habituation = 1 };
        var l = new HelmholtzListener(settings, 10, new SeededRandom(0));
        // A pattern it rejects at the visible layer every time learns it nothing.
        int rejected = 0b1000000000;
        var before = l.TasteDistribution.ToArray();
        for (int i = 0; i < 30; i++) Assert.Equal(0, l.Hear(At(i, rejected)).Measures!["passed"]);
        Assert.Equal(0, l.HabituationSteps);
        Assert.Equal(before, l.TasteDistribution.ToArray());
        // The pattern it likes most often: every pass is one step, and its probability rises.
        var rng = new SeededRandom(8);
        int liked = Enumerable.Range(0, 1024).Where(fixture.Taste.Contains)
            .MaxBy(p => Enumerable.Range(0, 40).Count(_ => { var q = l.Perceive(p, rng); return q.Errors.Select((e, k) => e < l.Gate[k]).All(b => b); }));
        double pBefore = l.TasteDistribution[liked];
        int passes = 0;
        for (int i = 0; i < 60; i++) passes += (int)l.Hear(At(100 + i, liked)).Measures!["passed"];
        Assert.True(passes > 0);
        Assert.Equal(passes, l.HabituationSteps);
        Assert.True(l.TasteDistribution[liked] > pBefore, $"P(liked) {pBefore} → {l.TasteDistribution[liked]} after {passes} steps");
    }

    [Fact]
    public void The_lapse_rate_is_roughly_respected()
    {
        var l = new HelmholtzListener(fixture.Settings with { PretrainEpochs = 5, Lapse = 0.2 }, 10, new SeededRandom(0));
        var rng = new SeededRandom(4);
        int intended = 0, lapsed = 0;
        for (int i = 0; i < 5000; i++)
        {
            var r = l.Hear(At(i, rng.NextIndex(1024)));
            if (r.Measures!["intended"] != 0) intended++;
            if (r.Measures!["lapsed"] == 1) { lapsed++; Assert.Null(r.Action); }
        }
        Assert.True(intended > 1000);
        Assert.InRange(lapsed / (double)intended, 0.17, 0.23);
    }

    [Fact]
    public void Reaction_times_follow_the_configured_distribution()
    {
        var l = new HelmholtzListener(fixture.Settings with { PretrainEpochs = 5, Rule = ActionRule.Quantile, LikeQuantile = 0.5, DislikeQuantile = 0.5 }, 10, new SeededRandom(0));
        var rng = new SeededRandom(5);
        var times = new List<double>();
        for (int i = 0; i < 4000; i++)
        {
            var r = l.Hear(At(i, rng.NextIndex(1024)));
            if (r.Action is null) Assert.Equal(0, r.ReactionSeconds);
            else times.Add(r.ReactionSeconds);
        }
        Assert.True(times.Count > 3000);
        Assert.All(times, t => Assert.InRange(t, 0.15, 2.0));
        times.Sort();
        Assert.InRange(times[times.Count / 2], 0.43, 0.47);
        // log-normal: the 84th percentile sits at median·e^σ = 0.639 s
        Assert.InRange(times[(int)(0.8413 * times.Count)], 0.60, 0.68);
    }

    [Fact]
    public void The_reaction_time_model_clips_at_both_ends()
    {
        var rt = new ReactionTimeSettings { Median = 0.45, Sigma = 1.5, Min = 0.15, Max = 2.0 };
        var rng = new SeededRandom(6);
        var t = Enumerable.Range(0, 40000).Select(_ => rt.Sample(rng)).ToArray();
        Assert.All(t, v => Assert.InRange(v, 0.15, 2.0));
        // P(below 0.15) = Φ(ln(1/3)/1.5) = 0.232; P(above 2) = 1 − Φ(ln(2/0.45)/1.5) = 0.160
        Assert.InRange(t.Count(v => v == 0.15) / 40000.0, 0.22, 0.245);
        Assert.InRange(t.Count(v => v == 2.0) / 40000.0, 0.15, 0.17);
        Assert.Equal(0.45, new ReactionTimeSettings { Sigma = 0 }.Sample(rng));
    }

    [Fact]
    public void The_same_seed_gives_the_same_decisions_bit_for_bit()
    {
        string Run(ulong seed)
        {
            var l = new HelmholtzListener(new HelmholtzListenerSettings { PretrainEpochs = 10, Habituation = 1, HabituateOn = HabituationSource.All, CalibrationDreams = 500 },
                10, SeededRandom.Derive(seed, "listener"));
            var rng = new SeededRandom(1);
            var lines = new List<string>();
            for (int i = 0; i < 150; i++)
            {
                var r = l.Hear(At(i, rng.NextIndex(1024)));
                lines.Add($"{r.Action}|{BitConverter.DoubleToInt64Bits(r.ReactionSeconds)}|{string.Join(",", r.Measures!.Select(kv => kv.Key + "=" + BitConverter.DoubleToInt64Bits(kv.Value)))}");
            }
            return string.Join("\n", lines);
        }
        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
    }

    [Fact]
    public void Kl_both_ways_and_the_false_positive_rate_are_exact()
    {
        var l = fixture.Listener;
        var mine = l.TasteDistribution.ToArray();
        var uniform = Enumerable.Repeat(1.0 / 1024, 1024).ToArray();
        var (lo, ol) = l.Kl(uniform);
        Assert.Equal(Divergence.KL(mine, uniform), lo, 12);
        Assert.Equal(Divergence.KL(uniform, mine), ol, 12);
        Assert.Equal(0, l.Kl(mine).ListenerToOther, 12);
        Assert.Equal(0.75, l.FalsePositiveRate(uniform), 12);
        Assert.Same(l.Taste.Support, l.TasteSupport);
    }

    [Theory]
    [InlineData("lapse", "listener.helmholtz.lapse")]
    [InlineData("samples", "listener.helmholtz.samples")]
    [InlineData("precision", "listener.helmholtz.precision")]
    [InlineData("quantiles", "listener.helmholtz.likeQuantile")]
    [InlineData("reaction", "listener.helmholtz.reactionTime.median")]
    [InlineData("layers", "listener.helmholtz.layers")]
    [InlineData("hiddenLayers", "listener.helmholtz.layers[1]")]
    [InlineData("taste", "listener.helmholtz.taste.name")]
    [InlineData("habituation", "listener.helmholtz.habituation")]
    [InlineData("epochs", "listener.helmholtz.pretrainEpochs")]
    public void Bad_settings_are_refused_naming_the_field(string what, string field)
    {
        var s = new HelmholtzListenerSettings();
        s = what switch
        {
            "lapse" => s with { Lapse = 1 },
            "samples" => s with { Samples = 0 },
            "precision" => s with { Precision = -1 },
            "quantiles" => s with { Rule = ActionRule.Quantile, LikeQuantile = 0.95 },
            "reaction" => s with { ReactionTime = new ReactionTimeSettings { Median = 3 } },
            "layers" => s with { Layers = [8, 6, 3, 1] },
            "hiddenLayers" => s with { Layers = [10, 40, 1] },
            "taste" => s with { Taste = new TasteSettings { Name = "jazz" } },
            "habituation" => s with { Habituation = -1 },
            "epochs" => s with { PretrainEpochs = -3 },
            _ => throw new ArgumentException(what),
        };
        var e = Assert.Throws<ArgumentException>(() => new ListenerSettings(s).Create(new ListenerContext(10, new SeededRandom(1))));
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void Settings_round_trip_through_camelCase_json()
    {
        var settings = new ListenerSettings(
            new HelmholtzListenerSettings { Rule = ActionRule.Quantile, Habituation = 3, HabituateOn = HabituationSource.All, Layers = [10, 6, 1], Taste = new TasteSettings { Name = "sparse" } });
        string json = JsonSerializer.Serialize(settings, JsonFiles.Write);
        Assert.Contains("\"rule\": \"quantile\"", json);
        Assert.Contains("\"habituateOn\": \"all\"", json);
        Assert.Contains("\"pretrainEpochs\": 100", json);
        Assert.Contains("\"reactionTime\": {", json);
        var back = JsonSerializer.Deserialize<ListenerSettings>(json, JsonFiles.Read)!;
        Assert.Equal(JsonSerializer.Serialize(back, JsonFiles.Write), json);

        const string scenario = """
            { "kind": "oracle", "oracle": { "targets": ["1000100010", "1010101010"], "distance": 1,
              "noise": { "rationality": 2.5, "mistakeRate": 0.1, "skipRate": 0.2, "reactionTime": { "median": 0.5 } } } }
            """;
        var o = JsonSerializer.Deserialize<ListenerSettings>(scenario, JsonFiles.Read)!;
        var oracle = Assert.IsType<OracleSettings>(o.Settings);
        Assert.Equal(2.5, oracle.Noise.Rationality);
        Assert.Equal(0.35, oracle.Noise.ReactionTime.Sigma);
        Assert.IsType<OracleListener>(o.Create(new ListenerContext(10, new SeededRandom(1))));
        // Written as it is read: the kind, then its whole section with the defaults filled in.
        string written = JsonSerializer.Serialize(o, JsonFiles.Write);
        Assert.Matches("^\\{\\s*\"kind\": \"oracle\",\\s*\"oracle\": \\{", written);
        Assert.Equal(written, JsonSerializer.Serialize(JsonSerializer.Deserialize<ListenerSettings>(written, JsonFiles.Read), JsonFiles.Write));
    }

    [Fact]
    public void Describe_returns_every_setting()
    {
        var d = fixture.Listener.Describe();
        foreach (var key in new[] { "kind", "taste", "layers", "pretrainEpochs", "nData", "seed", "samples", "rule", "precision", "dislikeBound",
                     "likeQuantile", "dislikeQuantile", "calibrationDreams", "recalibrateEverySteps", "lapse", "reactionTime.median",
                     "reactionTime.sigma", "reactionTime.min", "reactionTime.max", "habituation", "habituateOn", "trainableBiases", "learningRate", "activeSampling" })
            Assert.True(d.ContainsKey(key), key);
        Assert.Equal("helmholtz", d["kind"]);
        Assert.Equal("10,8,6,3,1", d["layers"]);
    }
}
