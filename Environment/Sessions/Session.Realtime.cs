using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Sessions;

public sealed partial class Session
{
    // Created with the session, so keys pressed before the loops start are queued, not refused.
    private readonly Channel<Judgement> _external = Channel.CreateUnbounded<Judgement>(new UnboundedChannelOptions { SingleReader = true });
    private CancellationTokenSource? _stopSource;

    /// <summary>The session clock in frames: what the output has actually played, continued across a resume.</summary>
    private long NowFrame() => _frameOffset + _parts.Output.FramesPlayed;

    /// <summary>The session clock in seconds.</summary>
    public double Now => Seconds(NowFrame());

    /// <summary>
    /// A judgement from outside the session (the human bridge), stamped with the moment it arrives.
    /// Thread-safe; only in real time.
    /// </summary>
    public void Submit(JudgementKind kind, string source) => _external.Writer.TryWrite(new Judgement(kind, Now, source));

    /// <summary>Ask a running real-time session to stop cleanly (as Ctrl+C does).</summary>
    public void RequestStop(string reason)
    {
        lock (_stopGate)
            if (string.IsNullOrEmpty(_stopReason)) _stopReason = reason;
        _stopSource?.Cancel();
    }

    /// <summary>
    /// Real time: the four loops on their own threads. Streaming writes buffers in order to the output (blocking,
    /// double-buffered); synthesis renders the next buffer when `lead` remains of the audible one; control lets the
    /// listener hear what became audible, fires judgements when they are made and attributes them; training runs
    /// epochs within its budget, applies queued judgements and publishes snapshots. The clock is the output's
    /// count of played frames.
    /// </summary>
    public SessionSummary RunRealtime(CancellationToken cancel = default)
    {
        _mode = SessionMode.Realtime;
        var wall = Stopwatch.StartNew();
        WriteHeader("realtime");
        _stopSource = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var stop = _stopSource.Token;

        long startFrame = _frameOffset;
        long? endFrame = _scenario.DurationSeconds is double d ? startFrame + (long)Math.Round(d * SampleRate) : null;
        double startSeconds = Seconds(startFrame);
        var ready = Channel.CreateBounded<(Playing Playing, float[] Buffer)>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var toTraining = Channel.CreateUnbounded<Attributed>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var streamed = new ConcurrentQueue<Playing>();
        var pendingAtStop = new ConcurrentQueue<Judgement>();
        long stepsTaken = 0;
        Exception? failure = null;

        void Guarded(Action body)
        {
            try { body(); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            catch (ChannelClosedException) { }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
                RequestStop("failed: " + e.Message);
            }
        }

        void WaitUntilFrame(long frame)
        {
            while (!stop.IsCancellationRequested)
            {
                long wait = frame - NowFrame();
                if (wait <= 0) return;
                stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Clamp((double)wait / SampleRate, 0.001, 0.02)));
            }
        }

        var synthesis = new Thread(() => Guarded(() =>
        {
            // Three buffers rotate: one in the device, one ready, one being rendered.
            var pool = new[] { new float[BufferFrames], new float[BufferFrames], new float[BufferFrames] };
            for (long serial = _firstSerial; !stop.IsCancellationRequested; serial++)
            {
                if (serial > _firstSerial) WaitUntilFrame(StartFrameOf(serial) - LeadFrames);
                if (stop.IsCancellationRequested) break;
                var buffer = pool[serial % 3];
                var p = Synthesize(serial, buffer);
                ready.Writer.WriteAsync((p, buffer), stop).AsTask().GetAwaiter().GetResult();
            }
        })) { Name = "synthesis", IsBackground = true };

        var streaming = new Thread(() => Guarded(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (p, buffer) = ready.Reader.ReadAsync(stop).AsTask().GetAwaiter().GetResult();
                streamed.Enqueue(p);
                // Written in slices of about 50 ms so that a stop never waits for a whole buffer to play out, and the
                // device is never closed under a write in progress.
                int slice = Math.Max(1, SampleRate / 20);
                for (int at = 0; at < buffer.Length && !stop.IsCancellationRequested; at += slice)
                    _parts.Output.Write(buffer.AsSpan(at, Math.Min(slice, buffer.Length - at)));
            }
        })) { Name = "streaming", IsBackground = true };

        var training = new Thread(() => Guarded(() =>
        {
            long budgetUsed = 0;
            long lastPublish = Stopwatch.GetTimestamp();
            bool dirty = false;
            while (!stop.IsCancellationRequested)
            {
                while (toTraining.Reader.TryRead(out var a)) { Apply(a); dirty = true; }
                long now = NowFrame();
                long need;
                if (Budget is double b)
                {
                    long target = (long)Math.Floor(b * Seconds(now - startFrame));
                    need = Math.Min(target - budgetUsed, 256);
                }
                else need = 256;
                if (need <= 0)
                {
                    if (dirty) { Publish(); lastPublish = Stopwatch.GetTimestamp(); dirty = false; }
                    Thread.Sleep(1);
                    continue;
                }
                double t = Seconds(now);
                long taken = Train(need, _ => t, wall);
                budgetUsed += need;
                stepsTaken += taken;
                if (taken == 0) Thread.Sleep(1);
                dirty |= taken > 0;
                if (dirty && Stopwatch.GetElapsedTime(lastPublish).TotalMilliseconds >= 1)
                {
                    Publish();
                    lastPublish = Stopwatch.GetTimestamp();
                    dirty = false;
                }
            }
        })) { Name = "training", IsBackground = true };

        var control = new Thread(() => Guarded(() =>
        {
            var due = new PriorityQueue<Judgement, (double, long)>();
            long seq = 0;
            bool stopJudged = false;
            long lastFrames = -1;
            long lastMove = Stopwatch.GetTimestamp();
            void Handle(Judgement j)
            {
                if (stopJudged) { due.Enqueue(j, (j.Time, seq++)); return; } // settled after the stop
                if (j.Kind == JudgementKind.Stop)
                {
                    Attribute(j);
                    stopJudged = true;
                    Stop(j.Time, j.Source.StartsWith("human", StringComparison.Ordinal) ? "stopped by the listener (human)" : "stopped by the listener");
                    RequestStop(_stopReason);
                }
                else if (Attribute(j) is { } a) toTraining.Writer.TryWrite(a);
            }
            while (!stop.IsCancellationRequested)
            {
                long now = NowFrame();
                // Watchdog: an output whose clock does not move (e.g. a device that accepts writes but never plays)
                // would hold the session forever.
                if (now != lastFrames) { lastFrames = now; lastMove = Stopwatch.GetTimestamp(); }
                else if (Stopwatch.GetElapsedTime(lastMove).TotalSeconds > Math.Max(5, 2 * BufferSeconds) && _parts.Output.FramesWritten > 0)
                    throw new InvalidOperationException($"the output '{_parts.Output.Description}' has not played a frame for {Math.Max(5, 2 * BufferSeconds):F0} s of wall time, so real time cannot advance. Fix: use --output null:paced, wav:PATH, or a device that plays");
                while (streamed.TryPeek(out var p) && p.StartFrame <= now && streamed.TryDequeue(out p))
                {
                    var (response, t) = BecameAudible(p);
                    if (response?.Action is JudgementKind kind)
                    {
                        double when = t + DecisionSeconds + response.ReactionSeconds;
                        due.Enqueue(new Judgement(kind, when, ListenerSource, p.Serial), (when, seq++));
                    }
                }
                double nowSeconds = Seconds(now);
                while (due.TryPeek(out var j, out var key) && key.Item1 <= nowSeconds) { due.Dequeue(); Handle(j); }
                while (_external.Reader.TryRead(out var ext)) Handle(ext);
                if (endFrame is long end && now >= end) { RequestStop("duration reached"); break; }
                stop.WaitHandle.WaitOne(2);
            }
            // Judgements still due when the loop ends are settled after the other loops have stopped.
            Stop(Seconds(NowFrame()), cancel.IsCancellationRequested ? "interrupted" : "stopped");
            while (due.TryDequeue(out var late, out _)) pendingAtStop.Enqueue(late);
        })) { Name = "control", IsBackground = true };

        foreach (var t in new[] { training, synthesis, streaming, control }) t.Start();
        try
        {
            stop.WaitHandle.WaitOne();
        }
        finally
        {
            _stopSource.Cancel();
        }
        Stop(Seconds(NowFrame()), cancel.IsCancellationRequested ? "interrupted" : "stopped");
        ready.Writer.TryComplete();
        // Every loop checks the stop at least every 50 ms (device writes are sliced), so these joins are short.
        bool joined = true;
        foreach (var t in new[] { control, training, synthesis, streaming }) joined &= t.Join(TimeSpan.FromSeconds(30));
        if (!joined)
            throw new InvalidOperationException("a session loop did not stop within 30 s (the audio device may be hung); the log is readable up to here");
        toTraining.Writer.TryComplete();
        // Judgements attributed before the stop but not yet applied are applied now: none is lost.
        while (toTraining.Reader.TryRead(out var a)) Apply(a);
        while (pendingAtStop.TryDequeue(out var late)) Settle(late);
        while (_external.Reader.TryRead(out var ext)) Settle(ext);
        var summary = Finish("realtime", _stopTime - startSeconds, wall, stepsTaken);
        if (failure is not null) throw new SessionFailedException(failure.Message, failure, summary);
        return summary;
    }
}

/// <summary>A loop failed (for example the audio device); the log and a checkpoint were still written.</summary>
public sealed class SessionFailedException(string message, Exception inner, SessionSummary summary) : Exception(message, inner)
{
    public SessionSummary Summary { get; } = summary;
}
