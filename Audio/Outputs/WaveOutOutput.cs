using System.Runtime.Versioning;
using NAudio.Wave;

namespace ActionPerception.Audio;

/// <summary>
/// Windows speakers through NAudio's WaveOut (NAudio 3's event-driven player, formerly WaveOutEvent), fed by a BufferedWaveProvider. Write blocks while the
/// buffer holds more than <see cref="Latency"/>, like a device. Not testable on Linux; kept thin on purpose.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class WaveOutOutput : IAudioOutput
{
    private readonly WaveOut _waveOut;
    private readonly BufferedWaveProvider _buffer;
    private byte[] _bytes = [];
    private long _written;

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
                ReadFully = true,
            };
            _waveOut = new WaveOut { BufferMilliseconds = Math.Max(20, (int)Latency.TotalMilliseconds / 2), NumberOfBuffers = 2 };
            _waveOut.Init(_buffer);
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
    public int Underruns => 0;
    public long FramesPlayed => Math.Min(FramesWritten, _waveOut.GetPosition() / OutputWaveFormat.BlockAlign);
    public long GetPosition() => FramesPlayed * OutputWaveFormat.BlockAlign;

    public void Write(ReadOnlySpan<float> samples)
    {
        var needed = samples.Length * 2;
        if (_bytes.Length < needed) _bytes = new byte[needed];
        Pcm.ToInt16(samples, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(_bytes.AsSpan(0, needed)));
        var latencyBytes = (int)(Latency.TotalSeconds * SampleRate) * 2;
        while (_buffer.BufferedBytes + needed > _buffer.BufferLength) Thread.Sleep(5);
        _buffer.AddSamples(_bytes, 0, needed);
        Interlocked.Add(ref _written, samples.Length);
        while (_buffer.BufferedBytes > latencyBytes) Thread.Sleep(5);
    }

    public void Drain()
    {
        while (_buffer.BufferedBytes > 0) Thread.Sleep(5);
    }

    public void Dispose()
    {
        _waveOut.Stop();
        _waveOut.Dispose();
    }
}
