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
        string dir = Claim(requested, prefix, force, out created);
        if (force)
            foreach (var f in Directory.GetFiles(dir))
                if (IsRunFile(Path.GetFileName(f))) File.Delete(f);
        return dir;
    }

    /// <summary>
    /// <see cref="Create(string?, string, bool, out bool, string)"/> and <see cref="Lock"/> in one: the folder is owned
    /// before anything in it is removed or written, so a second run into it is refused. A lock already in the folder is
    /// reported as such (live, or stale with the fix) before its other files are. A folder made here that is still
    /// empty when the command ends (a failed start, a signal) is removed again.
    /// </summary>
    public static string Claim(string? requested, string prefix, bool force, out bool created)
    {
        if (requested is not null && File.Exists(Path.Combine(requested, LockFileName))) Lock(requested, force);
        string dir = Create(requested, prefix, force, out created);
        Lock(dir, force);
        if (created) lock (Held) Made.Add(dir);
        return dir;
    }

    /// <summary>The lock file that says which process owns a run folder; it holds the owner's pid.</summary>
    public const string LockFileName = ".ap.lock";

    private static readonly List<string> Held = [];
    private static readonly List<string> Made = [];

    /// <summary>
    /// Takes the run folder for this process: a lock file with its pid, created exclusively. A folder locked by a live
    /// process is refused, with or without <paramref name="force"/>; a stale lock (its process has ended) is reported
    /// and taken over with <paramref name="force"/> (the option <paramref name="takeOver"/> names). Released by
    /// <see cref="ReleaseAll"/> (every command's end) or at exit.
    /// </summary>
    public static void Lock(string dir, bool force, string takeOver = "--force") =>
        Take(Path.Combine(dir, LockFileName), $"{dir}: the run folder", "choose another --out folder", force, takeOver);

    /// <summary>
    /// Takes one output file for this process (a WAV that two commands could write at once): the lock is
    /// <c>.NAME.ap.lock</c> beside it, with the same rules as <see cref="Lock"/>.
    /// </summary>
    public static void LockFile(string file, bool force)
    {
        string full = Path.GetFullPath(file);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        Take(Path.Combine(dir, $".{Path.GetFileName(full)}{LockFileName}"), $"{file}: the file", "choose another file name", force, "--force");
    }

    private static void Take(string path, string what, string other, bool force, string takeOver)
    {
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
                    throw new IOException($"{what}: cannot write its lock file {Path.GetFileName(path)}: {ActionPerception.IO.OsError.Explain(e, "the folder")}", e);
                }
                lock (Held) Held.Add(path);
                return;
            }
            catch (IOException) when (File.Exists(path))
            {
                string text;
                // Through FileCheck: a lock that is a named pipe would otherwise block this read forever.
                text = ActionPerception.IO.FileCheck.ReadAllText(path, 4096, out string? lockProblem)?.Trim()
                    ?? throw new IOException($"{what}: its lock file {Path.GetFileName(path)} {lockProblem}. Fix: remove it if nothing is using it, or {other}.");
                bool parsed = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid);
                lock (Held) if (parsed && pid == System.Environment.ProcessId && Held.Contains(path)) return;
                if (parsed && IsAlive(pid))
                    throw new IOException($"{what} is in use by process {pid} (its lock file {Path.GetFileName(path)} says so); nothing was changed. Fix: wait for process {pid} to finish, or {other}.");
                string whose = parsed ? $"a stale lock of process {pid}, which is no longer running (it was killed?)"
                    : text.Length == 0 ? "an empty lock file (a run killed while starting, or a full disk)" : $"a damaged lock file ('{text}')";
                if (!force)
                    throw new IOException($"{what} holds {whose}; nothing was changed. Fix: pass {takeOver} to take it over, or {other}.");
                Console.Error.WriteLine($"ap: warning: {what}: taking over {whose}.");
                File.Delete(path);
            }
        }
        throw new IOException($"{what}: could not take its lock file {Path.GetFileName(path)}. Fix: {other}.");
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

    /// <summary>
    /// Removes this process's lock files (at the end of every command, and at exit), then the folders this process made
    /// that hold nothing: a run that wrote nothing leaves nothing behind.
    /// </summary>
    public static void ReleaseAll()
    {
        lock (Held)
        {
            foreach (var path in Held)
                try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            Held.Clear();
            foreach (var dir in Made)
                try { if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir); }
                catch (IOException) { } catch (UnauthorizedAccessException) { }
            Made.Clear();
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
