using System.Diagnostics;
using System.Globalization;

namespace ActionPerception.Tests.Simulations;

/// <summary>The real `ap` program as a child process that a test can signal while it runs, as a user's Ctrl+C would.</summary>
public sealed class ApChild : IDisposable
{
    private readonly Process _p;
    private readonly Task<string> _out, _err;

    public ApChild(string workDir, params string[] args)
    {
        _p = Process.Start(Ap.StartInfo(workDir, args))!;
        _p.StandardInput.Close();
        _out = _p.StandardOutput.ReadToEndAsync();
        _err = _p.StandardError.ReadToEndAsync();
    }

    public int Pid => _p.Id;

    /// <summary>Sends SIGINT ("INT") or SIGTERM ("TERM") through kill(1), as a terminal or a scheduler does.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _p.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits (at most <paramref name="seconds"/>) until <paramref name="ready"/> holds; fails if ap ended first.</summary>
    public void WaitUntil(Func<bool> ready, string what, double seconds = 120)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!ready())
        {
            if (_p.HasExited) Assert.Fail($"ap ended (exit {_p.ExitCode}) before {what}: {_err.Result}");
            if (DateTime.UtcNow > until) Assert.Fail($"ap did not reach '{what}' within {seconds} s");
            Thread.Sleep(50);
        }
    }

    public Ap.Result WaitForExit(double seconds = 120)
    {
        if (!_p.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            _p.Kill(entireProcessTree: true);
            Assert.Fail($"ap did not end within {seconds} s of being stopped");
        }
        return new Ap.Result(_p.ExitCode, _out.Result, _err.Result);
    }

    public void Dispose()
    {
        if (!_p.HasExited) _p.Kill(entireProcessTree: true);
        _p.Dispose();
    }

    /// <summary>Whether the file exists and holds at least <paramref name="lines"/> lines.</summary>
    public static bool HasLines(string path, int lines)
    {
        try
        {
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            int n = 0, b;
            while ((b = s.ReadByte()) >= 0) if (b == '\n' && ++n >= lines) return true;
            return false;
        }
        catch (IOException) { return false; }
    }
}
