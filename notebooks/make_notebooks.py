"""Writes the three .ipynb notebooks from their cells, so that their JSON stays valid and reviewable.
Run: python3 notebooks/make_notebooks.py  (the .ipynb files are committed; rerun after editing a cell here)."""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))

REFS = """// The project's own library, built by `dotnet build Simulations -c Release` (notebooks/run.sh does it).
// Plotly.NET is not loaded in this process (dotnet-repl ships an older FSharp.Core): figures are the project's own figure JSON,
// drawn by plotly.js read out of Plotly.NET.dll.
#r "../Simulations/bin/Release/net10.0/MathNet.Numerics.dll"
#r "../Simulations/bin/Release/net10.0/ActionPerception.Agents.dll"
#r "../Simulations/bin/Release/net10.0/NAudio.Core.dll"
#r "../Simulations/bin/Release/net10.0/ActionPerception.Audio.dll"
#r "../Simulations/bin/Release/net10.0/ActionPerception.Environment.dll"
#r "../Simulations/bin/Release/net10.0/CsvHelper.dll"
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
    cell("# A person against their twins, like for like\n\n"
         "A person's run (`ap play`, or a block of `ap study run`) beside its twins at the **same seed, starting dataset, tempo, "
         "kit, training budget and audio seconds**: a Helmholtz listener in its own loop (`ap simulate --twin`), the fitted twin "
         "(a listener judging by the person's inferred taste, made by `ap study run` for every block) and the counterfactual "
         "(a Helmholtz listener judging exactly the patterns the person heard, `--counterfactual`). Pass human run folders in "
         "`AP_LOGS`; without one, a stand-in is recorded first: a one-block study whose keys come from a script (a like or "
         "dislike every 2 s, not anyone's taste) through the real human path in real time (about 30 s). Figures are the "
         "project's own figure JSON drawn inline by one copy of plotly.js. `human-vs-computer.cs` runs the same analysis "
         "without notebook tooling.", "markdown"),
    cell(REFS.replace("%NAME%", "human-vs-computer")),
    cell("""// plotly.js once for the whole notebook (read from Plotly.NET.dll without loading it); every figure below draws with it.
display(HTML(NotebookHtml.PlotlyScript()));"""),
    cell("""// The people: the human runs given in AP_LOGS, else a scripted stand-in (say so: its keys are not a taste).
var people = SessionAnalysis.LoadMany(logs).Where(s => s.ListenerGroup == "human").Select(s => s.RunFolder).ToList();
bool scripted = people.Count == 0;
if (scripted) people.Add(LikeForLike.ScriptedPerson(outDir));
scripted ? $"NOTE: no human run given in AP_LOGS; a scripted stand-in was recorded: {people[0]}" : $"{people.Count} human run(s): {string.Join(", ", people)}\""""),
    cell("""// Each person's twins: from their study's manifest where they exist, else made now with `ap simulate --twin`.
var comparisons = people.Select(p => LikeForLike.TwinsOf(p, outDir)).ToList();
string.Join("\\n", comparisons.SelectMany(c => c.Select(m => $"{m.Role}: {m.Folder}")))"""),
    cell("""// Like for like: the same seed, tempo and audio seconds in every row of a person's table, then what came of it.
foreach (var c in comparisons)
    display(HTML(NotebookHtml.Table(LikeForLike.Table(LikeForLike.Load(c)), caption: $"{Path.GetFileName(c[0].Folder)} and its twins")));
foreach (var c in comparisons)
{
    var runs = LikeForLike.Load(c);
    var first = runs[0].Session.Header.Scenario;
    foreach (var (m, s) in runs.Skip(1))
        if (s.Header.Scenario.Seed != first.Seed || s.Header.Scenario.Audio.Bpm != first.Audio.Bpm || Math.Abs(s.Summary.DurationSeconds - runs[0].Session.Summary.DurationSeconds) > 2 * s.BufferSeconds)
            throw new Exception($"{m.Role} is not like for like with the person: seed, tempo or length differ");
}
"every twin has the person's seed, tempo and length\""""),
    cell("""// How far each twin agrees with the person's judgements (Cohen's κ: 0 is chance agreement).
display(HTML(string.Concat(comparisons.Select(c => NotebookHtml.Table(LikeForLike.Agreement(c), caption: Path.GetFileName(c[0].Folder))))));"""),
    cell("""// The report of the person and their twins (`ap report`, out of process), its figures drawn here from their JSON:
// the runs overlaid by time and by judgements, and the person's inferred taste beside a twin's.
foreach (var c in comparisons)
{
    var html = ReportProcess.Write(c.Where(m => m.HasLog).Select(m => m.Folder).ToList(), Path.Combine(outDir, Path.GetFileName(c[0].Folder) + "-and-twins.html"));
    var figures = FigureExport.FromHtml(File.ReadAllText(html)).Where(f => f.Name.StartsWith("across-") || f.Name.StartsWith("taste-compare-")).ToList();
    if (figures.Count == 0) throw new Exception("the report has no figures across sessions");
    display(HTML(NotebookHtml.Figures(figures)));
}
$"figures of {comparisons.Count} comparison(s) drawn inline\""""),
])

