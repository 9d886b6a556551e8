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

convergence = notebook([
    cell("# Convergence of the action-perception loop\n\nKL(data‖gen) over time for each session, and the full report. "
         "Every cell is a thin call into the project's library; `convergence.cs` next to this file runs the same analysis "
         "without notebook tooling (`dotnet run notebooks/convergence.cs`).", "markdown"),
    cell(REFS.replace("%NAME%", "convergence")),
    cell("""// The sessions: the given logs, or three short virtual sessions of real listeners.
if (logs.Count == 0)
    logs = DemoSessions.Run(Path.Combine(outDir, "sessions"), new[] { "helmholtz", "oracle", "random" }, seconds: 60).ToList();
var sessions = SessionAnalysis.LoadMany(logs);
ListenerComparison.SummaryText(sessions)"""),
    cell("""// Convergence per session: first, last and lowest KL(data‖gen), and the exact final KL from the last checkpoint.
string.Join("\\n", sessions.Select(s => s.Epochs.Count == 0 ? $"{s.Label}: no epoch finished" :
    $"{s.Label}: KL(data‖gen) {s.Epochs[0].KlDataGen:F4} → {s.Epochs[^1].KlDataGen:F4} over {s.Epochs.Count} epochs; " +
    $"lowest {s.Epochs.Min(e => e.KlDataGen):F4}; exact final {SessionAnalysis.Format(s.FinalKl)}"))"""),
    cell("""// A check that fails the notebook (and CI) when the analysis is inconsistent: every session has epochs and a rebuilt dataset.
foreach (var s in sessions)
{
    if (s.Epochs.Count == 0) throw new Exception($"{s.Label}: no epoch in the log");
    if (s.Dataset is null) throw new Exception($"{s.Label}: the dataset could not be rebuilt: {string.Join("; ", s.Notes)}");
}
"all sessions have a convergence curve and a rebuilt dataset\""""),
    cell("""// The figures: written by `ap report` in its own process (plotly.js inlined), shown here in an iframe that renders offline.
var html = ReportProcess.Write(logs, Path.Combine(outDir, "convergence.html"));
display(HTML(ReportProcess.AsIframe(html, 1400)));
$"wrote {html}\""""),
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
