using NAudio.Wave;

namespace ActionPerception.Audio;

/// <summary>
/// Tees what is played into a recorder (a WAV file): the inner output keeps the pace and the clock; the recorder gets
/// each sample once the inner output reports it played, so the file holds what was heard, not what was still queued
/// in the device at a stop (samples are held back half a second, and the session marks its end with
/// <see cref="EndAt"/> before the file is closed). So a real-time session can be heard (or paced by the null output) and kept at the same
/// time, at real-time length.
/// </summary>
public sealed class RecordingOutput(IAudioOutput inner, IAudioOutput recorder) : IAudioOutput
{
    // Written but not yet played: a ring that grows to the device's queue (preallocated for 2 s, so nothing is
    // allocated per buffer in the usual case).
    private float[] _ring = new float[Math.Max(1, inner.SampleRate * 2)];
    private int _head, _count;
    private long _recorded;
    private long? _end;
    private readonly object _gate = new();
    // Played samples are held back this long before they are recorded: the session learns that it stopped a moment
    // after the clock passed the stop, and by then nothing past the stop may be in the file yet.
    private readonly long _holdBack = inner.SampleRate / 2;

    public IAudioOutput Inner { get; } = inner;
    public IAudioOutput Recorder { get; } = recorder;
    public string Description => $"{Inner.Description}, recorded to {Recorder.Description}";
    public int SampleRate => Inner.SampleRate;
    public WaveFormat OutputWaveFormat => Inner.OutputWaveFormat;
    public long FramesWritten => Inner.FramesWritten;
    public long FramesPlayed => Inner.FramesPlayed;
    public int Underruns => Inner.Underruns;
    public long GetPosition() => Inner.GetPosition();

    public void Write(ReadOnlySpan<float> samples)
    {
        Inner.Write(samples);
        lock (_gate)
        {
            Enqueue(samples);
            Record(Inner.FramesPlayed - _holdBack);
        }
    }

    /// <summary>The session ended after <paramref name="frames"/> frames of this output: nothing after them is recorded.</summary>
    public void EndAt(long frames)
    {
        lock (_gate) _end = frames;
    }

    private void Enqueue(ReadOnlySpan<float> samples)
    {
        if (_count + samples.Length > _ring.Length)
        {
            var bigger = new float[Math.Max(_ring.Length * 2, _count + samples.Length)];
            int first = Math.Min(_count, _ring.Length - _head);
            _ring.AsSpan(_head, first).CopyTo(bigger);
            _ring.AsSpan(0, _count - first).CopyTo(bigger.AsSpan(first));
            _ring = bigger;
            _head = 0;
        }
        // The free space starts at the tail and may wrap once: at most two slices.
        int tail = (_head + _count) % _ring.Length;
        int run = Math.Min(samples.Length, _ring.Length - tail);
        samples[..run].CopyTo(_ring.AsSpan(tail));
        samples[run..].CopyTo(_ring);
        _count += samples.Length;
    }

    /// <summary>Moves what has been played (up to the end, if set) from the ring into the recorder.</summary>
    private void Record(long played)
    {
        long upTo = Math.Min(played, _end ?? long.MaxValue);
        int n = (int)Math.Clamp(upTo - _recorded, 0, _count);
        while (n > 0)
        {
            int run = Math.Min(n, _ring.Length - _head);
            Recorder.Write(_ring.AsSpan(_head, run));
            _head = (_head + run) % _ring.Length;
            _count -= run;
            _recorded += run;
            n -= run;
        }
    }

    public void Drain()
    {
        Inner.Drain();
        lock (_gate) Record(Inner.FramesPlayed - _holdBack);
        Recorder.Drain();
    }

    public void Dispose()
    {
        try
        {
            // Up to the session's end, everything handed over is (or is being) heard; without an end, all of it.
            lock (_gate) Record(long.MaxValue);
        }
        finally
        {
            try { Inner.Dispose(); }
            finally { Recorder.Dispose(); }
        }
    }
}
