using System.Globalization;
using NAudio.Wave;

namespace ActionPerception.Audio;

/// <summary>
/// Linux speakers through alsa-lib (libasound.so.2), mono 16-bit. Writes block in snd_pcm_writei while the
/// device buffer is full, which paces the caller at the sample rate. An underrun (-EPIPE) is recovered with
/// snd_pcm_recover and counted. Shaped like NAudio's players so it can give way to upstream NAudio.Alsa later.
/// </summary>
/// <remarks>alsa-lib serialises calls on one PCM internally (since 1.1.2), so FramesPlayed may be read from
/// another thread while a write blocks.</remarks>
public sealed class AlsaOutput : IAudioOutput
{
    private nint _pcm;
    private short[] _pcm16 = [];
    private long _written;
    private int _underruns;
    private readonly int _chunkFrames;
    private long _drainedAt = -1;
    // Frames written when the stream last (re)started, and the highest position reported so far.
    private long _startedFrom;
    private readonly PlayedCounter _played = new();

    /// <param name="device">ALSA PCM name: "default", "pulse", "null", "hw:0,0", …</param>
    /// <param name="latency">Device buffer length to ask for; longer survives hiccups, shorter reacts sooner.</param>
    public AlsaOutput(string device, int sampleRate, TimeSpan? latency = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, RenderSettings.MinSampleRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, RenderSettings.MaxSampleRate);
        Device = device;
        SampleRate = sampleRate;
        _chunkFrames = Math.Max(64, sampleRate / 50);
        OutputWaveFormat = new WaveFormat(sampleRate, 16, 1);
        var latencyUs = (uint)Math.Clamp((latency ?? TimeSpan.FromMilliseconds(200)).TotalMicroseconds, 1000, 10_000_000);
        var name = $"alsa:{device}";
        int err;
        try
        {
            err = AlsaNative.Open(out _pcm, device, AlsaNative.StreamPlayback, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new AudioOutputException(name,
                $"{AlsaNative.Library} could not be loaded ({e.Message}). Install it (Debian: apt-get install libasound2).", e);
        }
        if (err < 0)
            throw new AudioOutputException(name, $"snd_pcm_open(\"{device}\") said: {AlsaNative.Error(err)}." +
                (device == "default" ? " A machine without a sound card or sound server has no 'default' device." : ""));
        err = AlsaNative.SetParams(_pcm, AlsaNative.FormatS16Le, AlsaNative.AccessRwInterleaved, 1, (uint)sampleRate, 1, latencyUs);
        if (err < 0)
        {
            AlsaNative.Close(_pcm);
            _pcm = 0;
            throw new AudioOutputException(name, string.Create(CultureInfo.InvariantCulture,
                $"the device refused mono 16-bit at {sampleRate} Hz: {AlsaNative.Error(err)}."));
        }
    }

    public string Device { get; }
    public int SampleRate { get; }
    public WaveFormat OutputWaveFormat { get; }
    public string Description => $"ALSA device '{Device}'";
    public long FramesWritten => Interlocked.Read(ref _written);
    public int Underruns => Volatile.Read(ref _underruns);
    public long GetPosition() => FramesPlayed * OutputWaveFormat.BlockAlign;

    public long FramesPlayed
    {
        get
        {
            // The one snapshot of the write count every bound below is taken from.
            var written = FramesWritten;
            var pcm = _pcm;
            // After a drain everything written has been heard, whatever a plugin's stale delay says.
            if (pcm == 0 || written == Volatile.Read(ref _drainedAt)) return _played.Advance(written, written);
            long played;
            var state = AlsaNative.State(pcm);
            if (state == AlsaNative.StatePrepared)
                played = Volatile.Read(ref _startedFrom); // not started yet (pulse may stall a second or two here)
            else if (AlsaNative.Delay(pcm, out var delay) < 0 || delay < 0)
                played = written; // some plugins (e.g. "null") cannot report a delay
            else
                played = written - delay;
            // Never backwards, never past what was written, whatever other readers published meanwhile.
            return _played.Advance(played, written);
        }
    }

    public unsafe void Write(ReadOnlySpan<float> samples)
    {
        ObjectDisposedException.ThrowIf(_pcm == 0, this);
        if (_pcm16.Length < samples.Length) _pcm16 = new short[samples.Length];
        Pcm.ToInt16(samples, _pcm16);
        var offset = 0;
        fixed (short* p = _pcm16)
        {
            while (offset < samples.Length)
            {
                // Small chunks keep FramesWritten (and so FramesPlayed = written − delay) current while a long
                // buffer is still being accepted; one writei of a whole 5 s buffer would freeze the count for seconds.
                var chunk = Math.Min(samples.Length - offset, _chunkFrames);
                var n = (long)AlsaNative.WriteInterleaved(_pcm, p + offset, (nuint)chunk);
                if (n >= 0)
                {
                    offset += (int)n;
                    Interlocked.Add(ref _written, n);
                    continue;
                }
                var err = (int)n;
                if (err == -AlsaNative.EAGAIN || err == -AlsaNative.EINTR) continue;
                if (err == -AlsaNative.EPIPE) Interlocked.Increment(ref _underruns);
                Volatile.Write(ref _startedFrom, FramesWritten); // an underrun means all that was written has played
                var r = AlsaNative.Recover(_pcm, err, 1);
                if (r < 0)
                    throw new AudioOutputException($"alsa:{Device}", $"writing failed and could not recover: {AlsaNative.Error(err)}.");
            }
        }
    }

    public void Drain()
    {
        if (_pcm == 0) return;
        AlsaNative.Drain(_pcm);
        Volatile.Write(ref _drainedAt, FramesWritten);
        Volatile.Write(ref _startedFrom, FramesWritten);
        // Drain leaves the PCM stopped (SETUP state); prepare it so that later writes play instead of failing.
        var err = AlsaNative.Prepare(_pcm);
        if (err < 0)
            throw new AudioOutputException($"alsa:{Device}", $"the device could not be restarted after draining: {AlsaNative.Error(err)}.");
    }

    public void Dispose()
    {
        var pcm = Interlocked.Exchange(ref _pcm, 0);
        if (pcm != 0) AlsaNative.Close(pcm);
    }
}
