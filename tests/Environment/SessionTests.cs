using System.Text.Json;
using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Checkpoints;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Tests.Environment;

public class SessionTests
{
    private static ListenerResponse LikeEveryOther(HeardPattern h) =>
        new(h.Serial % 2 == 0 ? JudgementKind.Like : JudgementKind.Dislike, 0.4 + 0.1 * (h.Serial % 5));

    [Fact]
    public void Same_scenario_and_seed_give_byte_identical_logs_in_virtual_time()
    {
        string Run(ulong seed)
        {
            var (session, folder) = SessionHarness.Create(SessionHarness.Fast(60, seed), new ScriptedTestListener(LikeEveryOther));
            using (session) session.RunVirtual();
            return File.ReadAllText(SessionHarness.LogPath(folder));
        }
        string a = Run(5), b = Run(5), c = Run(6);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Contains("\"type\":\"epoch\"", a);
    }

    [Fact]
    public void A_virtual_session_plays_every_buffer_and_trains_exactly_its_budget()
    {
        var listener = new ScriptedTestListener(LikeEveryOther);
        var (session, folder) = SessionHarness.Create(SessionHarness.Fast(60), listener);
        SessionSummary summary;
        using (session) summary = session.RunVirtual();
        Assert.Equal(30, summary.Patterns);              // 60 s of 2 s buffers
        Assert.Equal(60 * 800, summary.TrainingSteps);    // floor(800 · 60)
        Assert.Equal(60, summary.AudioSeconds, 9);
        Assert.Equal("duration reached", summary.StopReason);
        var log = RawLog.Read(SessionHarness.LogPath(folder));
        Assert.Empty(ActionPerception.Environment.Logging.SessionLogReader.Read(SessionHarness.LogPath(folder)).Problems); // every line reads back as its type
        Assert.Equal("header", log.Events[0].GetProperty("type").GetString());
        Assert.Equal(30, log.OfType("pattern").Count());
        Assert.Equal(30, log.OfType("perception").Count());
        var starts = log.OfType("pattern").Select(e => e.GetProperty("start").GetDouble()).ToArray();
        for (int k = 0; k < starts.Length; k++) Assert.Equal(2.0 * k, starts[k], 9);
        Assert.Single(log.OfType("stop"));
        Assert.True(summary.Likes > 0 && summary.Dislikes > 0);
        Assert.Equal(summary.JudgementsSent, summary.JudgementsApplied);
    }

    [Fact]
    public void Judgements_are_attributed_by_the_half_buffer_rule_edges_included()
    {
        // Buffers are 2 s, the shift 1 s. Reactions chosen so that t − shift lands exactly on and just around boundaries.
        var reactions = new Dictionary<long, double>
        {
            [0] = 0.5,     // 0.5 − 1 < 0: before the first buffer
            [1] = 0.999,   // 2.999 − 1 = 1.999: still pattern 0
            [2] = 1.0,     // 5 − 1 = 4: exactly the start of pattern 2
            [3] = 2.999,   // 8.999 − 1 = 7.999: pattern 3
            [4] = 3.0,     // 11 − 1 = 10: the start of pattern 5
            [9] = 1.5,     // 19.5 > stop at 20? no: 19.5 − 1 = 18.5: pattern 9
        };
        var listener = new ScriptedTestListener(h => reactions.TryGetValue(h.Serial, out var r) ? new(JudgementKind.Like, r) : ListenerResponse.Silent);
        // Decision point 0: the judgement is made at start + reaction, so the reactions place it exactly.
        var scenario = SessionHarness.Fast(20) with { Timing = new TimingScenario { DecisionPoint = 0 } };
        var (session, folder) = SessionHarness.Create(scenario, listener);
        using (session) session.RunVirtual();
        var js = RawLog.Read(SessionHarness.LogPath(folder)).OfType("judgement")
            .ToDictionary(e => e.GetProperty("heardSerial").GetInt64());
        Assert.Equal("ignored", js[0].GetProperty("status").GetString());
        Assert.Equal("before the first buffer", js[0].GetProperty("reason").GetString());
        Assert.Equal(0, js[1].GetProperty("serial").GetInt64());
        Assert.Equal(2, js[2].GetProperty("serial").GetInt64());
        Assert.Equal(3, js[3].GetProperty("serial").GetInt64());
        Assert.Equal(5, js[4].GetProperty("serial").GetInt64());
        Assert.Equal(9, js[9].GetProperty("serial").GetInt64());
    }

