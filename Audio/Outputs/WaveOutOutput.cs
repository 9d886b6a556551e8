using System.Diagnostics;
using System.Runtime.Versioning;
using NAudio.Wave;

namespace ActionPerception.Audio;

/// <summary>
/// Windows speakers through NAudio's WaveOut (NAudio 3's event-driven player, formerly WaveOutEvent), used as NAudio's
/// own streaming examples do: a BufferedWaveProvider filled by the writer, played by WaveOut's thread. Write blocks
/// while more than <see cref="Latency"/> is queued, like a device. The clock is the device position mapped back to the
/// audio actually played (<see cref="PaddedFeed"/>: WaveOut's position also counts the silence played while the
/// queue was empty). A playback thread that stops (device removed, driver error) or a device that takes nothing for
/// <see cref="StallTimeout"/> fails the output. Not run on Windows by this project's CI (README).
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class WaveOutOutput : IAudioOutput
{
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(5);
    private readonly WaveOut _waveOut;
    private readonly BufferedWaveProvider _buffer;
    private readonly PaddedFeed _feed;
    private readonly PlayedCounter _played = new();
    private byte[] _bytes = [];
    private long _written;
    private long _drains;
    private volatile Exception? _stopped;
    private volatile bool _disposed;

    public WaveOutOutput(int sampleRate, TimeSpan? latency = null)
    {
        SampleRate = sampleRate;
        Latency = latency ?? TimeSpan.FromMilliseconds(200);
        OutputWaveFormat = new WaveFormat(sampleRate, 16, 1);
        try
        {
            // Room for a whole 10 s pattern plus the latency, so one Write never has to be split.
            _buffer = new BufferedWaveProvider(OutputWaveFormat, TimeSpan.FromSeconds(20) + Latency)
            {
                DiscardOnBufferOverflow = false,
                ReadFully = false, // the feed pads with silence itself, and counts it
            };
            _feed = new PaddedFeed(_buffer);
            // NAudio's defaults are 2 buffers of 100 ms; the device then holds about the latency asked for.
            _waveOut = new WaveOut { BufferMilliseconds = Math.Max(20, (int)Latency.TotalMilliseconds / 2), NumberOfBuffers = 2 };
            _waveOut.PlaybackStopped += (_, e) => _stopped = e.Exception ?? new InvalidOperationException("playback stopped");
            _waveOut.Init(_feed);
            _waveOut.Play();
        }
        catch (Exception e) when (e is not AudioOutputException)
        {
            throw new AudioOutputException("waveout", $"the Windows wave device could not be opened: {e.Message}", e);
        }
    }

    public TimeSpan Latency { get; }
    public int SampleRate { get; }
    public WaveFormat OutputWaveFormat { get; }
    public string Description => "Windows WaveOut (default device)";
    public long FramesWritten => Interlocked.Read(ref _written);
    /// <summary>Times the device ran dry after audio, other than at a drain.</summary>
    public int Underruns => (int)Math.Clamp(_feed.DryRuns - Interlocked.Read(ref _drains), 0, int.MaxValue);
    public long GetPosition() => FramesPlayed * OutputWaveFormat.BlockAlign;

    public long FramesPlayed
    {
        get
        {
            long written = FramesWritten;
            if (_disposed) return _played.Advance(written, written);
            return _played.Advance(_feed.AudioPlayed(_waveOut.GetPosition()) / OutputWaveFormat.BlockAlign, written);
        }
    }

    public void Write(ReadOnlySpan<float> samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var needed = samples.Length * 2;
        if (_bytes.Length < needed) _bytes = new byte[needed];
        Pcm.ToInt16(samples, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(_bytes.AsSpan(0, needed)));
        var latencyBytes = (int)(Latency.TotalSeconds * SampleRate) * 2;
        WaitWhile(() => _buffer.BufferedBytes + needed > _buffer.BufferLength);
        _buffer.AddSamples(_bytes, 0, needed);
        Interlocked.Add(ref _written, samples.Length);
        WaitWhile(() => _buffer.BufferedBytes > latencyBytes);
    }

    public void Drain()
    {
        // Running dry at the end of what was written is what a drain asks for, not an underrun.
        if (FramesPlayed < FramesWritten) Interlocked.Increment(ref _drains);
        WaitWhile(() => FramesPlayed < FramesWritten);
    }

    /// <summary>Waits for the device to take audio, failing if its playback stopped or it took nothing for <see cref="StallTimeout"/>.</summary>
    private void WaitWhile(Func<bool> full)
    {
        long lastPlayed = FramesPlayed, since = Stopwatch.GetTimestamp();
        while (full())
        {
            if (_stopped is { } e)
                throw new AudioOutputException("waveout", $"playback stopped: {e.Message}", e);
            long played = FramesPlayed;
            if (played != lastPlayed) (lastPlayed, since) = (played, Stopwatch.GetTimestamp());
            else if (Stopwatch.GetElapsedTime(since) > StallTimeout)
                throw new AudioOutputException("waveout", $"the device played nothing for {StallTimeout.TotalSeconds:F0} s.");
            Thread.Sleep(5);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _waveOut.Stop();
        _waveOut.Dispose();
    }
}
