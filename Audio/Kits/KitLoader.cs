using ActionPerception.IO;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace ActionPerception.Audio;

/// <summary>Loads a folder of WAV files into a <see cref="DrumKit"/> through NAudio.</summary>
internal static class KitLoader
{
    /// <summary>The largest WAV file of a kit (documented in README.md, "Limits").</summary>
    public const long MaxWavBytes = 512L << 20;
    /// <summary>A sound after resampling holds no more float samples than the largest WAV file has bytes: the memory cap of one file.</summary>
    public const long MaxSoundSamples = MaxWavBytes / sizeof(float);
    private const string UseBuiltIn = "or use the built-in kit (give no kit folder).";

    public static DrumKit Load(string folder, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, RenderSettings.MinSampleRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, RenderSettings.MaxSampleRate);
        if (!Directory.Exists(folder))
            throw new KitLoadException(folder, File.Exists(folder) ? "is a file, not a kit folder." : "does not exist.",
                $"Pass a folder that holds .wav files, {UseBuiltIn}");

        var manifestPath = Path.Combine(folder, KitManifest.FileName);
        var kitName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        List<(string Name, string File, double Gain)> entries;
        if (File.Exists(manifestPath))
        {
            var m = KitManifest.Load(manifestPath);
            kitName = string.IsNullOrWhiteSpace(m.Name) ? kitName : m.Name;
            entries = [.. m.Instruments!.Select(e => (KitManifest.EntryName(e), Path.Combine(folder, e.File!), e.Gain))];
            foreach (var (_, file, _) in entries)
                if (!File.Exists(file))
                    throw new KitLoadException(file, $"is listed in {manifestPath} but does not exist.", "Add the file or correct its name in kit.json.");
        }
        else
        {
            // Ordinal order, as the original sorted its file names, so that instrument indices are stable everywhere.
            var files = Directory.EnumerateFiles(folder)
                .Where(f => Path.GetExtension(f).Equals(".wav", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
                throw new KitLoadException(folder, "holds no .wav files.", $"Put one WAV file per instrument in it, {UseBuiltIn}");
            entries = [.. files.Select(f => (Path.GetFileNameWithoutExtension(f), f, 1.0))];
        }

        var warnings = new List<string>();
        var samples = new List<float[]>(entries.Count);
        foreach (var (_, file, gain) in entries)
        {
            var x = ReadMono(file, sampleRate, warnings);
            if (gain != 1.0)
                for (var i = 0; i < x.Length; i++) x[i] = (float)(x[i] * gain);
            samples.Add(x);
        }
        return new DrumKit(kitName, sampleRate, [.. entries.Select(e => e.Name)], samples,
            [.. entries.Select(e => e.File)], warnings);
    }

    /// <summary>Reads any PCM or float WAV, mixes it down to mono by averaging channels and resamples it.</summary>
    internal static float[] ReadMono(string file, int sampleRate, List<string> warnings)
    {
        // The stream FileCheck opened (after checking the file's type) is the only one: a second open by name could
        // meet a pipe or another file swapped in meanwhile.
        using var stream = FileCheck.Open(file, MaxWavBytes, out string? problem)
            ?? throw new KitLoadException(file, problem + ".", "Give WAV files on disk (each at most " + FileCheck.Describe(MaxWavBytes) + ").");
        if (stream.Length == 0)
            throw new KitLoadException(file, "is an empty file (0 bytes).", "Replace it with a WAV recording or remove it from the kit folder.");

        float[] interleaved;
        WaveFormat format;
        try
        {
            // NAudio quietly shortens a data chunk that runs past the end of the file; a cut-off copy should not load silently.
            if (DataChunkSizes(stream) is var (declared, available) && declared > available)
                throw new KitLoadException(file, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"is truncated: its header announces {declared} bytes of audio but only {available} are there."),
                    "Re-export or re-copy the file.");
            stream.Position = 0;
            using var reader = new WaveFileReader(stream);
            format = reader.WaveFormat;
            // A rate outside what a renderer plays is a damaged header, and resampling from it could ask for billions of samples.
            if (format.SampleRate < RenderSettings.MinSampleRate || format.SampleRate > RenderSettings.MaxSampleRate)
                throw new KitLoadException(file, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"declares a sample rate of {format.SampleRate} Hz, outside {RenderSettings.MinSampleRate}–{RenderSettings.MaxSampleRate} Hz."),
                    "Re-export it at a usual rate such as 44100 or 48000 Hz.");
            if (format.Channels < 1 || format.BlockAlign < 1)
                throw new KitLoadException(file, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"declares {format.Channels} channels and {format.BlockAlign}-byte frames, which hold no audio."), "Re-export it as a mono or stereo WAV file.");
            if (reader.Length == 0)
                throw new KitLoadException(file, "holds no audio (its data chunk is empty).", "Replace it with a WAV recording or remove it from the kit folder.");
            long resampled = (long)Math.Ceiling((double)reader.SampleCount * sampleRate / format.SampleRate);
            if (resampled > MaxSoundSamples)
                throw new KitLoadException(file, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"would be {resampled} samples long at {sampleRate} Hz, more than the {MaxSoundSamples} (the memory of the largest WAV file accepted) a sound may take."),
                    "Trim the sound; a drum hit lasts seconds, not hours.");
            var provider = reader.ToSampleProvider();
            interleaved = ReadAll(provider, reader.SampleCount * format.Channels);
            var expected = reader.SampleCount * format.Channels;
            if (interleaved.Length < expected)
                throw new KitLoadException(file, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"is truncated: its header announces {expected / format.Channels} frames but only {interleaved.Length / format.Channels} are there."),
                    "Re-export or re-copy the file.");
        }
        catch (KitLoadException) { throw; }
        catch (Exception e) when (e is FormatException or InvalidDataException or EndOfStreamException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new KitLoadException(file, $"is not a readable WAV file ({e.Message}).",
                "Export it as PCM (8, 16, 24 or 32-bit) or 32-bit float WAV, or remove it from the kit folder.", e);
        }
        catch (IOException e)
        {
            throw new KitLoadException(file, $"cannot be read: {e.Message}", "Check that the file exists and is readable.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new KitLoadException(file, $"cannot be read: {e.Message}", "Check the file's permissions.", e);
        }

        var channels = format.Channels;
        var frames = interleaved.Length / channels;
        if (frames == 0)
            throw new KitLoadException(file, "holds no complete audio frame.", "Replace it with a WAV recording or remove it from the kit folder.");
        var mono = new float[frames];
        for (var f = 0; f < frames; f++)
        {
            var sum = 0f;
            for (var c = 0; c < channels; c++) sum += interleaved[f * channels + c];
            mono[f] = sum / channels;
        }
        foreach (var v in mono)
            if (!float.IsFinite(v))
                throw new KitLoadException(file, "contains NaN or infinite sample values.", "Re-export the file.");
        if (format.SampleRate == sampleRate) return mono;

        var resampler = new WdlResamplingSampleProvider(new ArraySampleProvider(mono, format.SampleRate), sampleRate);
        return ReadAll(resampler, (long)Math.Ceiling((double)frames * sampleRate / format.SampleRate) + 1024);
    }

    /// <summary>The data chunk's declared size and the bytes actually present after its header, if the file is RIFF/WAVE.</summary>
    private static (long Declared, long Available)? DataChunkSizes(Stream stream)
    {
        using var br = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (stream.Length < 12 || br.ReadUInt32() != 0x46464952 /* RIFF */) return null;
        br.ReadUInt32();
        if (br.ReadUInt32() != 0x45564157 /* WAVE */) return null;
        while (stream.Length - stream.Position >= 8)
        {
            var id = br.ReadUInt32();
            long size = br.ReadUInt32();
            if (id == 0x61746164 /* data */) return (size, stream.Length - stream.Position);
            stream.Position += size + (size & 1);
        }
        return null;
    }

    private static float[] ReadAll(ISampleProvider provider, long expected)
    {
        // A damaged header can announce a negative size: the capacity is only a hint.
        var result = new List<float>((int)Math.Clamp(expected, 0, 1 << 24));
        var block = new float[Math.Max(provider.WaveFormat.Channels, 1) * 4096];
        int read;
        while ((read = provider.Read(block)) > 0) result.AddRange(block.AsSpan(0, read));
        return [.. result];
    }

    /// <summary>A mono float array as an NAudio sample provider, to feed the resampler.</summary>
    private sealed class ArraySampleProvider(float[] data, int sampleRate) : ISampleProvider
    {
        private int _position;
        public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, 1);

        public int Read(Span<float> buffer)
        {
            var n = Math.Min(buffer.Length, data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
    }
}
