using System.Diagnostics;

namespace ActionPerception.Simulations.Bench;

/// <summary>Medians of repeated timed runs: robust on a noisy shared machine, unlike a single run or a mean.</summary>
public static class Measure
{
    public static double MedianSeconds(int repetitions, Action run)
    {
        // Warm up for at least half a second so tiered JIT has promoted the hot loops before timing starts.
        long w0 = Stopwatch.GetTimestamp();
        do run(); while (Stopwatch.GetElapsedTime(w0).TotalSeconds < 0.5);
        var times = new double[repetitions];
        for (int i = 0; i < repetitions; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        Array.Sort(times);
        return repetitions % 2 == 1 ? times[repetitions / 2] : 0.5 * (times[repetitions / 2 - 1] + times[repetitions / 2]);
    }

    public static long AllocatedBytes(Action run)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        run();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
