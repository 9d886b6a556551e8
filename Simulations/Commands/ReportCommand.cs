using System.CommandLine;
using System.Globalization;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Reports;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap report`: one or more session logs into one self-contained HTML report.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var logs = new Argument<string[]>("logs")
        {
            Description = "Session logs (session.jsonl) or run folders holding one; several are overlaid and compared.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = "The HTML file to write. Default: report.html next to the first log." };
        var force = CommonOptions.Force();
        var cmd = new Command("report", "Write one self-contained HTML report (Plotly, no network needed) of one or more session logs.")
        {
            logs, output, force,
        };
        cmd.SetAction(p => Guard.Run(() => Run(p.GetValue(logs)!, p.GetValue(output), p.GetValue(force))));
        return cmd;
    }

    private static int Run(string[] logs, string? output, bool force)
    {
        string first = Analysis.SessionAnalysis.ResolveLog(logs[0]);
        string html = output ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(first)) ?? ".", "report.html");
        var sessions = ReportWriter.Write(logs, html, force);
        foreach (var s in sessions)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Label}: {s.Summary.Patterns} patterns, {s.Summary.Likes} likes, {s.Summary.Dislikes} dislikes, final KL(data‖gen) {Analysis.SessionAnalysis.Format(s.Summary.FinalKlDataGen)}"));
            foreach (var n in s.Notes) Console.WriteLine($"  note: {n}");
        }
        Console.WriteLine($"wrote {html}");
        return ExitCodes.Ok;
    }
}
