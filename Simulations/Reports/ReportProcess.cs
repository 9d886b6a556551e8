using System.Diagnostics;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// Runs `ap` in a separate process (a report, a simulated study, an export). For hosts that cannot load Plotly.NET themselves (dotnet-repl ships an
/// older FSharp.Core), so that a notebook still shows figures made by the project's own report code.
/// </summary>
public static class ReportProcess
{
    /// <summary>The ap.dll next to this library (the notebooks #r it from Simulations/bin).</summary>
    public static string ApDll => Path.Combine(Path.GetDirectoryName(typeof(ReportProcess).Assembly.Location)!, "ap.dll");

    public static string Write(IReadOnlyList<string> logsOrRunFolders, string htmlPath)
    {
        Ap(["report", .. logsOrRunFolders, "--out", htmlPath, "--force"]);
        return htmlPath;
    }

    /// <summary>
    /// Runs `ap` with <paramref name="args"/> (e.g. study simulate, export, simulate --twin) and returns what it printed;
    /// a non-zero exit throws with ap's own error line.
    /// </summary>
    public static string Ap(IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(ApDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("dotnet could not be started");
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ap {string.Join(' ', args.Take(2))} failed (exit {p.ExitCode}): {err.Result.Trim()} {output.Trim()}");
        return output;
    }
}
