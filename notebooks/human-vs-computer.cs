#:project ../Simulations/Simulations.csproj
// File-based apps default to native AOT, which turns off the reflection-based JSON the project uses.
#:property PublishAot=false
// How a person differs from the machine listeners: the same analysis as human-vs-computer.ipynb, with no notebook tooling.
//   dotnet run notebooks/human-vs-computer.cs -- [LOG_OR_RUN_FOLDER...] [--out DIR]
// Give the run folder of an `ap play` session (a human at the keyboard) and of machine-listener sessions. A human
// session cannot be simulated, so without one this says so and compares the machine listeners it ran.
using System.Globalization;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Reports;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var (logs, outDir) = NotebookArgs.Parse(args, "notebook-out/human-vs-computer");

// Cell 1: the sessions; machine listeners are run when only human logs (or nothing) are given.
var sessions = SessionAnalysis.LoadMany(logs).ToList();
if (!sessions.Any(s => s.ListenerGroup != "human"))
{
    Console.WriteLine("running 60 s virtual sessions of a Helmholtz and a random listener to compare with");
    sessions.AddRange(SessionAnalysis.LoadMany(DemoSessions.Run(Path.Combine(outDir, "sessions"), ["helmholtz", "random"], seconds: 60)));
}
if (!sessions.Any(s => s.ListenerGroup == "human"))
    Console.WriteLine("NOTE: no human session given (record one with `ap play` and pass its run folder): only machine listeners are compared below.");

// Cell 2: per session, then per kind of listener.
Console.WriteLine(ListenerComparison.SummaryText(sessions));
var groups = ListenerComparison.Compare(sessions);
Console.WriteLine(ListenerComparison.ToText(groups));

// Cell 3: reaction to the same pattern: how often each kind liked what it heard, aligned by judgements (see the report's figures).
foreach (var s in sessions)
{
    int judged = s.Played.Count(p => p.Likes + p.Dislikes > 0);
    Console.WriteLine($"{s.Label} ({s.ListenerGroup}): judged {judged} of {s.Played.Count} patterns; {s.JudgementsApplied} judgements applied");
}

// Cell 4: the figures overlaid by listener kind, aligned by time and by number of judgements.
string html = Path.Combine(outDir, "human-vs-computer.html");
ReportWriter.Write([.. sessions.Select(s => s.LogPath)], html, overwrite: true);
Console.WriteLine($"wrote {html}");
