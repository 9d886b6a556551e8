using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Sessions;

public sealed partial class Session
{
    private Channel<Judgement>? _external;
    private CancellationTokenSource? _stopSource;

    /// <summary>The session clock in frames: what the output has actually played, continued across a resume.</summary>
    private long NowFrame() => _frameOffset + _parts.Output.FramesPlayed;

    /// <summary>The session clock in seconds.</summary>
    public double Now => Seconds(NowFrame());

    /// <summary>
    /// A judgement from outside the session (the human bridge), stamped with the moment it arrives.
    /// Thread-safe; only in real time.
    /// </summary>
    public void Submit(JudgementKind kind, string source)
    {
        var channel = _external ?? throw new InvalidOperationException("Judgements can be submitted only to a running real-time session.");
        channel.Writer.TryWrite(new Judgement(kind, Now, source));
    }

    /// <summary>Ask a running real-time session to stop cleanly (as Ctrl+C does).</summary>
    public void RequestStop(string reason)
    {
        lock (_listenerGate)
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
        _external = Channel.CreateUnbounded<Judgement>(new UnboundedChannelOptions { SingleReader = true });
        _stopSource = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var stop = _stopSource.Token;

        long startFrame = _frameOffset;
        long? endFrame = _scenario.DurationSeconds is double d ? startFrame + (long)Math.Round(d * SampleRate) : null;
        double startSeconds = Seconds(startFrame);
        var ready = Channel.CreateBounded<(Playing Playing, float[] Buffer)>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var toTraining = Channel.CreateUnbounded<Attributed>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var streamed = new ConcurrentQueue<Playing>();
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
                // A buffer that arrives after its start has already passed means the device ran dry.
                if (p.Serial > _firstSerial && NowFrame() >= p.StartFrame) Interlocked.Increment(ref _underruns);
                streamed.Enqueue(p);
                _parts.Output.Write(buffer);
            }
        })) { Name = "streaming", IsBackground = true };

        var training = new Thread(() => Guarded(() =>
        {
            long budgetUsed = 0;
            long lastPublish = Stopwatch.GetTimestamp();
            while (!stop.IsCancellationRequested)
            {
                while (toTraining.Reader.TryRead(out var a)) Apply(a);
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
                    if (Stopwatch.GetElapsedTime(lastPublish).TotalMilliseconds > 2) { Publish(); lastPublish = Stopwatch.GetTimestamp(); }
                    Thread.Sleep(1);
                    continue;
                }
                double t = Seconds(now);
                long taken = Train(need, _ => t, wall);
                budgetUsed += need;
                stepsTaken += taken;
                if (taken == 0) Thread.Sleep(1);
                if (taken > 0 && Stopwatch.GetElapsedTime(lastPublish).TotalMilliseconds >= 1)
                {
                    Publish();
                    lastPublish = Stopwatch.GetTimestamp();
                }
            }
        })) { Name = "training", IsBackground = true };

        var control = new Thread(() => Guarded(() =>
        {
            var due = new PriorityQueue<Judgement, (double, long)>();
            long seq = 0;
            void Handle(Judgement j)
            {
                if (j.Kind == JudgementKind.Stop)
                {
                    Attribute(j);
                    RequestStop(j.Source.StartsWith("human", StringComparison.Ordinal) ? "stopped by the listener (human)" : "stopped by the listener");
                }
                else if (Attribute(j) is { } a) toTraining.Writer.TryWrite(a);
            }
            while (!stop.IsCancellationRequested)
            {
                long now = NowFrame();
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
            // Judgements that a simulated listener would make after the stop are logged as ignored.
            _stopTime = Math.Min(_stopTime, Seconds(NowFrame()));
            while (due.TryDequeue(out var late, out _)) if (late.Kind != JudgementKind.Stop) Attribute(late);
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
        double stopSeconds = Seconds(NowFrame());
        lock (_listenerGate)
        {
            if (string.IsNullOrEmpty(_stopReason)) _stopReason = cancel.IsCancellationRequested ? "interrupted" : "stopped";
        }
        _stopTime = Math.Min(_stopTime, stopSeconds);
        _stopped = true;
        ready.Writer.TryComplete();
        // The streaming thread may be inside a blocking device write; it returns within one latency.
        foreach (var t in new[] { control, training, synthesis, streaming }) t.Join(TimeSpan.FromSeconds(10));
        toTraining.Writer.TryComplete();
        // Judgements attributed before the stop but not yet applied are applied now: none is lost.
        while (toTraining.Reader.TryRead(out var a)) Apply(a);
        while (_external.Reader.TryRead(out var ext)) if (ext.Kind != JudgementKind.Stop) Attribute(ext);
        _external = null;
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