    [Fact]
    public void Judgements_made_after_the_stop_are_logged_as_ignored()
    {
        var listener = new ScriptedTestListener(h => h.Serial == 9 ? new(JudgementKind.Like, 0.2) : ListenerResponse.Silent);
        var (session, folder) = SessionHarness.Create(SessionHarness.Fast(20), listener); // pattern 9 starts at 18, decided at 20 + 0.2, stop at 20
        SessionSummary summary;
        using (session) summary = session.RunVirtual();
        var j = Assert.Single(RawLog.Read(SessionHarness.LogPath(folder)).OfType("judgement"));
        Assert.Equal("ignored", j.GetProperty("status").GetString());
        Assert.Equal("after stop", j.GetProperty("reason").GetString());
        Assert.Equal(0, summary.Likes);
    }

    [Fact]
    public void A_listener_can_stop_the_session()
    {
        var listener = new ScriptedTestListener(h => h.Serial == 3 ? new(JudgementKind.Stop, 0.5) : ListenerResponse.Silent);
        var (session, folder) = SessionHarness.Create(SessionHarness.Fast(60), listener);
        SessionSummary summary;
        using (session) summary = session.RunVirtual();
        Assert.Equal("stopped by the listener", summary.StopReason);
        Assert.Equal(5, summary.Patterns);               // pattern 3 (6–8 s) heard to its end, stop at 8.5 s
        Assert.Equal(8.5, summary.AudioSeconds, 6);
    }

    [Fact]
    public void Likes_reshape_the_niche_and_the_drum_layer()
    {
        var listener = new ScriptedTestListener(_ => new(JudgementKind.Like, 0.3));
        var (session, folder) = SessionHarness.Create(SessionHarness.Fast(20), listener);
        using (session) session.RunVirtual();
        var log = RawLog.Read(SessionHarness.LogPath(folder));
        var liked = log.OfType("judgement").Where(e => e.GetProperty("status").GetString() == "applied").Select(e => e.GetProperty("pattern").GetInt32()).ToList();
        Assert.NotEmpty(liked);
        var checkpoint = Checkpoint.Load(Directory.GetFiles(folder, "checkpoint-*.json").Single());
        foreach (var g in liked.GroupBy(p => p))
            Assert.True(checkpoint.Dataset[g.Key] >= 10 * g.Count(), $"pattern {g.Key} liked {g.Count()} times has count {checkpoint.Dataset[g.Key]}");
        Assert.Equal(205 + 10 * liked.Count, checkpoint.Dataset.Total);
    }

    [Fact]
    public void Cancellation_mid_session_leaves_a_readable_log_and_a_loadable_checkpoint()
    {
        using var cts = new CancellationTokenSource();
        var listener = new ScriptedTestListener(h => { if (h.Serial == 5) cts.Cancel(); return new(JudgementKind.Like, 0.5); });
        var (session, folder) = SessionHarness.Create(SessionHarness.Fast(600), listener);
        SessionSummary summary;
        using (session) summary = session.RunVirtual(cts.Token);
        Assert.Equal("interrupted", summary.StopReason);
        var log = RawLog.Read(SessionHarness.LogPath(folder));
        Assert.Empty(ActionPerception.Environment.Logging.SessionLogReader.Read(SessionHarness.LogPath(folder)).Problems); // every line reads back as its type
        Assert.Equal("interrupted", log.OfType("stop").Single().GetProperty("reason").GetString());
        var cp = Checkpoint.Load(summary.LastCheckpoint!);
        Assert.True(cp.Epoch > 0);
        Assert.Equal(6, cp.NextSerial);
    }

