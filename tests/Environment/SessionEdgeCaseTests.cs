using ActionPerception.Agents.Listeners;
using ActionPerception.Audio;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using NAudio.Wave;

namespace ActionPerception.Tests.Environment;

/// <summary>Regression tests for defects found in review.</summary>
[Collection("realtime")]
public class SessionEdgeCaseTests
{
    [Fact]
    public void A_key_pressed_before_the_session_starts_is_queued_not_refused()
    {
        var s = SessionHarness.Fast(3, mode: SessionMode.Realtime) with { Listener = ListenerSettings.Of("human") };
        var (session, folder) = SessionHarness.Create(s, null);
        session.Submit(JudgementKind.Like, "human:keyboard"); // before RunRealtime
        session.PatternStarted += p => { if (p.Serial == 1) ThreadPool.QueueUserWorkItem(_ => session.Submit(JudgementKind.Dislike, "human:keyboard")); };
        SessionSummary summary;
        using (session) summary = session.RunRealtime();
        var js = RawLog.Read(SessionHarness.LogPath(folder)).OfType("judgement").ToList();
        Assert.Equal(2, js.Count);
        Assert.Equal("ignored", js[0].GetProperty("status").GetString());
        Assert.Equal("before the first buffer", js[0].GetProperty("reason").GetString());
        Assert.Equal("applied", js[1].GetProperty("status").GetString());
        Assert.Equal(1, summary.Dislikes);
    }

    [Fact]
    public void A_rounded_away_epoch_is_reported_as_such_not_as_an_empty_dataset()
    {
        // 205 patterns of count 1 and nData 100: every pattern rounds to round(0.49) = 0 copies.
        var s = SessionHarness.Fast(10) with { Generator = new GeneratorScenario { NData = 100 } };
        var (session, folder) = SessionHarness.Create(s, new ScriptedTestListener(_ => ListenerResponse.Silent));
        using (session) session.RunVirtual();
        var idle = RawLog.Read(SessionHarness.LogPath(folder)).OfType("training-idle").Single();
        Assert.Contains("rounds to zero", idle.GetProperty("reason").GetString());
    }

    /// <summary>An output that accepts writes but never plays a frame.</summary>
    private sealed class StuckOutput(int rate) : IAudioOutput
    {
        public string Description => "stuck test output";
        public int SampleRate => rate;
        public WaveFormat OutputWaveFormat => new(rate, 16, 1);
        public long FramesWritten { get; private set; }
        public long FramesPlayed => 0;
        public int Underruns => 0;
        public void Write(ReadOnlySpan<float> samples) => FramesWritten += samples.Length;
        public void Drain() { }
        public long GetPosition() => 0;
        public void Dispose() { }
    }

    [Fact]
    public void A_real_time_session_on_an_output_whose_clock_never_moves_fails_clearly_instead_of_hanging()
    {
        var s = SessionHarness.Fast(2, mode: SessionMode.Realtime);
        var folder = Fixtures.TempDir();
        var prepared = SessionBuilder.Prepare(s, (_, _, _) => new ScriptedTestListener(_ => ListenerResponse.Silent));
        var session = new Session(s, new SessionParts
        {
            Model = prepared.Model,
            Dataset = prepared.Dataset,
            Listener = prepared.Listener,
            Kit = prepared.Kit,
            Output = new StuckOutput(22050),
            Log = SessionLog.Create(Path.Combine(folder, "session.jsonl")),
        });
        var e = Assert.Throws<SessionFailedException>(() => { using (session) session.RunRealtime(); });
        Assert.Contains("null:paced", e.Message);
        var stop = RawLog.Read(Path.Combine(folder, "session.jsonl")).OfType("stop").Single();
        Assert.StartsWith("failed", stop.GetProperty("reason").GetString());
    }
}
