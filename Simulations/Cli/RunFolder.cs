using System.Globalization;

namespace ActionPerception.Simulations.Cli;

/// <summary>Output folders: a new one under runs/ by default, never over an existing run.</summary>
public static class RunFolder
{
    /// <summary>
    /// The folder to write into. Without a request: runs/PREFIX-001, -002, … the first that does not exist.
    /// A requested folder that exists and holds files is refused unless <paramref name="force"/>.
    /// </summary>
    public static string Create(string? requested, string prefix, bool force, string root = "runs")
    {
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
        Directory.CreateDirectory(requested);
        return requested;
    }
}
