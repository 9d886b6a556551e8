using ActionPerception.Agents.Listeners;
using System.Diagnostics;
using System.Text.Json;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Human;
using ActionPerception.Tests.Simulations;

namespace ActionPerception.Tests.Loop;

/// <summary>A short real-time human session driven by scripted keys, then its twin: in its own loop and counterfactual.</summary>
[Collection("realtime")]
public class TwinTests
{
    /// <summary>Keys at given wall-clock offsets from the first read.</summary>
    private sealed class TimedKeys(params (double At, char Key)[] keys) : IKeySource
    {
        private readonly Queue<(double At, char Key)> _keys = new(keys);
        private Stopwatch? _clock;

        public bool TryReadKey(TimeSpan timeout, out ConsoleKeyInfo key)
        {
            _clock ??= Stopwatch.StartNew();
            key = default;
            if (_keys.Count == 0) { Thread.Sleep(timeout); return false; }
            var (at, c) = _keys.Peek();
            double wait = at - _clock.Elapsed.TotalSeconds;
            if (wait > timeout.TotalSeconds) { Thread.Sleep(timeout); return false; }
            if (wait > 0) Thread.Sleep(TimeSpan.FromSeconds(wait));
            _keys.Dequeue();
            key = new ConsoleKeyInfo(c, (ConsoleKey)char.ToUpperInvariant(c), false, false, false);
            return true;
        }
    }

    private static string HumanRun()
    {
        var s = new Scenario
        {
            Name = "human",
            Mode = SessionMode.Realtime,
            Seed = 5,
            DurationSeconds = 9,
            Audio = new AudioScenario { Bpm = 300, Output = "null:paced" }, // 2 s buffers
            Listener = ListenerSettings.Of("human"),
        };
        var folder = Fixtures.TempDir();
        var session = SessionBuilder.Create(s, folder, ListenerBuilder.For(s));
        // A like on the first pattern, a dislike and a repeated dislike on a later one, a like on the next.
        var bridge = new HumanBridge(new TimedKeys((1.6, 'l'), (4.0, 'd'), (4.2, 'd'), (6.3, 'l')));
        using (session)
        {
            var keys = new Thread(() => bridge.Run(session, CancellationToken.None)) { IsBackground = true };
            keys.Start();
            session.RunRealtime();
            keys.Join(TimeSpan.FromSeconds(5));
        }
        return folder;
    }

    private static JsonElement Twin(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        return doc.RootElement.GetProperty("twin").Clone();
    }

    private static void AssertConsistent(JsonElement twin, string of, bool counterfactual)
    {
        Assert.Equal(Path.GetFullPath(of), twin.GetProperty("of").GetString());
        Assert.Equal(counterfactual, twin.GetProperty("counterfactual").GetBoolean());
        Assert.Equal("helmholtz", twin.GetProperty("listener").GetString());
        int patterns = twin.GetProperty("patterns").GetInt32();
        var confusion = twin.GetProperty("confusion");
        Assert.Equal(["like", "dislike", "none"], confusion.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var m = confusion.GetProperty("matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        Assert.Equal(patterns, m.Sum(r => r.Sum()));
        Assert.Equal(twin.GetProperty("judgedByPerson").GetInt32(), m[0].Sum() + m[1].Sum());
        double agreement = twin.GetProperty("agreement").GetDouble();
        Assert.InRange(agreement, 0, 1);
        Assert.Equal((double)(m[0][0] + m[1][1]) / (m[0].Sum() + m[1].Sum()), agreement, 5);
        if (twin.GetProperty("cohensKappa").ValueKind == JsonValueKind.Number)
            Assert.InRange(twin.GetProperty("cohensKappa").GetDouble(), -1, 1);
    }

    [Fact]
    public void A_human_run_has_a_twin_in_its_own_loop_and_a_counterfactual_one()
    {
        string human = HumanRun();
        var humanLog = SessionLogReader.Read(Path.Combine(human, SessionBuilder.LogFileName));
        int heard = humanLog.OfType<PatternEvent>().Count();
        var judged = humanLog.OfType<JudgementEvent>().Where(j => j.IsApplied).Select(j => j.Serial).Distinct().Count();
        Assert.True(judged >= 2, $"the scripted keys were credited to {judged} patterns");
        Assert.Contains(humanLog.OfType<JudgementEvent>(), j => j.Reason?.StartsWith("repeated key") == true);

        var work = Fixtures.TempDir();
        string own = Path.Combine(work, "twin"), cf = Path.Combine(work, "cf");

        var r = ApInProcess.Run(work, "simulate", "--twin", human, "--out", own);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        var twin = Twin(own);
        AssertConsistent(twin, human, counterfactual: false);
        Assert.True(twin.TryGetProperty("note", out _));
        var twinLog = SessionLogReader.Read(Path.Combine(own, SessionBuilder.LogFileName));
        Assert.Equal(Path.GetFullPath(human), twinLog.Header!.TwinOf);
        Assert.Equal("virtual", twinLog.Header.Mode);
        Assert.Equal(humanLog.Header!.Scenario.Seed, twinLog.Header.Scenario.Seed);
        Assert.Equal(humanLog.Header.InitialDataset.Counts, twinLog.Header.InitialDataset.Counts);
        Assert.Contains("Twin: the machine listener against the person", File.ReadAllText(Path.Combine(own, "report.html")));

        r = ApInProcess.Run(work, "simulate", "--twin", human, "--counterfactual", "--out", cf);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        var c = Twin(cf);
        AssertConsistent(c, human, counterfactual: true);
        Assert.Equal(heard, c.GetProperty("patterns").GetInt32());
        Assert.Equal(judged, c.GetProperty("judgedByPerson").GetInt32());
        Assert.True(File.Exists(Path.Combine(cf, "twin.json")));
        Assert.Contains("agreement", File.ReadAllText(Path.Combine(cf, "report.html")));
        Assert.Contains("agreement", r.Out);
    }

    [Fact]
    public void A_machine_run_is_refused_as_a_twin_source()
    {
        var work = Fixtures.TempDir();
        var machine = Path.Combine(work, "machine");
        var r = ApInProcess.Run(work, "simulate", "--listener", "random", "--duration", "10", "--out", machine);
        Assert.Equal(0, r.ExitCode);
        r = ApInProcess.Run(work, "simulate", "--twin", machine);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("replays a human run", r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
        r = ApInProcess.Run(work, "simulate", "--twin", Path.Combine(work, "nowhere"));
        Assert.Equal(2, r.ExitCode);
    }
}
