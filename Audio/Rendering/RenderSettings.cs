using System.Globalization;

namespace ActionPerception.Audio;

/// <summary>
/// Tempo, timing deviation and layout of one rendered pattern. Every setter validates at once so that a bad
/// value fails where it was set, with a message naming the setting, its range and the fix.
/// </summary>
public sealed record RenderSettings
{
    public const double MinBpm = 30, MaxBpm = 300, MinDeviation = 0, MaxDeviation = 1200;
    public const int MinSampleRate = 8000, MaxSampleRate = 192000, MinBeats = 1, MaxBeats = 64;

    private readonly int _sampleRate = 22050;
    private readonly double _bpm = 120;
    private readonly double _deviation = 500;
    private readonly int _beats = 10;

    /// <summary>Samples per second of the rendered audio (the original: 22050).</summary>
    public int SampleRate
    {
        get => _sampleRate;
        init => _sampleRate = Check(value, MinSampleRate, MaxSampleRate, nameof(SampleRate), "Hz");
    }

    /// <summary>Beats per minute, 30–300 (the original's slider range).</summary>
    public double Bpm
    {
        get => _bpm;
        init => _bpm = Check(value, MinBpm, MaxBpm, nameof(Bpm), "beats per minute");
    }

    /// <summary>Standard deviation of onset timing in samples, 0–1200 (default 500, as the original).</summary>
    public double Deviation
    {
        get => _deviation;
        init => _deviation = Check(value, MinDeviation, MaxDeviation, nameof(Deviation), "samples");
    }

    /// <summary>Beats per pattern, n_d (default 10).</summary>
    public int Beats
    {
        get => _beats;
        init => _beats = Check(value, MinBeats, MaxBeats, nameof(Beats), "beats");
    }

    /// <summary>Samples in one played buffer: round(60/BPM · fs · n_d), half-to-even like numpy's round.</summary>
    public int BufferLength => checked((int)Math.Round(60.0 / Bpm * SampleRate * Beats, MidpointRounding.ToEven));

    /// <summary>Samples per beat: round(BufferLength / n_d).</summary>
    public int BeatLength => (int)Math.Round((double)BufferLength / Beats, MidpointRounding.ToEven);

    private static double Check(double value, double min, double max, string name, string unit)
        => double.IsFinite(value) && value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture,
                $"{name} {value} is out of range: choose a value from {min} to {max} {unit}."));

    private static int Check(int value, int min, int max, string name, string unit)
        => value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture,
                $"{name} {value} is out of range: choose a value from {min} to {max} {unit}."));
}
