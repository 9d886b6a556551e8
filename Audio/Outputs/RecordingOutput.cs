using NAudio.Wave;

namespace ActionPerception.Audio;

/// <summary>
/// Tees what is played into a recorder (a WAV file): the inner output keeps the pace and the clock, the recorder
/// gets every sample as it is handed to the device. So a real-time session can be heard (or paced by the null
/// output) and kept at the same time, at real-time length.
/// </summary>
public sealed class RecordingOutput(IAudioOutput inner, IAudioOutput recorder) : IAudioOutput
{
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
        Recorder.Write(samples);
    }

    public void Drain()
    {
        Inner.Drain();
        Recorder.Drain();
    }

    public void Dispose()
    {
        try { Inner.Dispose(); }
        finally { Recorder.Dispose(); }
    }
}