study = notebook([
    cell("# A study, analysed inline\n\n"
         "Reads a study's tidy tables (`ap export STUDY --tables DIR`, CSV) and shows them as tables; compares the conditions "
         "within participants; draws the study report's figures and one made here from the tables, inline, from the project's "
         "own figure JSON with one copy of plotly.js for the whole notebook. Set `AP_STUDY` to a study folder (`ap study run` "
         "or `ap study simulate`); without one, a pilot of `docs/examples/study.json` (the same conditions, order and "
         "questions; blocks of 120 s at 240 BPM) is simulated first with 6 participants, in seconds. `study.cs` runs the same "
         "analysis without notebook tooling.", "markdown"),
    cell(REFS.replace("%NAME%", "study").replace('// Logs to analyse: AP_LOGS (paths separated by \':\'), else short demo sessions; outputs go to AP_NOTEBOOK_OUT.',
         '// The study to analyse: AP_STUDY, else a simulated pilot; outputs go to AP_NOTEBOOK_OUT.')
         .replace('var logs = (Environment.GetEnvironmentVariable("AP_LOGS") ?? "").Split(\':\', StringSplitOptions.RemoveEmptyEntries).ToList();\n$"output folder: {outDir}; {logs.Count} log(s) given"',
                  'var study = Environment.GetEnvironmentVariable("AP_STUDY") is { Length: > 0 } given ? Path.GetFullPath(given) : null;\n$"output folder: {outDir}; study: {study ?? "none given, a pilot is simulated below"}"')),
    cell("""// plotly.js once for the whole notebook (read from Plotly.NET.dll without loading it); every figure below draws with it.
display(HTML(NotebookHtml.PlotlyScript()));"""),
    cell("""// The study: the given folder, or a pilot simulated now (`ap study simulate`, 6 participants, counterbalanced).
if (study is null)
{
    study = Path.Combine(outDir, "study");
    Console.Write(StudyNotebook.Simulate(StudyNotebook.PilotProtocol("../docs/examples/study.json", outDir), study, participants: 6));
}
study"""),
    cell("""// Its tidy tables as CSV (`ap export STUDY --tables DIR`, columns in docs/file-formats.md).
var tables = StudyNotebook.ExportTables(study, Path.Combine(outDir, "tables"));
var blocks = NotebookTable.ReadCsv(Path.Combine(tables, "blocks.csv"));
var patterns = NotebookTable.ReadCsv(Path.Combine(tables, "patterns.csv"));
var answers = NotebookTable.ReadCsv(Path.Combine(tables, "answers.csv"));
$"{tables}: {blocks.Rows.Count} blocks, {patterns.Rows.Count} heard patterns, {answers.Rows.Count} answers\""""),
    cell("""// One row per run: participants' blocks (and practice and fitted twins, by `kind`).
display(HTML(NotebookHtml.Table(blocks.Select("participant", "block", "condition", "kind", "listener", "bpm", "audio_seconds", "patterns", "likes", "dislikes", "like_rate"))));"""),
    cell("""// The first heard patterns: one row per pattern, with its judgement and reaction time.
display(HTML(NotebookHtml.Table(patterns.Select("participant", "block", "condition", "serial", "start", "beats", "hits", "judgement", "reaction_seconds"), maxRows: 12)));"""),
    cell("""// The answers to the questions after each block (a simulated study has none).
display(HTML(answers.Rows.Count > 0 ? NotebookHtml.Table(answers) : "<p>No answers: simulated participants answer no questions.</p>"));"""),
    cell("""// The conditions within participants, from the blocks table: mean like rate per condition, then the paired differences.
var conditions = StudyNotebook.Conditions(blocks);
if (conditions.Rows.Count < 2) throw new Exception("the study has fewer than two conditions with finished blocks");
display(HTML(NotebookHtml.Table(conditions)));"""),
    cell("""// Figures inline: the study report's (its own figure JSON, read back from STUDY/report.html) and one made here from the
// patterns table with the project's figure code.
var report = Path.Combine(study, "report.html");
if (!File.Exists(report)) ReportProcess.Ap(new[] { "study", "report", study });
var figures = FigureExport.FromHtml(File.ReadAllText(report)).Append(StudyNotebook.LikeRateByCondition(patterns)).ToList();
display(HTML(NotebookHtml.Figures(figures)));
$"{figures.Count} figures: {string.Join(", ", figures.Select(f => f.Name))}\""""),
])

for name, nb in [("convergence.ipynb", convergence), ("human-vs-computer.ipynb", hvc), ("study.ipynb", study)]:
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
