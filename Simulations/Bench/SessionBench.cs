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
    public static IEnumerable<BenchResult> Run(int repetitions, IReadOnlyList<double> budgets)
    {
        foreach (double budget in budgets)
        {
            var scenario = new Scenario
            {
                Name = "bench",
                DurationSeconds = 600,
                Training = new TrainingScenario { StepsPerSecond = budget },
                Listener = new ListenerScenario { Kind = "oracle" },
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
                yield return new BenchResult($"session.audio_seconds_per_wall_second.budget_{budget:0}", speed, "×", isDefault ? "≥ 300" : "(scaling)",
                    isDefault ? speed >= 300 : null, $"10 min of audio, oracle listener, {budget:0} steps per audio second, log and checkpoint written; median wall {seconds:F2} s");
            }
            finally
            {
                try { Directory.Delete(root, recursive: true); } catch (IOException) { }
            }
        }
    }
}
