using System.Globalization;

namespace ActionPerception.Audio;

/// <summary>
/// A set of mono instrument samples at one sample rate. Immutable once built: the renderer reads the sample
/// arrays without copying, so nothing hands them out for writing.
/// </summary>
public sealed class DrumKit
{
    private readonly float[][] _samples;

    /// <summary>Builds a kit from samples already at <paramref name="sampleRate"/>; the arrays are copied.</summary>
    /// <param name="sourceFiles">Where each sample came from (for messages); null for synthesised kits.</param>
    public DrumKit(string name, int sampleRate, IReadOnlyList<string> instrumentNames, IReadOnlyList<float[]> samples,
        IReadOnlyList<string>? sourceFiles = null, IReadOnlyList<string>? warnings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, RenderSettings.MinSampleRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, RenderSettings.MaxSampleRate);
        if (instrumentNames.Count == 0) throw new ArgumentException("A kit needs at least one instrument.", nameof(instrumentNames));
        if (instrumentNames.Count != samples.Count)
            throw new ArgumentException("One sample per instrument name is needed.", nameof(samples));
        if (sourceFiles is not null && sourceFiles.Count != samples.Count)
            throw new ArgumentException("One source file per instrument is needed.", nameof(sourceFiles));
        for (var i = 0; i < samples.Count; i++)
        {
            foreach (var x in samples[i])
                if (!float.IsFinite(x))
                    throw new ArgumentException($"Sample of instrument '{instrumentNames[i]}' contains NaN or infinity.", nameof(samples));
        }

        Name = name;
        SampleRate = sampleRate;
        InstrumentNames = [.. instrumentNames];
        _samples = [.. samples.Select(s => s.ToArray())];
        SourceFiles = sourceFiles is null ? null : [.. sourceFiles];
        Warnings = warnings is null ? [] : [.. warnings];
    }

    public string Name { get; }
    public int SampleRate { get; }
    public IReadOnlyList<string> InstrumentNames { get; }
    public int Count => _samples.Length;

    /// <summary>File each instrument was loaded from, or null for a synthesised kit.</summary>
    public IReadOnlyList<string>? SourceFiles { get; }

    /// <summary>Things worth telling the user that did not stop the kit from loading.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The mono samples of instrument <paramref name="instrument"/>.</summary>
    public ReadOnlySpan<float> Sample(int instrument) => _samples[instrument];

    internal float[] SampleArray(int instrument) => _samples[instrument];

    /// <summary>
    /// Warnings for samples longer than one buffer: the renderer carries a tail into one following buffer only,
    /// so such a sample is cut (how much depends on where its hit falls).
    /// </summary>
    public IReadOnlyList<string> CheckFits(int bufferLength)
    {
        var warnings = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            if (_samples[i].Length <= bufferLength) continue;
            var where = SourceFiles is null ? $"instrument '{InstrumentNames[i]}'" : $"'{SourceFiles[i]}'";
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{where} lasts {(double)_samples[i].Length / SampleRate:0.###} s, longer than one buffer ({(double)bufferLength / SampleRate:0.###} s): its end will be cut. Trim the sample or lower the tempo."));
        }
        return warnings;
    }

    /// <summary>The six synthesised voices of the original's kit: kick, snare, clap, closed hi-hat, open hi-hat, bass.</summary>
    public static DrumKit BuiltIn(int sampleRate = 22050) => BuiltInKit.Create(sampleRate);

    /// <summary>
    /// Loads a folder of WAV files (and its optional kit.json manifest), resampled to <paramref name="sampleRate"/>.
    /// Throws <see cref="KitLoadException"/> naming the file, the problem and the fix.
    /// </summary>
    public static DrumKit FromFolder(string path, int sampleRate = 22050) => KitLoader.Load(path, sampleRate);
}
