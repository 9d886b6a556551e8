using NAudio.Wave;

namespace ActionPerception.Audio;

/// <summary>
/// What a buffer-driven player (NAudio's WaveOut) reads: the queued audio, padded with silence when the queue runs
/// dry so the player never stops, and a map from the device's position (which counts that silence too) back to the
/// audio that was really played. Without the map an underrun would put the clock ahead of the sound for good.
/// </summary>
internal sealed class PaddedFeed(BufferedWaveProvider queue) : IWaveProvider
{
    private readonly object _gate = new();
    // Blocks handed to the device, oldest first: where each starts in device bytes, and how much of it was audio.
    private readonly Queue<(long Start, int Length, int Audio)> _blocks = new();
    private long _deviceBytes;
    private long _audioBefore; // audio bytes in blocks already dropped from the queue
    private long _dryRuns;
    private bool _lastHadAudio;

    public WaveFormat WaveFormat => queue.WaveFormat;

    /// <summary>Times the queue ran dry after audio: underruns, or the end of what was written (a drain).</summary>
    public long DryRuns => Interlocked.Read(ref _dryRuns);

    public int Read(Span<byte> buffer)
    {
        int audio = queue.Read(buffer);
        buffer[audio..].Clear();
        lock (_gate)
        {
            _blocks.Enqueue((_deviceBytes, buffer.Length, audio));
            _deviceBytes += buffer.Length;
        }
        if (audio < buffer.Length && _lastHadAudio) Interlocked.Increment(ref _dryRuns);
        _lastHadAudio = audio == buffer.Length;
        return buffer.Length;
    }

    /// <summary>Audio bytes played when the device has played <paramref name="devicePosition"/> bytes (audio and padding).</summary>
    public long AudioPlayed(long devicePosition)
    {
        lock (_gate)
        {
            // Audio comes first in each block, padding after it.
            while (_blocks.TryPeek(out var b) && devicePosition >= b.Start + b.Length)
            {
                _audioBefore += b.Audio;
                _blocks.Dequeue();
            }
            long played = _audioBefore;
            if (_blocks.TryPeek(out var current))
                played += Math.Clamp(devicePosition - current.Start, 0, current.Audio);
            return played;
        }
    }
}
