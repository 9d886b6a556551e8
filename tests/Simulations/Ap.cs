using System.Diagnostics;

namespace ActionPerception.Tests.Simulations;

/// <summary>Runs the real `ap` program as a new user would, in a folder of its own.</summary>
public static class Ap
{
    public sealed record Result(int ExitCode, string Out, string Err);

    /// <summary>How `ap` is started as a child process with its streams redirected (also used by <see cref="ApChild"/>).</summary>
    public static ProcessStartInfo StartInfo(string workDir, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ap.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return psi;
    }

    public static Result Run(string workDir, params string[] args)
    {
        using var p = Process.Start(StartInfo(workDir, args))!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("ap did not finish within 5 minutes: " + string.Join(' ', args));
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>
/// Runs `ap` inside the test process: the program's own entry point with the console and the working folder swapped.
/// Both are process-wide, so only tests of the <see cref="InProcessCollection"/> (never in parallel with others) use it.
/// </summary>
public static class ApInProcess
{
    private static readonly object Gate = new();

    public static Ap.Result Run(string workDir, params string[] args)
    {
        lock (Gate)
        {
            var entry = typeof(ActionPerception.Simulations.Cli.ExitCodes).Assembly.EntryPoint!;
            var (oldOut, oldErr, oldDir) = (Console.Out, Console.Error, Directory.GetCurrentDirectory());
            var (o, e) = (new StringWriter(), new StringWriter());
            Console.SetOut(o);
            Console.SetError(e);
            Directory.SetCurrentDirectory(workDir);
            try
            {
                object? rc;
                try { rc = entry.Invoke(null, [args]); }
                catch (System.Reflection.TargetInvocationException t) when (t.InnerException is not null)
                {
                    // An exception escaping the program is what a user would see as a stack trace.
                    e.WriteLine(t.InnerException.ToString());
                    rc = -1;
                }
                return new Ap.Result(rc is int code ? code : -1, o.ToString(), e.ToString());
            }
            finally
            {
                Directory.SetCurrentDirectory(oldDir);
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}

[CollectionDefinition("in-process ap", DisableParallelization = true)]
public sealed class InProcessCollection;
