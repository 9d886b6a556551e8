#:project ../Simulations/Simulations.csproj
// File-based apps default to native AOT, which turns off the reflection-based JSON the project uses.
#:property PublishAot=false
// Convergence toward the reference across seeds: the same analysis as convergence.ipynb, with no notebook tooling.
//   dotnet run notebooks/convergence.cs -- [SWEEP_FOLDER] [--out DIR]      (or AP_SWEEP=SWEEP_FOLDER; AP_BASELINE, default none)
// Without a sweep folder it first runs a small sweep (listeners oracle and none, 4 seeds, 300 s of audio) and analyses that.
// Plotly.NET loads in this process (our FSharp.Core), so the figures are drawn here, as one HTML file.
using System.Globalization;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Reports;
using ActionPerception.Simulations.Sweeps;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var (given, outDir) = NotebookArgs.Parse(args, "notebook-out/convergence");
string? sweepFolder = given.Count > 0 ? given[0] : Environment.GetEnvironmentVariable("AP_SWEEP") is { Length: > 0 } env ? env : null;
string baseline = Environment.GetEnvironmentVariable("AP_BASELINE") is { Length: > 0 } b ? b : "none";

// Cell 1: the sweep (given, or a small one run here).
if (sweepFolder is null)
{
    Console.WriteLine("no sweep given: running listeners oracle and none × 4 seeds × 300 s of audio");
    sweepFolder = DemoSweep.Run(Path.Combine(outDir, "sweep"), ["oracle", "none"], seeds: 4, seconds: 300);
}
var sweep = SweepAnalysis.Load(sweepFolder);
Console.WriteLine($"{sweep.Name}: {sweep.Runs.Count} runs at {sweep.Groups.Count} grid points ({string.Join(", ", sweep.Groups.Select(sweep.LabelOfGroup))}); reference {string.Join(", ", sweep.Runs.Select(r => r.Reference).Distinct())}");

// Cell 2: per run.
foreach (var r in sweep.Runs)
    Console.WriteLine($"{r.Row.Id} {r.Label,-10} seed {r.Seed}: chance {r.Row.ChanceFalsePositiveRate:F3}, final FP {r.Row.FalsePositiveRate:F3}, half chance at {(r.Row.SecondsToHalfChance is double s ? $"{s:F0} s" : "never")}, coverage {r.Row.Coverage:F3}, {r.Series.Count} epochs");

// Cell 3: false-positive trajectories, mean over seeds with 95 % bands, at a few times.
foreach (var c in sweep.FalsePositiveBands(samples: 200))
    Console.WriteLine($"{c.Point} ({c.Runs} seeds): " + string.Join("  ", new[] { 0.0, 0.1, 0.25, 0.5, 1.0 }
        .Select(f => (int)Math.Round(f * (c.T.Length - 1))).Select(i => $"t {c.T[i]:F0} s: {c.Mean[i]:F3} [{c.Lower[i]:F3}, {c.Upper[i]:F3}]")));

// Cell 4: time to half chance, and coverage.
foreach (var h in sweep.TimeToHalfChance())
    Console.WriteLine(h.Reached == 0 ? $"{h.Label}: half chance never reached (0/{h.Runs} seeds)"
        : $"{h.Label}: half chance at {h.MeanSeconds:F0} ± {h.SdSeconds ?? 0:F0} s ({h.MeanPatterns:F0} patterns), reached by {h.Reached}/{h.Runs} seeds");
foreach (var c in sweep.Coverage()) Console.WriteLine($"{c.Label}: coverage {c.Format()} (n {c.N})");

// Cell 5: every listener against the baseline, permutation test across seeds.
double end = sweep.Runs.Min(r => r.Row.DurationSeconds);
var tests = sweep.CompareWithBaseline(baseline, $"FP at {end:F0} s", r => r.FalsePositiveAt(end)).Concat(sweep.CompareWithBaseline(baseline))
    .Select(t => t with { Group = sweep.LabelOfGroup(t.Group) }).ToList();
foreach (var line in SweepReport.Describe(tests, sweep.LabelOfGroup(sweep.FindGroup(baseline)))) Console.WriteLine(line);

// Cell 6: the table of docs/convergence.md for this sweep.
Console.WriteLine();
Console.Write(ConvergenceTable.Markdown(sweep, baseline, end / 10, end));

// Cell 7: consistency checks (a failure fails CI).
foreach (var r in sweep.Runs)
{
    if (r.Series.Count == 0) throw new InvalidOperationException($"{r.Row.Id}: no epoch with reference measures in its log");
    if (r.Row.ChanceFalsePositiveRate is null) throw new InvalidOperationException($"{r.Row.Id}: no convergence summary in its run folder");
}
if (sweep.Groups.FirstOrDefault(g => sweep.LabelOfGroup(g) == "none") is { } none && sweep.RunsOf(none).Any(r => r.Row.SecondsToHalfChance is not null))
    throw new InvalidOperationException("a run without judgements reached half of chance: the measures are wrong");

// Cell 8: the figures, in this process, as one self-contained HTML file (plotly.js inlined, renders offline).
string html = Path.Combine(outDir, "convergence.html");
File.WriteAllText(html, SweepConvergenceFigures.Render(sweep, baseline, end / 10, end));
Console.WriteLine($"wrote {html}");