    [Fact]
    public void Resume_continues_where_the_checkpoint_left_off()
    {
        var (first, folder) = SessionHarness.Create(SessionHarness.Fast(30), new ScriptedTestListener(LikeEveryOther));
        SessionSummary s1;
        using (first) s1 = first.RunVirtual();
        var cpPath = s1.LastCheckpoint!;
        var cp = Checkpoint.Load(cpPath);
        Assert.Equal(15, cp.NextSerial);
        Assert.Equal(s1.Epochs, cp.Epoch);

        var scenario = cp.Scenario with { DurationSeconds = 10 };
        var folder2 = Fixtures.TempDir();
        var second = SessionBuilder.Create(scenario, folder2, (_, _, _) => new ScriptedTestListener(LikeEveryOther), cp, cpPath);
        SessionSummary s2;
        using (second) s2 = second.RunVirtual();
        var log = RawLog.Read(Path.Combine(folder2, SessionBuilder.LogFileName));
        var header = log.Events[0];
        Assert.Equal(cp.Epoch, header.GetProperty("resumedFrom").GetProperty("epoch").GetInt32());
        var firstPattern = log.OfType("pattern").First();
        Assert.Equal(15, firstPattern.GetProperty("serial").GetInt64());
        Assert.Equal(30.0, firstPattern.GetProperty("start").GetDouble(), 9);
        var firstEpoch = log.OfType("epoch").First();
        Assert.Equal(cp.Epoch + 1, firstEpoch.GetProperty("epoch").GetInt32());
        Assert.Equal(5, s2.Patterns);
        Assert.Equal(cp.TotalSteps + 10 * 800, s2.TrainingSteps);
        // The dataset carried over: likes of the first part are still in it.
        Assert.Equal(cp.Dataset.Total, JsonDocument.Parse(File.ReadAllText(cpPath)).RootElement.GetProperty("dataset").GetProperty("counts").EnumerateArray().Sum(x => x.GetDouble()));
    }

    [Fact]
    public void A_resumed_session_continues_the_taste_posterior_from_the_checkpoints_judgements()
    {
        var scenario = SessionHarness.Fast(30) with { Generator = new GeneratorScenario { Niche = GeneratorScenario.PredictiveNiche } };
        var (first, _) = SessionHarness.Create(scenario, new ScriptedTestListener(LikeEveryOther));
        SessionSummary s1;
        using (first) s1 = first.RunVirtual();
        var cp = Checkpoint.Load(s1.LastCheckpoint!);
        Assert.NotEmpty(cp.TasteJudgements);
        Assert.Equal(s1.Taste!.Judgements, cp.TasteJudgements.Length);
        Assert.All(cp.TasteJudgements, c => Assert.InRange(c, 0, 2047));

        var second = SessionBuilder.Create(cp.Scenario with { DurationSeconds = 10 }, Fixtures.TempDir(), (_, _, _) => new ScriptedTestListener(LikeEveryOther), cp, s1.LastCheckpoint);
        SessionSummary s2;
        using (second) s2 = second.RunVirtual();
        // The posterior counts the first part's judgements, then the new ones (none is lost or counted twice).
        Assert.Equal(cp.TasteJudgements.Length + (int)s2.JudgementsApplied, s2.Taste!.Judgements);

        // A checkpoint with a code out of range is refused, naming the place.
        string bad = Path.Combine(Fixtures.TempDir(), "bad.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(s1.LastCheckpoint!))!;
        node["tasteJudgements"]![0] = 5000;
        File.WriteAllText(bad, node.ToJsonString());
        Assert.Contains("tasteJudgements[0]", Assert.Throws<ActionPerception.IO.InputFileException>(() => Checkpoint.Load(bad)).Message);
    }

    [Fact]
    public void A_session_measures_the_final_generator_against_the_taste_its_judgements_reveal()
    {
        var (session, _) = SessionHarness.Create(SessionHarness.Fast(30), new ScriptedTestListener(LikeEveryOther));
        SessionSummary s;
        using (session) s = session.RunVirtual();
        var own = s.OwnTaste!;
        Assert.Equal(s.Taste!.Judgements, own.Judgements);
        Assert.InRange(own.Size, 1, 1023);
        Assert.InRange(own.FalsePositiveRate!.Value, 0, 1);
        Assert.InRange(own.ChanceFalsePositiveRate!.Value, 0, 1);

        // By hand: a set of 2 of 4 patterns, a uniform start and a generator on one member.
        var m = OwnTasteOutcome.Measure(3, [0.9, 0.5, 0.49, 0.1], [0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0]);
        Assert.Equal(2, m.Size);
        Assert.Equal(0.5, m.ChanceFalsePositiveRate);
        Assert.Equal(0, m.FalsePositiveRate);
        Assert.Equal(0.5, m.Coverage);
        Assert.Equal(1, m.CoverageAtStart);
        Assert.Null(OwnTasteOutcome.Measure(1, [0.1, 0.2], [0.5, 0.5], [0.5, 0.5]).FalsePositiveRate);
    }
}
