using NAudio.Wave;

namespace ActionPerception.Audio;

/// <summary>Sample format of a WAV file written by <see cref="WavFileOutput"/>.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit PCM, as the original played.</summary>
    Pcm16,
    /// <summary>32-bit IEEE float, lossless for the renderer's output.</summary>
    Float32,
}

/// <summary>
/// Writes the audio to a mono WAV file through NAudio's WaveFileWriter. The RIFF header is updated after every
/// write, so a session that is killed leaves a file every reader accepts, holding everything written so far.
/// Refuses to overwrite an existing file unless asked to. Never blocks longer than the disk does.
/// </summary>
public sealed class WavFileOutput : IAudioOutput
{
    private readonly WaveFileWriter _writer;
    private readonly WavSampleFormat _format;
    private byte[] _bytes = [];
    private long _written;

    public WavFileOutput(string path, int sampleRate, WavSampleFormat format = WavSampleFormat.Pcm16, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, RenderSettings.MinSampleRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, RenderSettings.MaxSampleRate);
        Path = System.IO.Path.GetFullPath(path);
        SampleRate = sampleRate;
        _format = format;
        OutputWaveFormat = format == WavSampleFormat.Float32
            ? WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, 1)
            : new WaveFormat(sampleRate, 16, 1);
        FileStream stream;
        try
        {
            // CreateNew makes "do not overwrite" atomic; FileShare.Read lets others inspect the file while it grows.
            stream = new FileStream(Path, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (IOException e) when (!overwrite && File.Exists(Path))
        {
            throw new AudioOutputException($"wav:{path}", $"the file {Path} already exists and would be overwritten. Choose another name, or pass --force to replace it.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new AudioOutputException($"wav:{path}", $"cannot create {Path}: {e.Message}", e);
        }
        _writer = new WaveFileWriter(stream, OutputWaveFormat);
        _writer.Flush();
    }

    public string Path { get; }
    public int SampleRate { get; }
    public WaveFormat OutputWaveFormat { get; }
    public string Description => $"WAV file {Path}";
    public long FramesWritten => Interlocked.Read(ref _written);
    public long FramesPlayed => FramesWritten;
    public int Underruns => 0;
    public long GetPosition() => FramesPlayed * OutputWaveFormat.BlockAlign;

    public void Write(ReadOnlySpan<float> samples)
    {
        var bytesPerSample = OutputWaveFormat.BitsPerSample / 8;
        var needed = samples.Length * bytesPerSample;
        if (_bytes.Length < needed) _bytes = new byte[needed];
        var span = _bytes.AsSpan(0, needed);
        if (_format == WavSampleFormat.Float32)
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples).CopyTo(span);
        else
            Pcm.ToInt16(samples, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(span));
        _writer.Write(span);
        // Flush rewrites the RIFF and data sizes, then returns to the end: the file is complete after every write.
        _writer.Flush();
        Interlocked.Add(ref _written, samples.Length);
    }

    public void Drain() => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
