using ActionPerception.Agents.Listeners;
using System.Diagnostics;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Bench;

/// <summary>
/// A virtual session of 10 minutes of audio with a scripted (oracle) listener: audio seconds simulated per wall
/// second at the default budget of 800 steps per audio second, and how that scales with the budget.
/// </summary>
public static class SessionBench
{
    /// <summary>
    /// What a running session allocates per buffer and per snapshot publish, and how many log bytes a second of audio
    /// costs with free-running training (real time, budget max; here the same rate of epochs in virtual time).
    /// </summary>
    public static IEnumerable<BenchResult> Costs()
    {
        var scenario = new Scenario { Name = "bench", DurationSeconds = 600, Listener = ListenerSettings.Of(OracleListener.KindName) };
        var root = Path.Combine(Path.GetTempPath(), "ap-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            (double perBuffer, double perPublish) probe;
            using (var session = SessionBuilder.Create(scenario, Path.Combine(root, "probe"), ListenerBuilder.For(scenario)))
                probe = session.AllocationProbe(200);
            yield return new BenchResult("session.bytes_per_buffer", probe.perBuffer, "B", "≤ 2048",
                probe.perBuffer <= 2048, "dream, drum sample, render and synthesis history of one buffer; what remains is the pattern's own record (drum sample and playing) that the timeline and log keep; the 441 kB tail copy of earlier versions is gone");
            yield return new BenchResult("session.bytes_per_publish", probe.perPublish, "B", "0", probe.perPublish == 0, "a snapshot is copied into a free one of three preallocated slots");
            // Free-running training does about 1,000 epochs per second of audio. Past 10 epochs per second the log's epoch
            // events are capped by the 0.1 s interval, so the highest budget a scenario allows (100,000 steps, about 190
            // epochs per second) writes at the same rate as free-running.
            var busy = scenario with { DurationSeconds = 60, Training = new TrainingScenario { StepsPerSecond = 100_000 } };
            string folder = Path.Combine(root, "busy");
            using (var session = SessionBuilder.Create(busy, folder, ListenerBuilder.For(busy))) session.RunVirtual();
            double bytes = new FileInfo(Path.Combine(folder, SessionBuilder.LogFileName)).Length;
            yield return new BenchResult("session.log_bytes_per_audio_second.free_running", bytes / 60, "B/s", "≤ 13,900 (50 MB per hour)",
                bytes / 60 <= 50e6 / 3600, "60 s of audio at 100,000 steps per audio second (about 190 epochs per second; epoch events capped at one per 0.1 s of audio, as when free-running)");
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    public static IEnumerable<BenchResult> Run(int repetitions, IReadOnlyList<double> budgets)
    {
        foreach (double budget in budgets)
        {
            var scenario = new Scenario
            {
                Name = "bench",
                DurationSeconds = 600,
                Training = new TrainingScenario { StepsPerSecond = budget },
                Listener = ListenerSettings.Of(OracleListener.KindName),
            };
            var root = Path.Combine(Path.GetTempPath(), "ap-bench-" + Guid.NewGuid().ToString("N"));
            int n = 0;
            try
            {
                double seconds = Measure.MedianSeconds(Math.Max(1, repetitions / 2), () =>
                {
                    using var session = SessionBuilder.Create(scenario, Path.Combine(root, (n++).ToString(System.Globalization.CultureInfo.InvariantCulture)), ListenerBuilder.For(scenario));
                    session.RunVirtual();
                });
                double speed = 600 / seconds;
                bool isDefault = budget == 800;
                yield return new BenchResult($"session.audio_seconds_per_wall_second.budget_{budget:0}", speed, "×", isDefault ? "≥ 800" : "(scaling)",
                    isDefault ? speed >= 800 : null, $"10 min of audio, oracle listener, {budget:0} steps per audio second, per-epoch reference measures, taste posterior, log and checkpoint written; median wall {seconds:F2} s");
            }
            finally
            {
                try { Directory.Delete(root, recursive: true); } catch (IOException) { }
            }
        }
    }

    /// <summary>
    /// The cost of learning the whole taste: a 1-hour virtual session with the predictive niche and epistemic play
    /// (a posterior snapshot and a target refresh per applied judgement, 8 dreams scored per pattern) against the same
    /// session with the original's counts and one dream, run back to back in pairs so that a shared machine slows both
    /// alike; the ratio of their speeds (median over pairs).
    /// </summary>
    public static IEnumerable<BenchResult> NicheSpeed(int repetitions)
    {
        var counts = new Scenario { Name = "bench", DurationSeconds = 3600, Listener = ListenerSettings.Of(OracleListener.KindName) };
        var fast = counts with { Generator = counts.Generator with { Niche = GeneratorScenario.PredictiveNiche, Play = Agents.Niche.GeneratorRules.EpistemicPlay } };
        var root = Path.Combine(Path.GetTempPath(), "ap-bench-" + Guid.NewGuid().ToString("N"));
        int pairs = Math.Max(1, repetitions / 3), n = 0;
        var ratios = new double[pairs];
        var countSeconds = new double[pairs];
        var fastSeconds = new double[pairs];
        double Time(Scenario s)
        {
            var watch = Stopwatch.StartNew();
            using (var session = SessionBuilder.Create(s, Path.Combine(root, (n++).ToString(System.Globalization.CultureInfo.InvariantCulture)), ListenerBuilder.For(s)))
                session.RunVirtual();
            return watch.Elapsed.TotalSeconds;
        }
        try
        {
            for (int i = 0; i < pairs; i++)
            {
                countSeconds[i] = Time(counts);
                fastSeconds[i] = Time(fast);
                ratios[i] = countSeconds[i] / fastSeconds[i];
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
        Array.Sort(ratios);
        Array.Sort(countSeconds);
        Array.Sort(fastSeconds);
        double median = ratios[pairs / 2];
        yield return new BenchResult("session.predictive_epistemic_speed_ratio", median, "×", "≥ 0.8 (issue 15)", median >= 0.8,
            string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"1 h of audio, oracle listener, 800 steps per audio second: counts + dream {countSeconds[pairs / 2]:F1} s wall, predictive + epistemic {fastSeconds[pairs / 2]:F1} s (medians of {pairs} back-to-back pairs; speed ratio = counts time / predictive time)"));
    }
}
