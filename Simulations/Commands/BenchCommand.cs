using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ActionPerception.IO;
using ActionPerception.Simulations.Bench;
using ActionPerception.Simulations.Cli;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap bench`: the speed and memory targets, measured as medians of repeated runs on one thread.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var reps = CommonOptions.Int("--repetitions", "Timed repetitions per figure (median reported).", 7, 1, "-r");
        var dataset = CommonOptions.Dataset();
        dataset.Description = "Dataset to train on (default: tests/fixtures/user_dataset.json when present, else the built-in start).";
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file." };
        var noSessions = new Option<bool>("--no-sessions") { Description = "Skip the virtual-session benchmarks (about a minute)." };
        var force = CommonOptions.Force();
        var cmd = new Command("bench", "Measure training speed, exact-distribution time, rendering, the taste posterior and virtual sessions against the targets.") { reps, dataset, json, noSessions, force };
        cmd.SetAction(p => Guard.Run(() => Run(p.GetValue(reps), p.GetValue(dataset), p.GetValue(json), !p.GetValue(noSessions), p.GetValue(force))));
        return cmd;
    }

    private static int Run(int repetitions, string? datasetPath, string? jsonPath, bool sessions, bool force)
    {
        datasetPath ??= File.Exists(Path.Combine("tests", "fixtures", "user_dataset.json")) ? Path.Combine("tests", "fixtures", "user_dataset.json") : null;
        var data = CommonOptions.LoadDataset(datasetPath, 10);
        Console.WriteLine($"ap bench: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {System.Environment.ProcessorCount} cores (one used), dataset {datasetPath ?? "built-in default"}");
        var results = new List<BenchResult>();
        var render = Audio.RenderBenchmark.Run(Math.Max(200, repetitions * 30));
        var all = HelmholtzBench.Run(data, repetitions)
            .Append(new BenchResult("render.buffer_ms", render.MedianMilliseconds, "ms", "≤ 0.1 (original: 0.74)", render.MedianMilliseconds <= 0.1,
                $"one {render.BufferLength}-sample buffer (5 s at 120 BPM, 22050 Hz), six instruments, {render.HitsPerBuffer} hits; {render.BytesAllocatedPerBuffer} bytes allocated per buffer"))
            .Concat(TasteBench.Run(repetitions))
            .Concat(sessions ? SessionBench.Costs().Concat(SessionBench.Run(repetitions, [400, 800, 1600, 3200, 6400])).Concat(SessionBench.NicheSpeed(repetitions)) : [])
            .Concat(sessions ? ReportBench.Run(repetitions) : []);
        foreach (var r in all)
        {
            results.Add(r);
            string met = r.Met switch { true => "met", false => "MISSED", null => "" };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Name,-45} {r.Value,14:N2} {r.Unit,-8} target {r.Target,-28} {met}"));
            Console.WriteLine($"    {r.Detail}");
        }
        if (jsonPath is not null)
            SafeFile.WriteAllTextAtomically(jsonPath, JsonSerializer.Serialize(new { schemaVersion = 1, results }, JsonFiles.Write), force);
        return ExitCodes.Ok;
    }
}
