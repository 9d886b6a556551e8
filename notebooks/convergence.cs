#:project ../Simulations/Simulations.csproj
// File-based apps default to native AOT, which turns off the reflection-based JSON the project uses.
#:property PublishAot=false
// How the loop converges: KL(data‖gen) over time per session, and the report with every figure.
// The same analysis as convergence.ipynb, with no notebook tooling:  dotnet run notebooks/convergence.cs -- [LOG_OR_RUN_FOLDER...] [--out DIR]
// Without logs it first runs short virtual sessions (a Helmholtz, an oracle and a random listener) and analyses those.
using System.Globalization;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Reports;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var (logs, outDir) = NotebookArgs.Parse(args, "notebook-out/convergence");

// Cell 1: the sessions (given, or short demo sessions).
if (logs.Count == 0)
{
    Console.WriteLine("no logs given: running three 60 s virtual sessions (helmholtz, oracle, random listeners)");
    logs = [.. DemoSessions.Run(Path.Combine(outDir, "sessions"), ["helmholtz", "oracle", "random"], seconds: 60)];
}
var sessions = SessionAnalysis.LoadMany(logs);

// Cell 2: the summary table.
Console.WriteLine(ListenerComparison.SummaryText(sessions));

// Cell 3: convergence per session: KL(data‖gen) at the first and last epoch, its lowest value, and when it was reached.
foreach (var s in sessions)
{
    if (s.Epochs.Count == 0) { Console.WriteLine($"{s.Label}: no epoch finished"); continue; }
    var best = s.Epochs.MinBy(e => e.KlDataGen)!;
    Console.WriteLine($"{s.Label}: KL(data‖gen) {s.Epochs[0].KlDataGen:F4} → {s.Epochs[^1].KlDataGen:F4} over {s.Epochs.Count} epochs; lowest {best.KlDataGen:F4} at {best.T:F1} s; exact final KL from the checkpoint {SessionAnalysis.Format(s.FinalKl)}");
    foreach (var n in s.Notes) Console.WriteLine($"  note: {n}");
}

// Cell 4: the figures, as one self-contained HTML file (plotly.js inlined, renders offline).
string html = ReportWriter.Write(logs, Path.Combine(outDir, "convergence.html"), overwrite: true) is { Count: > 0 }
    ? Path.Combine(outDir, "convergence.html") : throw new InvalidOperationException("no session was analysed");
Console.WriteLine($"wrote {html}");
