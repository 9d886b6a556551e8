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

    /// <summary>The session clock in frames: what the output has actually played, continued across a resume.</summary>
    private long NowFrame() => _frameOffset + _parts.Output.FramesPlayed;

    /// <summary>The session clock in seconds.</summary>
    public double Now => Seconds(NowFrame());

    /// <summary>
    /// A judgement from outside the session (the human bridge), stamped with the moment it arrives on the session
    /// clock. Thread-safe; it is attributed by the engine like any other judgement.
    /// </summary>
    public void Submit(JudgementKind kind, string source) => _external.Writer.TryWrite(new Judgement(kind, Now, source));

    /// <summary>
    /// Real time: the engine's thread waits on the output's count of played frames and dispatches each event when
    /// the clock reaches it; synthesis renders on its own thread when asked, streaming writes buffers to the device
    /// in order, training spends its budget on its own thread and applies judgements from a queue.
    /// </summary>
    private sealed class RealtimeClock(Session s) : IClock
    {
        private const int Pool = 3; // one buffer in the device, one ready, one being rendered
        private readonly Channel<long> _requests = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private readonly Channel<(Playing Playing, float[] Buffer)> _ready = Channel.CreateBounded<(Playing, float[])>(new BoundedChannelOptions(Pool - 2) { SingleReader = true, SingleWriter = true });
        private readonly Channel<Attributed> _toTraining = Channel.CreateUnbounded<Attributed>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private readonly ConcurrentDictionary<long, Playing> _synthesised = new();
        private readonly object _deliveredGate = new();
        private readonly List<Thread> _threads = [];
        private long _lastFrames = -1;
        private long _lastMove = Stopwatch.GetTimestamp();
        private long _steps;

        private CancellationToken Token => s._stopSource!.Token;

        public SessionMode Mode => SessionMode.Realtime;
        public long Now => s.NowFrame();
        public long StepsTaken => Interlocked.Read(ref _steps);

        public void Begin()
        {
            Start("training", Training);
            Start("synthesis", Synthesis);
            Start("streaming", Streaming);
        }

        private void Start(string name, Action body)
        {
            var t = new Thread(() =>
            {
                try { body(); }
                catch (OperationCanceledException) when (Token.IsCancellationRequested) { }
                catch (ChannelClosedException) { }
                catch (Exception e) { s.Fail(e); }
            }) { Name = name, IsBackground = true };
            _threads.Add(t);
            t.Start();
        }

        public bool WaitUntil(long frame)
        {
            while (true)
            {
                if (Token.IsCancellationRequested || s._requested is not null || s._external.Reader.TryPeek(out _)) return false;
                long now = Now;
                Watchdog(now);
                if (now >= frame) return true;
                Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Clamp((double)(frame - now) / s.SampleRate, 0.001, 0.005)));
            }
        }

        /// <summary>An output whose clock does not move (a device that accepts writes but never plays) would hold the session forever.</summary>
        private void Watchdog(long now)
        {
            double limit = Math.Max(5, 2 * s.BufferSeconds);
            if (now != _lastFrames) { _lastFrames = now; _lastMove = Stopwatch.GetTimestamp(); }
            else if (Stopwatch.GetElapsedTime(_lastMove).TotalSeconds > limit && s._parts.Output.FramesWritten > 0)
                throw new InvalidOperationException($"the output '{s._parts.Output.Description}' has not played a frame for {limit:F0} s of wall time, so real time cannot advance. Fix: use --output null:paced, or a device that plays");
        }

        public void Synthesize(long serial) => _requests.Writer.TryWrite(serial);

        public Playing? Deliver(long serial)
        {
            lock (_deliveredGate)
                while (!Token.IsCancellationRequested)
                {
                    if (_synthesised.TryRemove(serial, out var p)) return p;
                    // Woken by the synthesis thread; the timeout re-checks the stop.
                    Monitor.Wait(_deliveredGate, 20);
                }
            return null;
        }

        public void ToTraining(Attributed a) => _toTraining.Writer.TryWrite(a);

        private void Synthesis()
        {
            var pool = new float[Pool][];
            for (int i = 0; i < Pool; i++) pool[i] = new float[s.BufferFrames];
            while (true)
            {
                long serial = _requests.Reader.ReadAsync(Token).AsTask().GetAwaiter().GetResult();
                var buffer = pool[serial % Pool];
                var p = s.Synthesize(serial, buffer);
                _synthesised[serial] = p;
                lock (_deliveredGate) Monitor.PulseAll(_deliveredGate);
                _ready.Writer.WriteAsync((p, buffer), Token).AsTask().GetAwaiter().GetResult();
            }
        }

        private void Streaming()
        {
            // Written in slices of about 50 ms so that a stop never waits for a whole buffer to play out, and the
            // device is never closed under a write in progress.
            int slice = Math.Max(1, s.SampleRate / 20);
            while (!Token.IsCancellationRequested)
            {
                var (_, buffer) = _ready.Reader.ReadAsync(Token).AsTask().GetAwaiter().GetResult();
                for (int at = 0; at < buffer.Length && !Token.IsCancellationRequested; at += slice)
                    s._parts.Output.Write(buffer.AsSpan(at, Math.Min(slice, buffer.Length - at)));
            }
        }

        private void Training()
        {
            long used = 0;
            long lastPublish = Stopwatch.GetTimestamp();
            bool dirty = false;
            while (!Token.IsCancellationRequested)
            {
                while (_toTraining.Reader.TryRead(out var a)) { s.Apply(a); dirty = true; }
                long now = Now;
                // The same budget rule as virtual time, spent in slices so that judgements and stops are never kept waiting.
                long need = s.Budget is null ? 256 : Math.Min(s.BudgetAt(now) - used, 256);
                if (need <= 0)
                {
                    if (dirty) { s.Publish(); lastPublish = Stopwatch.GetTimestamp(); dirty = false; }
                    Thread.Sleep(1);
                    continue;
                }
                double t = s.Seconds(now);
                long taken = s.Train(need, _ => t, s._wall);
                used += need;
                Interlocked.Add(ref _steps, taken);
                if (taken == 0) Thread.Sleep(1);
                dirty |= taken > 0;
                if (dirty && Stopwatch.GetElapsedTime(lastPublish).TotalMilliseconds >= 1)
                {
                    s.Publish();
                    lastPublish = Stopwatch.GetTimestamp();
                    dirty = false;
                }
            }
        }

        public void End()
        {
            s._stopSource!.Cancel();
            _requests.Writer.TryComplete();
            _ready.Writer.TryComplete();
            // Every loop checks the stop at least every 50 ms (device writes are sliced), so these joins are short.
            bool joined = true;
            foreach (var t in _threads) joined &= t.Join(TimeSpan.FromSeconds(30));
            if (!joined)
                throw new InvalidOperationException("a session loop did not stop within 30 s (the audio device may be hung); the log is readable up to here");
            _toTraining.Writer.TryComplete();
            // Judgements attributed before the stop but not yet applied are applied now: none is lost.
            while (_toTraining.Reader.TryRead(out var a)) s.Apply(a);
        }
    }
}
