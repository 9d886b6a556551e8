using System.Diagnostics;
using NAudio.Wave;

namespace ActionPerception.Audio;

/// <summary>
/// Discards audio. Unpaced, every write returns at once and counts as played (virtual time). Paced, it behaves
/// like a sound card driven by the wall clock: frames are "played" at the sample rate, and a write blocks while
/// more than <see cref="Latency"/> of audio is queued, so real-time mode runs on machines without a sound card.
/// </summary>
public sealed class NullOutput : IAudioOutput
{
    private readonly Stopwatch _clock = new();
    private readonly object _gate = new();
    private long _written;
    // Frames played before the current clock run; the clock restarts after an underrun, like a device recovering.
    private long _playedBeforeRun;
    private int _underruns;

    public NullOutput(int sampleRate, bool paced = false, TimeSpan? latency = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, RenderSettings.MinSampleRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, RenderSettings.MaxSampleRate);
        SampleRate = sampleRate;
        Paced = paced;
        Latency = latency ?? TimeSpan.FromMilliseconds(200);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Latency, TimeSpan.Zero, nameof(latency));
        OutputWaveFormat = new WaveFormat(sampleRate, 16, 1);
    }

    public bool Paced { get; }
    public TimeSpan Latency { get; }
    public int SampleRate { get; }
    public WaveFormat OutputWaveFormat { get; }
    public string Description => Paced ? "null output (paced by the wall clock)" : "null output";
    public long FramesWritten => Interlocked.Read(ref _written);
    public int Underruns => Volatile.Read(ref _underruns);

    public long FramesPlayed
    {
        get
        {
            if (!Paced) return FramesWritten;
            lock (_gate) return PlayedLocked();
        }
    }

    public long GetPosition() => FramesPlayed * OutputWaveFormat.BlockAlign;

    public void Write(ReadOnlySpan<float> samples)
    {
        if (!Paced)
        {
            Interlocked.Add(ref _written, samples.Length);
            return;
        }
        long backlog;
        lock (_gate)
        {
            if (_clock.IsRunning && ClockFrames() + _playedBeforeRun > _written)
            {
                // The device ran dry before this write: restart the clock from what was played, like a recovery.
                _underruns++;
                _playedBeforeRun = _written;
                _clock.Restart();
            }
            else if (!_clock.IsRunning)
            {
                _playedBeforeRun = _written;
                _clock.Restart();
            }
            Interlocked.Add(ref _written, samples.Length);
            backlog = _written - PlayedLocked();
        }
        var allowed = (long)(Latency.TotalSeconds * SampleRate);
        if (backlog > allowed) Wait(backlog - allowed);
    }

    public void Drain()
    {
        if (!Paced) return;
        long backlog;
        lock (_gate) backlog = _written - PlayedLocked();
        Wait(backlog);
        // A drained device is idle, not starved: the next write starts a fresh run without counting an underrun.
        lock (_gate)
        {
            _playedBeforeRun = _written;
            _clock.Reset();
        }
    }

    public void Dispose() { }

    private long ClockFrames() => (long)(_clock.Elapsed.TotalSeconds * SampleRate);

    private long PlayedLocked() =>
        _clock.IsRunning ? Math.Min(_written, _playedBeforeRun + ClockFrames()) : _written;

    private void Wait(long frames)
    {
        if (frames <= 0) return;
        var deadline = _clock.Elapsed + TimeSpan.FromSeconds((double)frames / SampleRate);
        // Sleep most of the way, then re-check, so the wait ends close to the deadline without spinning.
        while (true)
        {
            var left = deadline - _clock.Elapsed;
            if (left <= TimeSpan.Zero) return;
            Thread.Sleep(left > TimeSpan.FromMilliseconds(2) ? left - TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(1));
        }
    }
}
