using System.Diagnostics;
using ActionPerception.Agents.Listeners;
using ActionPerception.Audio;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Runs;
using NAudio.Wave;

namespace ActionPerception.Tests.Environment;

/// <summary>An output whose played-frame clock runs 1000x the wall clock and never waits: the engine outruns synthesis.</summary>
file sealed class FastClockOutput(int rate) : IAudioOutput
{
    private readonly Stopwatch _w = Stopwatch.StartNew();
    private long _written;
    public string Description => "fast clock";
    public int SampleRate => rate;
    public WaveFormat OutputWaveFormat => new(rate, 16, 1);
    public long FramesWritten => Interlocked.Read(ref _written);
    public long FramesPlayed => (long)(_w.Elapsed.TotalSeconds * rate * 1000);
    public int Underruns => 0;
    public long GetPosition() => 0;
    public void Write(ReadOnlySpan<float> s) => Interlocked.Add(ref _written, s.Length);
    public void Drain() { }
    public void Dispose() { }
}

/// <summary>How the engine stops, fails and publishes, on both clocks (found in review of the one-engine rewrite).</summary>
[Collection("realtime")]
public class EngineStopAndStateTests
{
    private static ScriptedTestListener Fixed() =>
        new(h => new(h.Serial % 2 == 0 ? JudgementKind.Like : JudgementKind.Dislike, 0.3));

    [Fact]
    public void Ctrl_C_while_the_engine_waits_for_synthesis_is_a_clean_interrupt()
    {
        var s = SessionHarness.Fast(100000, mode: SessionMode.Realtime, budget: 0);
        var prep = SessionBuilder.Prepare(s, (_, _, _) => null);
        string folder = Fixtures.TempDir();
        var session = new Session(s, new SessionParts
        {
            Model = prep.Model, Dataset = prep.Dataset, Kit = prep.Kit, Listener = null,
            Output = new FastClockOutput(s.Audio.SampleRate), Log = SessionLog.Create(Path.Combine(folder, "session.jsonl")),
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        var e = Record.Exception(() => { using (session) session.RunRealtime(cts.Token); });
        Assert.Null(e);
    }

    [Fact]
    public void A_stop_asked_before_the_run_begins_is_honoured_on_both_clocks()
    {
        foreach (var mode in new[] { SessionMode.Virtual, SessionMode.Realtime })
        {
            var s = SessionHarness.Fast(4, mode: mode);
            if (mode == SessionMode.Realtime) s = s with { Audio = s.Audio with { Output = "null:paced" } };
            var (session, _) = SessionHarness.Create(s, Fixed());
            session.RequestStop(StopCode.Interrupted);
            SessionSummary sum;
            using (session) sum = mode == SessionMode.Virtual ? session.RunVirtual() : session.RunRealtime();
            Assert.True(sum.StopCode == StopCode.Interrupted, $"{mode}: {sum.StopCode}, {sum.AudioSeconds:F2} s, {sum.Patterns} patterns");
        }
    }

    [Fact]
    public void A_final_checkpoint_that_cannot_be_written_fails_the_run_with_exit_3()
    {
        var s = SessionHarness.Fast(6);
        var (probe, probeFolder) = SessionHarness.Create(s, Fixed());
        SessionSummary first;
        using (probe) first = probe.RunVirtual();
        string name = Path.GetFileName(first.LastCheckpoint!);
        string folder = Fixtures.TempDir();
        Directory.CreateDirectory(Path.Combine(folder, name)); // the final checkpoint cannot be written
        var (session, _) = SessionHarness.Create(s, Fixed(), folder);
        var ex = Assert.ThrowsAny<SessionFailedException>(() => { using (session) session.RunVirtual(); });
        var outcome = new SessionRunner.Outcome(ex.Summary, folder, null!) { Failure = ex.InnerException };
        Assert.Equal(StopCode.Failed, ex.Summary.StopCode);
        Assert.Equal(3, SessionRunner.ExitCode(outcome));
    }

    [Fact]
    public void A_like_reaches_the_drum_layer_the_same_way_on_both_clocks()
    {
        List<double[]> Run(SessionMode mode)
        {
            var s = SessionHarness.Fast(8, mode: mode, budget: 0) with { Timing = new TimingScenario { LeadSeconds = 0.6 } };
            if (mode == SessionMode.Realtime) s = s with { Audio = s.Audio with { Output = "null:paced" } };
            var (session, folder) = SessionHarness.Create(s, Fixed());
            using (session) _ = mode == SessionMode.Virtual ? session.RunVirtual() : session.RunRealtime();
            return SessionLogReader.Read(SessionHarness.LogPath(folder)).OfType<PatternEvent>()
                .Select(p => p.Instruments.SelectMany(i => i.Dynamics).ToArray()).ToList();
        }
        var v = Run(SessionMode.Virtual);
        var r = Run(SessionMode.Realtime);
        for (int k = 0; k < Math.Min(v.Count, r.Count); k++)
            Assert.True(v[k].SequenceEqual(r[k]), $"serial {k}: dynamics differ between clocks (virtual {string.Join(",", v[k].Take(4))} realtime {string.Join(",", r[k].Take(4))})");
    }
}
