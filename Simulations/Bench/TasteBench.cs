using System.Diagnostics;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;
using ActionPerception.Agents.Tastes.Posterior;

namespace ActionPerception.Simulations.Bench;

/// <summary>
/// The taste posterior at the default d = 21 (10 beats): one <see cref="TastePosterior.Observe(int, bool)"/> with its
/// ξ sweeps, on top of a few hundred judgements of uniform draws (the worst case for its cost: nearly every judged
/// pattern distinct, so a sweep re-estimates nearly as many ξ as there are judgements), and the predictive of all
/// 1024 patterns.
/// </summary>
public static class TasteBench
{
    public static IEnumerable<BenchResult> Run(int repetitions)
    {
        var taste = TasteCatalog.WellFormedTaste(10);
        foreach (int history in new[] { 300, 1000 })
        {
            var rng = new SeededRandom(21);
            var stream = Enumerable.Range(0, history + 200).Select(_ => rng.NextIndex(1024)).ToArray();
            // Warm up the JIT on a throwaway posterior before anything is timed.
            var warm = new TastePosterior(10);
            foreach (int x in stream) warm.Observe(x, taste.Contains(x));

            var p = new TastePosterior(10);
            for (int i = 0; i < history; i++) p.Observe(stream[i], taste.Contains(stream[i]));
            var times = new double[200];
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < times.Length; i++)
            {
                int x = stream[history + i];
                long t0 = Stopwatch.GetTimestamp();
                p.Observe(x, taste.Contains(x));
                times[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            }
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Array.Sort(times);
            double median = 0.5 * (times[99] + times[100]);
            yield return new BenchResult($"taste.observe_ms.{history}_judgements", median * 1e3, "ms", history == 300 ? "well under 1" : "(a long session)",
                history == 300 ? median < 0.5e-3 : null,
                $"median of 200 updates after {history} judgements of uniform draws ({p.DistinctPatterns} distinct patterns at the end), d = {p.Features.Dimension}, " +
                $"{p.Settings.Sweeps} full ξ sweeps each; slowest {times[^1] * 1e3:F3} ms; {bytes / times.Length} bytes allocated per update (the judgement list and slot growth)");
        }

        {
            var rng = new SeededRandom(22);
            var p = new TastePosterior(10);
            for (int i = 0; i < 300; i++) { int x = rng.NextIndex(1024); p.Observe(x, taste.Contains(x)); }
            var into = new TastePrediction[p.Features.PatternCount];
            double seconds = Measure.MedianSeconds(repetitions * 20, () => p.PredictAll(into));
            long bytes = Measure.AllocatedBytes(() => p.PredictAll(into));
            yield return new BenchResult("taste.predict_all_ms", seconds * 1e3, "ms", "(per log window)", null,
                $"predictive P(like) with its 90 % interval for all 1024 patterns at d = {p.Features.Dimension}; {bytes} bytes allocated");
        }

        {
            // The predictive niche's refresh after each applied judgement: a snapshot, the predictive of every pattern, the set.
            var rng = new SeededRandom(23);
            var p = new TastePosterior(10);
            for (int i = 0; i < 120; i++) { int x = rng.NextIndex(1024); p.Observe(x, taste.Contains(x)); }
            var target = new PredictiveTarget(10);
            double seconds = Measure.MedianSeconds(repetitions * 20, () => target.Refresh(p.Snapshot()));
            long bytes = Measure.AllocatedBytes(() => target.Refresh(p.Snapshot()));
            yield return new BenchResult("niche.predictive_refresh_ms", seconds * 1e3, "ms", "about 0.1 (issue 15)", null,
                $"snapshot of the posterior after 120 judgements, predictive of all 1024 patterns, flat target over {target.Support} patterns; " +
                $"{bytes} bytes allocated (the snapshot's copy of m and S; the refresh itself allocates nothing)");

            var snapshot = p.Snapshot();
            var candidates = new int[8];
            var scores = new DreamScore[8];
            for (int i = 0; i < 8; i++) candidates[i] = rng.NextIndex(1024);
            seconds = Measure.MedianSeconds(repetitions * 20, () => ExpectedFreeEnergy.Choose(snapshot, candidates, 0.1, scores));
            yield return new BenchResult("play.epistemic_choose_ms", seconds * 1e3, "ms", "(once per played pattern)", null,
                "expected free energy (information gain by quadrature plus λ ln P(like)) of 8 candidate dreams after 120 judgements");
        }
    }
}
