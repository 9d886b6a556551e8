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
        name is "session.jsonl" or "scenario.json" or "summary.json" or "report.html" or "twin.json" or "initial-dataset.json"
        || (name.StartsWith("checkpoint-epoch", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal));

    /// <summary>
    /// As <see cref="Create(string?, string, bool, string)"/>, for a session: with <paramref name="force"/>, the previous
    /// run's own files in the folder are removed first (other files are left alone), so a run never mixes with another.
    /// </summary>
    public static string CreateForSession(string? requested, string prefix, bool force, out bool created)
    {
        string dir = Create(requested, prefix, force, out created);
        // Owned before anything in it is removed or written: a second run into the same folder is refused.
        Lock(dir, force);
        if (force)
            foreach (var f in Directory.GetFiles(dir))
                if (IsRunFile(Path.GetFileName(f))) File.Delete(f);
        return dir;
    }

    /// <summary>The lock file that says which process owns a run folder; it holds the owner's pid.</summary>
    public const string LockFileName = ".ap.lock";

    private static readonly List<string> Held = [];

    /// <summary>
    /// Takes the run folder for this process: a lock file with its pid, created exclusively. A folder locked by a live
    /// process is refused, with or without <paramref name="force"/>; a stale lock (its process has ended) is reported
    /// and taken over with <paramref name="force"/>. Released by <see cref="ReleaseAll"/> (every command's end) or at exit.
    /// </summary>
    public static void Lock(string dir, bool force)
    {
        string path = Path.Combine(dir, LockFileName);
        string me = System.Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                try
                {
                    using (fs)
                    using (var w = new StreamWriter(fs)) w.Write(me + "\n");
                }
                catch (IOException e)
                {
                    // Created but not written (a full disk): an empty lock would later read as a stale lock of no process.
                    try { File.Delete(path); } catch (IOException) { }
                    throw new IOException($"{dir}: cannot write the run folder's lock file {LockFileName}: {ActionPerception.IO.OsError.Explain(e, "the run folder")}", e);
                }
                lock (Held) Held.Add(path);
                return;
            }
            catch (IOException) when (File.Exists(path))
            {
                string text;
                // Through FileCheck: a lock that is a named pipe would otherwise block this read forever.
                text = ActionPerception.IO.FileCheck.ReadAllText(path, 4096, out string? lockProblem)?.Trim()
                    ?? throw new IOException($"{dir}: the run folder's lock file {LockFileName} {lockProblem}. Fix: remove it if no run is using the folder, or choose another --out folder.");
                bool parsed = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid);
                if (parsed && pid == System.Environment.ProcessId && Held.Contains(path)) return;
                if (parsed && IsAlive(pid))
                    throw new IOException($"{dir}: the run folder is in use by process {pid} (its lock file {LockFileName} says so); nothing was changed. Fix: wait for that run to finish, or choose another --out folder.");
                if (!force && text.Length == 0)
                    throw new IOException($"{dir}: the run folder holds an empty lock file {LockFileName} (a run that could not write its pid, on a full disk, or was killed as it started); nothing was changed. Fix: check that the disk has space, then pass --force to take the folder over, or choose another --out folder.");
                if (!force)
                    throw new IOException($"{dir}: the run folder holds a stale lock of process {(parsed ? pid.ToString(CultureInfo.InvariantCulture) : $"'{text}'")}, which is no longer running (it was killed?); nothing was changed. Fix: pass --force to take the folder over, or choose another --out folder.");
                Console.Error.WriteLine(text.Length == 0
                    ? $"ap: warning: {dir}: taking over an empty lock file {LockFileName} (left by a run that could not write its pid, on a full disk, or was killed as it started)."
                    : $"ap: warning: {dir}: taking over the stale lock of process {text}, which is no longer running.");
                File.Delete(path);
            }
        }
        throw new IOException($"{dir}: could not take the run folder's lock file {LockFileName}. Fix: choose another --out folder.");
    }

    private static bool IsAlive(int pid)
    {
        if (pid == System.Environment.ProcessId) return true;
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>Removes this process's lock files (at the end of every command, and at exit).</summary>
    public static void ReleaseAll()
    {
        lock (Held)
        {
            foreach (var path in Held)
                try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            Held.Clear();
        }
    }

    static RunFolder() => AppDomain.CurrentDomain.ProcessExit += (_, _) => ReleaseAll();

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
        if (File.Exists(requested))
            throw new IOException($"{requested}: this is a file, not a folder; it was left untouched (--force replaces run files inside a folder, never a file with a folder). Fix: give a folder name to --out.");
        if (Directory.Exists(requested) && Directory.EnumerateFileSystemEntries(requested).Any() && !force)
            throw new IOException($"{requested}: the folder exists and holds files, which were left untouched. Fix: choose a new --out folder, or pass --force to write into it.");
        created = !Directory.Exists(requested);
        Directory.CreateDirectory(requested);
        return requested;
    }
}
