using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Simulations.Cli;

/// <summary>The WAV files a command writes besides its run folder: owned by one process, replaced only with --force.</summary>
public static class OutputFiles
{
    /// <summary>The file of a <c>wav:PATH</c> output spec, or null for any other output.</summary>
    public static string? WavPath(string spec)
    {
        string s = spec.Trim();
        return s.StartsWith("wav:", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(s[4..]) ? s[4..] : null;
    }

    /// <summary>
    /// Takes <paramref name="file"/> for this process before it is opened: a WAV that exists is refused without
    /// <paramref name="force"/> (exit 3, nothing changed) and removed with it; a WAV another process is writing is
    /// refused either way (its lock names the pid).
    /// </summary>
    public static void Claim(string file, bool force)
    {
        if (Directory.Exists(file))
            throw new IOException($"{file}: this is a folder, not a WAV file; it was left untouched. Fix: give a file name ending in .wav.");
        if (File.Exists(file) && !force)
            throw new IOException($"{file}: the file exists already and was left untouched. Fix: choose another name, or pass --force to replace it.");
        RunFolder.LockFile(file, force);
        if (force && File.Exists(file)) File.Delete(file);
    }

    /// <summary>
    /// <see cref="Claim"/> for the WAV files a session writes: its <c>wav:PATH</c> output and its <c>--record</c> file,
    /// relative paths inside <paramref name="runFolder"/> (as the session resolves them).
    /// </summary>
    public static void ClaimWavs(Scenario scenario, string runFolder, bool force)
    {
        string InFolder(string path) => Path.IsPathRooted(path) ? path : Path.Combine(runFolder, path);
        foreach (var file in new[] { WavPath(scenario.Audio.Output), scenario.Audio.Record })
            if (file is not null) Claim(InFolder(file), force);
    }
}
