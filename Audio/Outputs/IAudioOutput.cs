using NAudio.Wave;

namespace ActionPerception.Audio;

/// <summary>
/// Where rendered audio goes: speakers, a file, or nowhere. Mono float samples at <see cref="WaveFormat"/>'s rate go in;
/// <see cref="Write"/> blocks the way a sound card does (until the device has room). Positions are reported like
/// NAudio's <see cref="IWavePosition"/> so the session's clock can be the device's frame count.
/// Not thread-safe for concurrent writers; <see cref="FramesPlayed"/> may be read from another thread.
/// </summary>
public interface IAudioOutput : IWavePosition, IDisposable
{
    /// <summary>A short description for logs and messages, e.g. "ALSA device 'default'".</summary>
    string Description { get; }

    /// <summary>Sample rate of the samples given to <see cref="Write"/> (always mono).</summary>
    int SampleRate { get; }

    /// <summary>Queues mono samples for playback, blocking while the device is full.</summary>
    void Write(ReadOnlySpan<float> samples);

    /// <summary>Frames handed to <see cref="Write"/> so far.</summary>
    long FramesWritten { get; }

    /// <summary>Frames that have been heard so far (written minus what the device still holds).</summary>
    long FramesPlayed { get; }

    /// <summary>Times the device ran dry because writes came too late.</summary>
    int Underruns { get; }

    /// <summary>Blocks until everything written has been played.</summary>
    void Drain();
}
