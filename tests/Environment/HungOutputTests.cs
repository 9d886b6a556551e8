using System.Diagnostics;
using ActionPerception.Agents.Listeners;
using ActionPerception.Audio;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using NAudio.Wave;

namespace ActionPerception.Tests.Environment;

/// <summary>An output that plays in real time until <see cref="Hang"/> is set; then a write never returns until released.</summary>
file sealed class HangingOutput(int rate) : IAudioOutput
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ManualResetEventSlim _release = new(false);
    private long _written;
    private int _inWrite;
    public volatile bool Hang;
    public volatile bool DisposedDuringWrite;
    public volatile bool Disposed;
    public string Description => "hanging output";
    public int SampleRate => rate;
    public WaveFormat OutputWaveFormat => new(rate, 16, 1);
    public long FramesWritten => Interlocked.Read(ref _written);
    public long FramesPlayed => Math.Min(FramesWritten, (long)(_clock.Elapsed.TotalSeconds * rate));
    public int Underruns => 0;
    public long GetPosition() => FramesPlayed * 2;
    public void Write(ReadOnlySpan<float> s)
    {
        Interlocked.Exchange(ref _inWrite, 1);
        try
        {
            if (Hang) _release.Wait();
            while (FramesWritten - FramesPlayed > rate) Thread.Sleep(5); // a device with one second of room
            Interlocked.Add(ref _written, s.Length);
        }
        finally { Interlocked.Exchange(ref _inWrite, 0); }
    }
    public void Release() => _release.Set();
    public void Drain() { }
    public void Dispose()
    {
        if (Volatile.Read(ref _inWrite) == 1) DisposedDuringWrite = true;
        Disposed = true;
    }
}

/// <summary>A loop that never stops (a device hung in a write) must not be raced by the session's end.</summary>
[Collection("realtime")]
public class HungOutputTests
{
    [Fact]
    public void A_device_hung_in_a_write_fails_the_run_with_a_complete_log_and_is_not_closed_under_the_write()
    {
        var s = SessionHarness.Fast(100, mode: SessionMode.Realtime, budget: 800) with { Timing = new TimingScenario { LeadSeconds = 0.6 } };
        var prep = SessionBuilder.Prepare(s, (_, _, _) => new ScriptedTestListener(h => new(JudgementKind.Like, 0.3)));
        string folder = Fixtures.TempDir();
        var output = new HangingOutput(s.Audio.SampleRate);
        var session = new Session(s, new SessionParts
        {
            Model = prep.Model, Dataset = prep.Dataset, Kit = prep.Kit, Listener = prep.Listener,
            Output = output, Log = SessionLog.Create(Path.Combine(folder, "session.jsonl")), CheckpointDirectory = folder,
        }) { JoinTimeout = TimeSpan.FromSeconds(1) };
        session.PatternStarted += p => { if (p.Serial == 1) output.Hang = true; };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var e = Assert.ThrowsAny<SessionFailedException>(() => { using (session) session.RunRealtime(cts.Token); });
        Assert.Contains("did not stop", e.Message);
        Assert.False(output.Disposed, "the output was closed while a loop may still be inside its write");
        Assert.False(output.DisposedDuringWrite);
        // Training state was left alone (no final checkpoint from a loop that may still run), and the log is complete.
        Assert.Null(e.Summary.LastCheckpoint);
        Assert.Empty(Directory.GetFiles(folder, "checkpoint-*.json"));
        var log = SessionLogReader.Read(Path.Combine(folder, "session.jsonl"));
        Assert.Empty(log.Problems);
        var stop = Assert.Single(log.OfType<StopEvent>());
        Assert.Equal(StopCode.Failed, stop.Code);
        output.Release();
    }

    [Fact]
    public void A_piece_of_session_state_refuses_a_second_thread()
    {
        var owner = new ThreadOwner("training loop");
        owner.Enter();
        Exception? seen = null;
        var t = new Thread(() => seen = Record.Exception(owner.Check));
        t.Start();
        t.Join();
        Assert.IsType<InvalidOperationException>(seen);
        Assert.Contains("training loop", seen!.Message);
        owner.Leave();
        var taken = new Thread(() => { owner.Enter(); });
        taken.Start();
        taken.Join();
        Assert.False(owner.TryEnter()); // the other thread took it and never gave it back
    }
}

/// <summary>A dataset pushed past its exact range stops the session like a divergence, with everything written finite.</summary>
public class NicheOverflowTests
{
    [Fact]
    public void Likes_that_would_overflow_the_dataset_stop_the_session_as_diverged_with_a_complete_folder()
    {
        var s = SessionHarness.Fast(60) with { Dataset = new DatasetScenario { LikeIncrement = 3e14 } };
        var (session, folder) = SessionHarness.Create(s, new ScriptedTestListener(h => new(JudgementKind.Like, 0.3)));
        var e = Assert.Throws<SessionDivergedException>(() => { using (session) session.RunVirtual(); });
        Assert.Contains("dataset.likeIncrement", e.Message);
        Assert.Equal(StopCode.Diverged, e.Summary.StopCode);
        Assert.Equal(3, e.Summary.Likes); // the fourth like would pass 1e15
        var log = SessionLogReader.Read(Path.Combine(folder, "session.jsonl"));
        Assert.Empty(log.Problems);
        Assert.Equal(StopCode.Diverged, Assert.Single(log.OfType<StopEvent>()).Code);
        Assert.Single(log.OfType<SummaryEvent>());
        Assert.All(log.OfType<EpochEvent>(), ep => Assert.True(double.IsFinite(ep.DatasetTotal)));
        Assert.NotNull(e.Summary.LastCheckpoint);
    }
}
