"""Writes the two .ipynb notebooks from their cells, so that their JSON stays valid and reviewable.
Run: python3 notebooks/make_notebooks.py  (the .ipynb files are committed; rerun after editing a cell here)."""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))

REFS = """// The project's own library, built by `dotnet build Simulations -c Release` (notebooks/run.sh does it).
// Plotly.NET is not loaded in this process: dotnet-repl ships an older FSharp.Core, so figures are made by `ap report`.
#r "../Simulations/bin/Release/net10.0/MathNet.Numerics.dll"
#r "../Simulations/bin/Release/net10.0/ActionPerception.Agents.dll"
#r "../Simulations/bin/Release/net10.0/NAudio.Core.dll"
#r "../Simulations/bin/Release/net10.0/ActionPerception.Audio.dll"
#r "../Simulations/bin/Release/net10.0/ActionPerception.Environment.dll"
#r "../Simulations/bin/Release/net10.0/ap.dll"
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Reports;
using System.Globalization;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
// Logs to analyse: AP_LOGS (paths separated by ':'), else short demo sessions; outputs go to AP_NOTEBOOK_OUT.
var outDir = Path.GetFullPath(Environment.GetEnvironmentVariable("AP_NOTEBOOK_OUT") ?? "notebook-out/%NAME%");
Directory.CreateDirectory(outDir);
var logs = (Environment.GetEnvironmentVariable("AP_LOGS") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
$"output folder: {outDir}; {logs.Count} log(s) given\""""

def cell(src, kind="code"):
    lines = src.split("\n")
    source = [l + "\n" for l in lines[:-1]] + [lines[-1]]
    if kind == "markdown":
        return {"cell_type": "markdown", "metadata": {}, "source": source}
    return {"cell_type": "code", "execution_count": None,
            "metadata": {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}},
            "outputs": [], "source": source}

