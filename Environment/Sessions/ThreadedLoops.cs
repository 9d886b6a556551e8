using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using ActionPerception.Agents.Listeners;
using ActionPerception.Audio;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// Real time: synthesis renders on its own thread when asked, streaming writes buffers to the device in order, and
/// training spends its budget on its own thread, applying judgements from a queue. With a budget, training works
/// in lockstep with the engine: it spends the budget up to the next event's frame (ahead of the speakers, as virtual
/// time does) and no further until the engine has dispatched that event, and it waits for synthesis to hold the
/// snapshot it was asked for before changing the generator again. So when the machine keeps up, a real-time run
/// trains, publishes and applies exactly as the virtual one: the same epochs, dataset and dreams.
/// </summary>
internal sealed class ThreadedLoops : ISessionLoops
{
    private const int Pool = 3; // one buffer in the device, one ready, one being rendered: enforced by the free list
    private readonly TrainingLoop _training;
    private readonly Synthesizer _synthesizer;
    private readonly IAudioOutput _output;
    private readonly Func<long> _now;
    private readonly Func<long, double> _runSeconds;
    private readonly Func<long, double> _seconds;
    private readonly Action<Exception> _fail;
    private readonly CancellationToken _stop;
    private readonly TimeSpan _readyLimit;
    private readonly Channel<long> _requests = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<float[]> _free = Channel.CreateBounded<float[]>(new BoundedChannelOptions(Pool) { SingleReader = true, SingleWriter = true });
    private readonly Channel<(Playing Playing, float[] Buffer)> _ready = Channel.CreateUnbounded<(Playing, float[])>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentQueue<(JudgementKind Kind, Playing Playing)> _toTraining = new();
    private readonly ConcurrentDictionary<long, Playing> _synthesised = new();
    private readonly object _deliveredGate = new();
    private readonly object _trainingGate = new();
    private readonly List<Thread> _threads = [];
    private long _horizon = long.MinValue, _ticket, _served = -1, _synthRequested, _synthAcquired;

    public ThreadedLoops(TrainingLoop training, Synthesizer synthesizer, IAudioOutput output, Func<long> now, Func<long, double> runSeconds,
        Func<long, double> seconds, Action<Exception> fail, CancellationToken stop, double bufferSeconds)
    {
        _training = training;
        _synthesizer = synthesizer;
        _output = output;
        _now = now;
        _runSeconds = runSeconds;
        _seconds = seconds;
        _fail = fail;
        _stop = stop;
        // The engine waits at most a quarter of a buffer for training, so a machine too slow for the budget falls
        // behind on training (and on determinism), never on the speakers.
        _readyLimit = TimeSpan.FromSeconds(Math.Clamp(bufferSeconds / 4, 0.01, 0.5));
        for (int i = 0; i < Pool; i++) _free.Writer.TryWrite(new float[synthesizer.BufferFrames]);
    }

    /// <summary>How long <see cref="End"/> waits for each loop; a loop still inside a device write after it counts as hung.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public void Begin()
    {
        Start("training", _training.Budget is null ? FreeTraining : BudgetedTraining);
        Start("synthesis", Synthesis);
        Start("streaming", Streaming);
    }

    private void Start(string name, Action body)
    {
        var t = new Thread(() =>
        {
            try { body(); }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
            catch (ChannelClosedException) { }
            catch (Exception e) { _fail(e); }
        }) { Name = name, IsBackground = true };
        _threads.Add(t);
        t.Start();
    }

    public void Prepare(long frame)
    {
        lock (_trainingGate)
        {
            if (frame > _horizon) _horizon = frame;
            _ticket++;
            Monitor.PulseAll(_trainingGate);
        }
    }

    public void Ready(long frame)
    {
        if (_training.Budget is null) return;
        var waited = Stopwatch.StartNew();
        lock (_trainingGate)
        {
            long ticket = _ticket;
            while (_served < ticket && !_stop.IsCancellationRequested)
            {
                var left = _readyLimit - waited.Elapsed;
                if (left <= TimeSpan.Zero) return;
                Monitor.Wait(_trainingGate, left);
            }
        }
    }

    public void Synthesize(long serial)
    {
        Interlocked.Increment(ref _synthRequested);
        _requests.Writer.TryWrite(serial);
    }

    public Playing? Deliver(long serial)
    {
        lock (_deliveredGate)
            while (!_stop.IsCancellationRequested)
            {
                if (_synthesised.TryRemove(serial, out var p)) return p;
                // Woken by the synthesis thread; the timeout re-checks the stop.
                Monitor.Wait(_deliveredGate, 20);
            }
        return null;
    }

