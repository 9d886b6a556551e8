using ActionPerception.Audio;

namespace ActionPerception.Tests.Audio;

internal static class TestKits
{
    /// <summary>A kit whose every instrument is one unit impulse, so rendered output shows onsets and amplitudes directly.</summary>
    public static DrumKit Impulses(int instruments = 3, int sampleRate = 22050) =>
        new("impulses", sampleRate,
            [.. Enumerable.Range(0, instruments).Select(i => $"i{i}")],
            [.. Enumerable.Range(0, instruments).Select(_ => new float[] { 1f })]);

    public static DrumKit Single(float[] sample, int sampleRate = 22050) => new("single", sampleRate, ["x"], [sample]);

    public static RenderSettings NoDeviation(double bpm = 120) => new() { Deviation = 0, Bpm = bpm };
}

/// <summary>A fresh temporary directory, removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ap-audio-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
