using System.CommandLine;
using System.Globalization;
using ActionPerception.IO;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Reports;
using ActionPerception.Simulations.Sweeps;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap report`: one or more session logs, or a sweep folder, into one self-contained HTML report and/or its figures as PNG and SVG.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var logs = new Argument<string[]>("logs")
        {
            Description = "Session logs (session.jsonl) or run folders holding one, several overlaid and compared; or one sweep folder.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = "The HTML file to write. Default: report.html next to the first log (sweep-report.html in a sweep folder); with --figures, no HTML unless --out is given." };
        var force = CommonOptions.Force();
        var figures = FiguresOption();
        var cmd = new Command("report", "Write one self-contained HTML report (Plotly, no network needed) of one or more session logs or a sweep; --figures DIR writes each figure as PNG and SVG.")
        {
            logs, output, force, figures,
        };
        cmd.SetAction(p => Guard.Run(() => Run(p.GetValue(logs)!, p.GetValue(output), p.GetValue(force), p.GetValue(figures))));
        return cmd;
    }

    /// <summary>The --figures option, shared with `ap study report`.</summary>
    public static Option<string?> FiguresOption() => new("--figures")
    {
        Description = $"Also write every figure of the report into this folder as NN-title.png and NN-title.svg, drawn by plotly.js in a headless Chromium ({HeadlessChromium.EnvironmentVariable}, else chromium, chromium-browser or google-chrome on the PATH). Existing files are refused without --force.",
    };

    /// <summary>
    /// Writes the figures of a report page to <paramref name="dir"/> and says so; the browser was found before the
    /// report was made, so a missing one costs nothing and writes nothing.
    /// </summary>
    public static void ExportFigures(string html, string dir, bool force, HeadlessChromium chromium)
    {
        var result = FigureExport.Write(FigureExport.FromHtml(html), dir, force, chromium);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {Figures.Count(result.Files.Count, "figure")} as PNG and SVG to {dir}, drawn by {result.Browser}"));
    }

    /// <summary>A sweep folder (summary.json and sweep.json, no session log of its own) is reported as a sweep.</summary>
    private static bool IsSweep(string path) =>
        Directory.Exists(path) && !File.Exists(Path.Combine(path, Environment.Sessions.SessionBuilder.LogFileName))
        && File.Exists(Path.Combine(path, SweepRunner.SummaryJson)) && File.Exists(Path.Combine(path, SweepRunner.PlanFile));

    private static int Run(string[] logs, string? output, bool force, string? figuresDir)
    {
        // Checked first: a missing browser or an existing report must cost no analysis and write nothing.
        var chromium = figuresDir is null ? null : HeadlessChromium.Find("the report's figures");
        if (output is not null && File.Exists(output) && !force)
            throw new IOException($"{output}: the file exists and was left untouched. Fix: choose another --out, or pass --force to replace it.");
        if (logs.Any(IsSweep)) return RunSweep(logs, output, force, figuresDir, chromium);

        string first = SessionAnalysis.ResolveLog(logs[0]);
        string? html = output ?? (figuresDir is null ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(first)) ?? ".", "report.html") : null);
        IReadOnlyList<SessionAnalysis> sessions;
        if (chromium is null)
            sessions = ReportWriter.Write(logs, html!, force);
        else
        {
            sessions = SessionAnalysis.LoadMany(logs);
            string relativeTo = Path.GetDirectoryName(Path.GetFullPath(html ?? first)) ?? ".";
            string page = ReportWriter.Render(sessions, relativeTo: relativeTo);
            ExportFigures(page, figuresDir!, force, chromium);
            if (html is not null) SafeFile.WriteAllTextAtomically(html, page, force);
        }
        foreach (var s in sessions)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Label}: {s.Summary.Patterns} patterns, {s.Summary.Likes} likes, {s.Summary.Dislikes} dislikes, final KL(data‖gen) {SessionAnalysis.Format(s.Summary.FinalKlDataGen)}"));
            foreach (var n in s.Notes) Console.WriteLine($"  note: {n}");
        }
        if (html is not null) Console.WriteLine($"wrote {html}");
        return ExitCodes.Ok;
    }

    private static int RunSweep(string[] logs, string? output, bool force, string? figuresDir, HeadlessChromium? chromium)
    {
        if (logs.Length > 1)
            throw new UsageException($"{logs.First(IsSweep)} is a sweep folder: report it alone (ap report SWEEP), or give run folders of its runs/ to compare sessions.");
        string folder = logs[0];
        void Warn(string w) => Console.Error.WriteLine($"ap: warning: {w}");
        if (chromium is null)
        {
            Console.WriteLine($"wrote {SweepReport.Write(folder, output, force, null, out _, Warn)}");
            return ExitCodes.Ok;
        }
        string page = SweepReport.Render(folder, null, out _, Warn);
        ExportFigures(page, figuresDir!, force, chromium);
        if (output is not null)
        {
            SafeFile.WriteAllTextAtomically(output, page, force);
            Console.WriteLine($"wrote {output}");
        }
        return ExitCodes.Ok;
    }
}
