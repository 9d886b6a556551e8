using System.Diagnostics;
using System.Net;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// Writes a report in a separate `ap` process. For hosts that cannot load Plotly.NET themselves (dotnet-repl ships an
/// older FSharp.Core), so that a notebook still shows figures made by the project's own report code.
/// </summary>
public static class ReportProcess
{
    /// <summary>The ap.dll next to this library (the notebooks #r it from Simulations/bin).</summary>
    public static string ApDll => Path.Combine(Path.GetDirectoryName(typeof(ReportProcess).Assembly.Location)!, "ap.dll");

    public static string Write(IReadOnlyList<string> logsOrRunFolders, string htmlPath)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(ApDll);
        psi.ArgumentList.Add("report");
        foreach (var l in logsOrRunFolders) psi.ArgumentList.Add(l);
        psi.ArgumentList.Add("--out");
        psi.ArgumentList.Add(htmlPath);
        psi.ArgumentList.Add("--force");
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("dotnet could not be started");
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ap report failed (exit {p.ExitCode}): {err.Result.Trim()} {output.Trim()}");
        return htmlPath;
    }

    /// <summary>An iframe holding the whole report (plotly.js inlined), for a notebook's text/html output: renders offline.</summary>
    public static string AsIframe(string htmlPath, int height = 900) =>
        $"<iframe style=\"width:100%;height:{height}px;border:0\" srcdoc=\"{WebUtility.HtmlEncode(File.ReadAllText(htmlPath))}\"></iframe>";
}
