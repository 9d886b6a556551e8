using System.Diagnostics;
using ActionPerception.Simulations.Cli;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// The installed Chromium (or Chrome) that renders figures headless: <see cref="EnvironmentVariable"/> when set, else
/// the first of <see cref="PathNames"/> on the PATH. The browser is only ever run on local files, with no network.
/// </summary>
public sealed class HeadlessChromium
{
    /// <summary>Names a Chromium or Chrome executable explicitly (a path), before the PATH is searched.</summary>
    public const string EnvironmentVariable = "AP_CHROMIUM";

    public static IReadOnlyList<string> PathNames { get; } = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    public string Executable { get; }

    private HeadlessChromium(string executable) => Executable = executable;

    /// <summary>
    /// The browser to use, or a <see cref="UsageException"/> (exit 2) naming the fix: a set but wrong
    /// <see cref="EnvironmentVariable"/> is never passed over for the PATH, since the user asked for that browser.
    /// </summary>
    public static HeadlessChromium Find(string purpose)
    {
        string? given = System.Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            if (Directory.Exists(given) || !File.Exists(given))
                throw new UsageException($"{EnvironmentVariable}={given}: no such executable file, so {purpose} cannot be rendered; nothing was written. Fix: point {EnvironmentVariable} at a Chromium or Chrome executable (e.g. /usr/bin/chromium after apt-get install chromium), or unset it to search the PATH.");
            return new HeadlessChromium(Path.GetFullPath(given));
        }
        foreach (var name in PathNames)
            if (OnPath(name) is { } found) return new HeadlessChromium(found);
        throw new UsageException($"no headless Chromium found ({string.Join(", ", PathNames)} are not on the PATH and {EnvironmentVariable} is not set), so {purpose} cannot be rendered; nothing was written. Fix: apt-get install chromium, or set {EnvironmentVariable} to a Chromium or Chrome executable.");
    }

    private static string? OnPath(string name)
    {
        foreach (var dir in (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe")) return candidate + ".exe";
        }
        return null;
    }

    /// <summary>
    /// Loads <paramref name="page"/> (a local file) headless and returns its DOM once the page's own scripts have
    /// settled: <c>--virtual-time-budget</c> lets promises and image decoding finish before <c>--dump-dom</c>, with no
    /// wall-clock wait. A browser that fails or hangs past <paramref name="timeout"/> is an <see cref="IOException"/>.
    /// </summary>
    public string DumpDom(string page, string profileDir, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio", $"--user-data-dir={profileDir}",
            "--virtual-time-budget=600000", "--dump-dom", new Uri(Path.GetFullPath(page)).AbsoluteUri,
        }) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi) ?? throw new IOException($"{Executable} could not be started"); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UsageException($"{Executable}: cannot be run ({e.Message}). Fix: point {EnvironmentVariable} at a Chromium or Chrome executable, or apt-get install chromium.");
        }
        using (p)
        {
            var err = p.StandardError.ReadToEndAsync();
            var dom = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new IOException($"{Executable} did not finish rendering within {timeout.TotalSeconds:0} s; nothing was written. Fix: retry on a less busy machine, or export fewer figures.");
            }
            p.WaitForExit();
            if (p.ExitCode != 0 || dom.Result.Length == 0)
                throw new IOException($"{Executable} failed (exit {p.ExitCode}) while rendering figures; nothing was written: {LastLines(err.Result)}");
            return dom.Result;
        }
    }

    /// <summary>Chromium's stderr is mostly dbus noise; its last lines hold the reason, if any.</summary>
    private static string LastLines(string stderr) =>
        string.Join(" | ", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}
