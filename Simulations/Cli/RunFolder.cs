using System.Globalization;

namespace ActionPerception.Simulations.Cli;

/// <summary>Output folders: a new one under runs/ by default, never over an existing run.</summary>
public static class RunFolder
{
    /// <summary>
    /// The folder to write into. Without a request: runs/PREFIX-001, -002, … the first that does not exist.
    /// A requested folder that exists and holds files is refused unless <paramref name="force"/>.
    /// </summary>
    public static string Create(string? requested, string prefix, bool force, string root = "runs") =>
        Create(requested, prefix, force, out _, root);

    /// <summary>The files a session writes into its run folder: what --force replaces, and nothing else.</summary>
    public static bool IsRunFile(string name) =>
        name is "session.jsonl" or "scenario.json" or "summary.json" or "report.html"
        || (name.StartsWith("checkpoint-epoch", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal));

    /// <summary>
    /// As <see cref="Create(string?, string, bool, string)"/>, for a session: with <paramref name="force"/>, the previous
    /// run's own files in the folder are removed first (other files are left alone), so a run never mixes with another.
    /// </summary>
    public static string CreateForSession(string? requested, string prefix, bool force, out bool created)
    {
        string dir = Create(requested, prefix, force, out created);
        if (force)
            foreach (var f in Directory.GetFiles(dir))
                if (IsRunFile(Path.GetFileName(f))) File.Delete(f);
        return dir;
    }

    public static string Create(string? requested, string prefix, bool force, out bool created, string root = "runs")
    {
        created = true;
        if (requested is null)
        {
            Directory.CreateDirectory(root);
            for (int i = 1; ; i++)
            {
                string candidate = Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:000}"));
                try
                {
                    // CreateDirectory succeeds on an existing folder, so claim the name by checking first;
                    // two processes racing for one name is handled by the marker file below.
                    if (Directory.Exists(candidate)) continue;
                    Directory.CreateDirectory(candidate);
                    using var _ = new FileStream(Path.Combine(candidate, ".claimed"), FileMode.CreateNew);
                    File.Delete(Path.Combine(candidate, ".claimed"));
                    return candidate;
                }
                catch (IOException) when (Directory.Exists(candidate))
                {
                    continue;
                }
            }
        }
        if (Directory.Exists(requested) && Directory.EnumerateFileSystemEntries(requested).Any() && !force)
            throw new IOException($"{requested}: the folder exists and holds files, which were left untouched. Fix: choose a new --out folder, or pass --force to write into it.");
        created = !Directory.Exists(requested);
        Directory.CreateDirectory(requested);
        return requested;
    }
}