def notebook(cells):
    return {"cells": cells, "metadata": {
        "kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
        "language_info": {"name": "polyglot-notebook"},
        "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}}},
        "nbformat": 4, "nbformat_minor": 5}

SWEEP_REFS = """// The project's own library, built by `dotnet build Simulations -c Release` (notebooks/run.sh does it).
#r "../Simulations/bin/Release/net10.0/MathNet.Numerics.dll"
#r "../Simulations/bin/Release/net10.0/ActionPerception.Agents.dll"
#r "../Simulations/bin/Release/net10.0/NAudio.Core.dll"
#r "../Simulations/bin/Release/net10.0/ActionPerception.Audio.dll"
#r "../Simulations/bin/Release/net10.0/ActionPerception.Environment.dll"
#r "../Simulations/bin/Release/net10.0/ap.dll"
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Reports;
using ActionPerception.Simulations.Sweeps;
using System.Globalization;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
// The sweep to analyse: AP_SWEEP (a folder written by `ap sweep run` or `merge`), else a small sweep run here.
// Outputs go to AP_NOTEBOOK_OUT.
var outDir = Path.GetFullPath(Environment.GetEnvironmentVariable("AP_NOTEBOOK_OUT") ?? "notebook-out/convergence");
Directory.CreateDirectory(outDir);
var sweepFolder = Environment.GetEnvironmentVariable("AP_SWEEP") is { Length: > 0 } given ? Path.GetFullPath(given) : null;
var baseline = Environment.GetEnvironmentVariable("AP_BASELINE") is { Length: > 0 } b ? b : "none";
$"output folder: {outDir}; sweep: {sweepFolder ?? "none given, one is run below"}; baseline: {baseline}\""""

convergence = notebook([
    cell("# Convergence toward the reference, across seeds\n\n"
         "Loads a sweep folder through the analysis library (`SweepAnalysis`) and asks, per listener (grid point): does the "
         "generator's mass outside the reference taste (the **false-positive rate**) fall below chance, how soon does it reach "
         "half of chance, how much of the reference does it cover, and is each listener distinguishable from the `none` loop "
         "(a listener that never judges) by a permutation test across seeds. Set `AP_SWEEP` to a sweep folder (e.g. the study of "
         "docs/convergence.md); without one a small sweep (oracle and none, 4 seeds, 300 s of audio) is run first. "
         "`convergence.cs` next to this file runs the same analysis without notebook tooling.", "markdown"),
    cell(SWEEP_REFS),
    cell("""// Plotly.NET.Interactive displays Plotly.NET charts inline where the kernel can load Plotly.NET (a notebook editor).
// Under the headless runner (dotnet-repl) the package installs but Plotly.NET cannot load (older FSharp.Core): the figure
// cell below then has `ap sweep convergence` draw the same figures out of process, as HTML.
#r "nuget: Plotly.NET.Interactive, 6.0.0\""""),
    cell("""// The sweep: the given folder, or listeners oracle and none × 4 seeds × 300 s of audio (about 30 s on 2 cores;
// 4 seeds a side, because with 3 + 3 an exact permutation test cannot go below p = 0.1).
sweepFolder ??= DemoSweep.Run(Path.Combine(outDir, "sweep"), new[] { "oracle", "none" }, seeds: 4, seconds: 300);
var sweep = SweepAnalysis.Load(sweepFolder);
$"{sweep.Name}: {sweep.Runs.Count} runs at {sweep.Groups.Count} grid points ({string.Join(", ", sweep.Groups.Select(sweep.LabelOfGroup))}); " +
$"reference {string.Join(", ", sweep.Runs.Select(r => r.Reference).Distinct())}; " +
$"{sweep.Runs.Sum(r => r.Series.Count)} epochs with measures\""""),
    cell("""// Per run: its grid point, seed, chance, and where its false-positive rate ended (mean over the last 10 % of epochs).
string.Join("\\n", sweep.Runs.Select(r => $"{r.Row.Id} {r.Label,-10} seed {r.Seed}: chance {r.Row.ChanceFalsePositiveRate:F3}, " +
    $"final FP {r.Row.FalsePositiveRate:F3}, half chance at {(r.Row.SecondsToHalfChance is double s ? $"{s:F0} s" : "never")}, " +
    $"coverage {r.Row.Coverage:F3}, {r.Series.Count} epochs"))"""),
    cell("""// False-positive trajectories: mean over seeds on a common time grid with 95 % bands, sampled at a few times.
var bands = sweep.FalsePositiveBands(samples: 200);
string.Join("\\n", bands.Select(c => $"{c.Point} ({c.Runs} seeds): " + string.Join("  ",
    new[] { 0.0, 0.1, 0.25, 0.5, 1.0 }.Select(f => (int)Math.Round(f * (c.T.Length - 1)))
        .Select(i => $"t {c.T[i]:F0} s: {c.Mean[i]:F3} [{c.Lower[i]:F3}, {c.Upper[i]:F3}]"))))"""),
    cell("""// Time to half of chance (first time the FP rate, smoothed over 60 s, stays at or below half of chance to the end).
string.Join("\\n", sweep.TimeToHalfChance().Select(h => h.Reached == 0
    ? $"{h.Label}: never reached (0/{h.Runs} seeds)"
    : $"{h.Label}: {h.MeanSeconds:F0} ± {h.SdSeconds ?? 0:F0} s ({h.MeanPatterns:F0} patterns), reached by {h.Reached}/{h.Runs} seeds"))"""),
    cell("""// Coverage: the share of the reference's patterns holding at least half of their uniform share of generator mass.
string.Join("\\n", sweep.Coverage().Select(c => $"{c.Label}: coverage {c.Format()} (n {c.N})"))"""),
    cell("""// Every listener against the baseline (`none`), across seeds: a two-sided permutation test of equal means (exact up to
// 20 000 relabellings) with a 95 % Welch interval, on the FP rate at the end of the shortest run and on each convergence measure.
double end = sweep.Runs.Min(r => r.Row.DurationSeconds);
var tests = sweep.CompareWithBaseline(baseline, $"FP at {end:F0} s", r => r.FalsePositiveAt(end))
    .Concat(sweep.CompareWithBaseline(baseline)).Select(t => t with { Group = sweep.LabelOfGroup(t.Group) }).ToList();
string.Join("\\n", SweepReport.Describe(tests, sweep.LabelOfGroup(sweep.FindGroup(baseline))))"""),
    cell("""// The table of docs/convergence.md for this sweep (FP at 10 % and at the end of the shortest run).
ConvergenceTable.Markdown(sweep, baseline, end / 10, end)"""),
    cell("""// A check that fails the notebook (and CI) when the analysis is inconsistent: every run has a reference series and a
// chance level, and the no-judgement loop stays at chance (not below half of it).
foreach (var r in sweep.Runs)
{
    if (r.Series.Count == 0) throw new Exception($"{r.Row.Id}: no epoch with reference measures in its log");
    if (r.Row.ChanceFalsePositiveRate is null) throw new Exception($"{r.Row.Id}: no convergence summary in its run folder");
}
var noneGroup = sweep.Groups.FirstOrDefault(g => sweep.LabelOfGroup(g) == "none");
if (noneGroup is not null && sweep.RunsOf(noneGroup).Any(r => r.Row.SecondsToHalfChance is not null))
    throw new Exception("a run without judgements reached half of chance: the measures are wrong");
"consistent\""""),
    cell("""// The figures. Inline where Plotly.NET loads (Plotly.NET.Interactive formats the charts); otherwise (dotnet-repl) made by
// `ap sweep convergence` in its own process as one HTML file (plotly.js inlined, renders offline), shown in an iframe.
IReadOnlyList<object> charts = null;
string why = null;
try { charts = SweepConvergenceFigures.Charts(sweep); }
catch (Exception e) { why = $"{e.GetType().Name}: {e.Message.Split('\\n')[0]}"; }
if (charts is not null) foreach (var c in charts) display(c);
var html = SweepConvergenceFigures.WriteOutOfProcess(sweepFolder, Path.Combine(outDir, "convergence.html"), baseline);
if (charts is null) display(HTML(SweepConvergenceFigures.AsIframe(html, 1900)));
charts is null ? $"Plotly.NET cannot load in this kernel ({why}); figures drawn out of process: {html}" : $"inline charts shown; the same figures as HTML: {html}\""""),
])

hvc = notebook([
    cell("# Human versus computer listeners\n\nHow a person at the keyboard (`ap play`) differs from the Helmholtz and scripted listeners: "
         "judgement rate, like share, convergence per judgement, time to a 50 % like rate. `human-vs-computer.cs` runs the same "
         "analysis without notebook tooling. A human session cannot be simulated: pass the run folder of an `ap play` session in AP_LOGS; "
         "without one, the notebook says so and compares the machine listeners only.", "markdown"),
    cell(REFS.replace("%NAME%", "human-vs-computer")),
    cell("""var sessions = SessionAnalysis.LoadMany(logs).ToList();
if (!sessions.Any(s => s.ListenerGroup != "human"))
    sessions.AddRange(SessionAnalysis.LoadMany(DemoSessions.Run(Path.Combine(outDir, "sessions"), new[] { "helmholtz", "random" }, seconds: 60)));
sessions.Any(s => s.ListenerGroup == "human")
    ? "a human session is included"
    : "NOTE: no human session given: only machine listeners are compared below\""""),
    cell("""ListenerComparison.SummaryText(sessions)"""),
    cell("""// Per kind of listener: means over its sessions.
ListenerComparison.ToText(ListenerComparison.Compare(sessions))"""),
    cell("""// The figures overlaid by listener kind, aligned by time and by number of judgements (made by `ap report` out of process).
var html = ReportProcess.Write(sessions.Select(s => s.LogPath).ToList(), Path.Combine(outDir, "human-vs-computer.html"));
display(HTML(ReportProcess.AsIframe(html, 1400)));
$"wrote {html}\""""),
])

for name, nb in [("convergence.ipynb", convergence), ("human-vs-computer.ipynb", hvc)]:
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