    /// <summary>
    /// Queued, and applied when training next advances (the engine's next <see cref="Prepare"/>), before any step
    /// beyond this moment: as in virtual time, an applied judgement is published with the steps that follow it.
    /// </summary>
    public void ToTraining(JudgementKind kind, Playing playing) => _toTraining.Enqueue((kind, playing));

    private void Synthesis()
    {
        _synthesizer.Owner.Enter();
        try
        {
            while (true)
            {
                long serial = _requests.Reader.ReadAsync(_stop).AsTask().GetAwaiter().GetResult();
                // The snapshot is taken before anything can wait, and training waits for it: the dream comes from the
                // generator as it was when the engine asked, as in virtual time.
                var snap = _training.Snapshots.Acquire();
                try
                {
                    lock (_trainingGate)
                    {
                        _synthAcquired++;
                        Monitor.PulseAll(_trainingGate);
                    }
                    var buffer = _free.Reader.ReadAsync(_stop).AsTask().GetAwaiter().GetResult();
                    var p = _synthesizer.Synthesize(serial, snap, buffer);
                    _synthesised[serial] = p;
                    lock (_deliveredGate) Monitor.PulseAll(_deliveredGate);
                    _ready.Writer.TryWrite((p, buffer));
                }
                finally
                {
                    SnapshotBox.Release(snap);
                }
            }
        }
        finally { _synthesizer.Owner.Leave(); }
    }

    private void Streaming()
    {
        // Written in slices of about 50 ms so that a stop never waits for a whole buffer to play out, and the
        // device is never closed under a write in progress.
        int slice = Math.Max(1, _output.SampleRate / 20);
        while (!_stop.IsCancellationRequested)
        {
            var (_, buffer) = _ready.Reader.ReadAsync(_stop).AsTask().GetAwaiter().GetResult();
            for (int at = 0; at < buffer.Length && !_stop.IsCancellationRequested; at += slice)
                _output.Write(buffer.AsSpan(at, Math.Min(slice, buffer.Length - at)));
            // Only now may synthesis render into it again.
            _free.Writer.TryWrite(buffer);
        }
    }

    private void ApplyQueued()
    {
        while (_toTraining.TryDequeue(out var a)) _training.Apply(a.Kind, a.Playing.Pattern, a.Playing.Drums);
    }

    private void BudgetedTraining()
    {
        _training.Owner.Enter();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                long ticket, horizon, requested;
                lock (_trainingGate)
                {
                    while (_served == _ticket && !_stop.IsCancellationRequested) Monitor.Wait(_trainingGate, 50);
                    ticket = _ticket;
                    horizon = _horizon;
                    requested = _synthRequested;
                    // Synthesis must hold the snapshot it was asked for before the generator changes again.
                    while (_synthAcquired < requested && !_stop.IsCancellationRequested) Monitor.Wait(_trainingGate, 50);
                }
                if (_stop.IsCancellationRequested) break;
                ApplyQueued();
                if (horizon == long.MinValue) _training.PublishIfChanged();
                else if (!_training.AdvanceTo(_runSeconds(horizon), _stop)) break;
                lock (_trainingGate)
                {
                    _served = ticket;
                    Monitor.PulseAll(_trainingGate);
                }
            }
        }
        finally { _training.Owner.Leave(); }
    }

    private void FreeTraining()
    {
        _training.Owner.Enter();
        try
        {
            long lastPublish = Stopwatch.GetTimestamp();
            while (!_stop.IsCancellationRequested)
            {
                ApplyQueued();
                long taken = _training.RunFree(256, _seconds(_now()));
                if (taken == 0) Thread.Sleep(1);
                if (_training.Changed && Stopwatch.GetElapsedTime(lastPublish).TotalMilliseconds >= 1)
                {
                    _training.Publish();
                    lastPublish = Stopwatch.GetTimestamp();
                }
            }
        }
        finally { _training.Owner.Leave(); }
    }

    public bool End()
    {
        _requests.Writer.TryComplete();
        _ready.Writer.TryComplete();
        lock (_trainingGate) Monitor.PulseAll(_trainingGate);
        // Every loop checks the stop at least every 50 ms (device writes are sliced), so these joins are short.
        bool joined = true;
        foreach (var t in _threads) joined &= t.Join(JoinTimeout);
        if (!joined) return false;
        // Judgements attributed before the stop but not yet applied are applied now, on this thread: none is lost.
        _training.Owner.Enter();
        ApplyQueued();
        return true;
    }
}
