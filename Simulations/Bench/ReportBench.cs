using System.Diagnostics;
using System.Globalization;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Reports;
using ActionPerception.Simulations.Sweeps;

namespace ActionPerception.Simulations.Bench;

/// <summary>
/// What `ap report` costs beside the session it reports: the main job (10 minutes, a Helmholtz listener, the default
/// budget) and a 1-hour session of the same scenario are simulated once, and their reports (log read, analysis,
/// figures, the self-contained page written) timed as medians.
/// </summary>
public static class ReportBench
{
    public static IEnumerable<BenchResult> Run(int repetitions)
    {
        var root = Path.Combine(Path.GetTempPath(), "ap-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (double seconds in new[] { 600.0, 3600.0 })
            {
                var scenario = new Scenario { Name = "bench", DurationSeconds = seconds };
                string folder = Path.Combine(root, seconds.ToString("0", CultureInfo.InvariantCulture));
                long t0 = Stopwatch.GetTimestamp();
                SessionSummary summary;
                using (var session = SessionBuilder.Create(scenario, folder, ListenerBuilder.For(scenario)))
                    summary = session.RunVirtual();
                double simulate = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                // summary.json as a run folder holds it: the report reads the run's convergence summary from it.
                SweepRunner.WriteRunSummary(folder, summary);
                string html = Path.Combine(folder, "report.html");
                double report = Measure.MedianSeconds(Math.Max(3, repetitions), () => ReportWriter.Write([folder], html, overwrite: true));
                long bytes = new FileInfo(html).Length;
                string detail = string.Create(CultureInfo.InvariantCulture,
                    $"ap report of a {seconds / 60:0}-minute session (helmholtz listener, default scenario): log read, analysis, figures, a self-contained page of {bytes / 1e6:F1} MB written; median {report:F3} s against {simulate:F2} s to simulate the session itself (one run, cold)");
                string which = seconds == 600 ? "main_job" : "audio_hour";
                yield return new BenchResult($"report.session_seconds.{which}", simulate, "s", "(beside the report)", null,
                    string.Create(CultureInfo.InvariantCulture, $"the {seconds / 60:0}-minute session itself in virtual time, log, checkpoint and summary written (one run)"));
                if (seconds == 600)
                    yield return new BenchResult("report.seconds.main_job", report, "s", "≤ 0.3", report <= 0.3, detail);
                else
                    yield return new BenchResult("report.seconds_per_audio_hour", report * 3600 / seconds, "s", "≤ 1", report * 3600 / seconds <= 1, detail);
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }
}
