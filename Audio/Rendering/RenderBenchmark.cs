using System.Diagnostics;

namespace ActionPerception.Audio;

/// <summary>Result of <see cref="RenderBenchmark.Run"/>.</summary>
/// <param name="MedianMilliseconds">Median wall time of rendering one buffer.</param>
/// <param name="MinMilliseconds">Fastest buffer (least disturbed by the machine).</param>
/// <param name="BytesAllocatedPerBuffer">Managed bytes allocated per rendered buffer once warm (should be 0).</param>
/// <param name="BufferLength">Samples per buffer.</param>
/// <param name="HitsPerBuffer">Hits in the pattern, counting extra division hits.</param>
/// <param name="Repetitions">Buffers timed.</param>
public readonly record struct RenderBenchmarkResult(
    double MedianMilliseconds, double MinMilliseconds, double BytesAllocatedPerBuffer, int BufferLength, int HitsPerBuffer, int Repetitions);

/// <summary>
/// Times the renderer on the reference case: one 5 s buffer at 120 BPM, 22050 Hz, the six-voice built-in kit and a
/// typical pattern (each instrument on about half the beats, some divisions). The original took 0.74 ms.
/// </summary>
public static class RenderBenchmark
{
    public static RenderBenchmarkResult Run(int repetitions = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        var settings = new RenderSettings();
        var renderer = new PatternRenderer(DrumKit.BuiltIn(settings.SampleRate), settings);
        var hits = TypicalPattern(settings.Beats, renderer.Kit.Count);
        var extra = 0;
        foreach (var h in hits) extra += Math.Max(0, h.Division - 1);
        var output = new float[renderer.BufferLength];
        var rng = new Random(12345);

        // Warm up long enough for tiered JIT to replace the first, unoptimised code (it waits ~100 ms before promoting).
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < 50 || warm.ElapsedMilliseconds < 500; i++) renderer.Render(hits, rng, output);

        var times = new double[repetitions];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < repetitions; i++)
        {
            var start = Stopwatch.GetTimestamp();
            renderer.Render(hits, rng, output);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Array.Sort(times);
        var median = repetitions % 2 == 1 ? times[repetitions / 2] : (times[repetitions / 2 - 1] + times[repetitions / 2]) / 2;
        return new RenderBenchmarkResult(median, times[0], (double)allocated / repetitions, renderer.BufferLength,
            hits.Length + extra, repetitions);
    }

    /// <summary>A fixed pattern like those a trained drum layer plays: ~half the beats per instrument, some divisions.</summary>
    internal static DrumHit[] TypicalPattern(int beats, int instruments)
    {
        var rng = new Random(2024);
        var hits = new List<DrumHit>();
        for (var i = 0; i < instruments; i++)
            for (var k = 0; k < beats; k++)
                if (rng.NextDouble() < 0.5)
                    hits.Add(new DrumHit(i, k, (float)(0.4 + 0.6 * rng.NextDouble()), rng.NextDouble() < 0.25 ? 2 + rng.Next(2) : 1));
        return [.. hits];
    }
}
