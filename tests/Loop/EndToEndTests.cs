using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Human;
using ActionPerception.Simulations.Runs;

namespace ActionPerception.Tests.Loop;

[Collection("realtime")] // one test drives a real-time session through the human bridge
public class EndToEndTests
{
    private static Scenario OracleSession(ulong seed) => new()
    {
        Name = "oracle",
        Seed = seed,
        DurationSeconds = 300,
        Audio = new AudioScenario { Bpm = 240 }, // 2.5 s buffers: 120 patterns in 5 minutes
        Listener = ListenerSettings.Of("oracle"),
    };

    [Fact]
    public void An_oracle_listener_raises_the_like_rate_from_the_first_to_the_last_quarter_for_most_seeds()
    {
        int raised = 0;
        var detail = new List<string>();
        for (ulong seed = 1; seed <= 10; seed++)
        {
            var s = OracleSession(seed);
            var folder = Fixtures.TempDir();
            using (var session = SessionBuilder.Create(s, folder, ListenerBuilder.For(s))) session.RunVirtual();
            var f = SessionRunner.Figures(Path.Combine(folder, SessionBuilder.LogFileName));
            if (f.LikeRateLastQuarter > f.LikeRateFirstQuarter) raised++;
            detail.Add($"{seed}: {f.LikeRateFirstQuarter:F2}→{f.LikeRateLastQuarter:F2}");
        }
        Assert.True(raised >= 7, $"like rate rose in {raised} of 10 sessions: {string.Join(", ", detail)}");
    }

    [Fact]
    public void The_generator_false_positive_rate_falls_against_a_well_formed_oracle()
    {
        var s = OracleSession(3);
        var folder = Fixtures.TempDir();
        using (var session = SessionBuilder.Create(s, folder, ListenerBuilder.For(s))) session.RunVirtual();
        var epochs = RawLog.Read(Path.Combine(folder, SessionBuilder.LogFileName)).OfType("epoch").ToList();
        double first = epochs[0].GetProperty("falsePositiveRate").GetDouble();
        double last = epochs[^1].GetProperty("falsePositiveRate").GetDouble();
        Assert.Equal(0.75, first, 9); // a zero machine is uniform; 768 of 1024 patterns are not well-formed
        Assert.True(last < 0.6, $"false-positive rate {first} → {last}");
    }

    [Fact]
    public void A_Helmholtz_listener_session_logs_every_decision_with_its_prediction_errors()
    {
        var s = new Scenario { Name = "hl", DurationSeconds = 60, Audio = new AudioScenario { Bpm = 300 } };
        var folder = Fixtures.TempDir();
        using (var session = SessionBuilder.Create(s, folder, ListenerBuilder.For(s))) session.RunVirtual();
        var log = RawLog.Read(Path.Combine(folder, SessionBuilder.LogFileName));
        Assert.Equal("helmholtz", log.Events[0].GetProperty("listenerKind").GetString());
        var perceptions = log.OfType("perception").ToList();
        Assert.Equal(30, perceptions.Count);
        foreach (var p in perceptions)
        {
            var m = p.GetProperty("measures");
            Assert.True(m.TryGetProperty("L0", out _) && m.TryGetProperty("surprise", out _) && m.TryGetProperty("negLogP", out _));
        }
        Assert.All(log.OfType("epoch"), e => Assert.True(e.TryGetProperty("falsePositiveRate", out _)));
    }

    private sealed class FakeKeys(params ConsoleKeyInfo[] keys) : IKeySource
    {
        private readonly Queue<ConsoleKeyInfo> _keys = new(keys);
        public bool TryReadKey(TimeSpan timeout, out ConsoleKeyInfo key)
        {
            if (_keys.Count == 0) { Thread.Sleep(timeout); key = default; return false; }
            Thread.Sleep(250);
            key = _keys.Dequeue();
            return true;
        }
    }

    private static ConsoleKeyInfo Key(char c, ConsoleKey k = 0) => new(c, k == 0 ? (ConsoleKey)char.ToUpperInvariant(c) : k, false, false, false);

    [Theory]
    [InlineData('l', JudgementKind.Like)]
    [InlineData('L', JudgementKind.Like)]
    [InlineData('1', JudgementKind.Like)]
    [InlineData('d', JudgementKind.Dislike)]
    [InlineData('2', JudgementKind.Dislike)]
    [InlineData('s', JudgementKind.Stop)]
    [InlineData('0', JudgementKind.Stop)]
    [InlineData('q', JudgementKind.Stop)]
    public void Keys_map_to_judgements(char c, JudgementKind kind) => Assert.Equal(kind, HumanBridge.Map(Key(c)));

    [Fact]
    public void Escape_stops_and_other_keys_are_ignored()
    {
        Assert.Equal(JudgementKind.Stop, HumanBridge.Map(new ConsoleKeyInfo('\u001b', ConsoleKey.Escape, false, false, false)));
        Assert.Null(HumanBridge.Map(Key('x')));
        Assert.Null(HumanBridge.Map(Key(' ', ConsoleKey.Spacebar)));
    }

    [Fact]
    public void The_human_bridge_drives_a_real_time_session_through_a_fake_console()
    {
        var s = new Scenario
        {
            Name = "human",
            Mode = SessionMode.Realtime,
            DurationSeconds = 30,
            Audio = new AudioScenario { Bpm = 300, Output = "null" },
            Listener = ListenerSettings.Of("human"),
        };
        var folder = Fixtures.TempDir();
        var session = SessionBuilder.Create(s, folder, ListenerBuilder.For(s));
        // Keys arrive a quarter second apart: like, an ignored key, dislike, like, then stop.
        var bridge = new HumanBridge(new FakeKeys(Key('l'), Key('x'), Key('d'), Key('1'), Key('s')));
        SessionSummary summary;
        using (session)
        {
            var keys = new Thread(() => bridge.Run(session, CancellationToken.None)) { IsBackground = true };
            keys.Start();
            summary = session.RunRealtime();
            keys.Join(TimeSpan.FromSeconds(5));
        }
        Assert.Equal("stopped by the listener (human)", summary.StopReason);
        var js = RawLog.Read(Path.Combine(folder, SessionBuilder.LogFileName)).OfType("judgement").ToList();
        Assert.Equal(["like", "dislike", "like", "stop"], js.Select(j => j.GetProperty("kind").GetString()));
        Assert.All(js, j => Assert.Equal("human:keyboard", j.GetProperty("source").GetString()));
        // Made within the first second, more than half a buffer (1 s) before any pattern: nothing to apply them to.
        Assert.True(summary.AudioSeconds < 10);
    }
}
