namespace ActionPerception.IO;

/// <summary>Writes that never leave a half-written file behind and never replace a user's file unasked.</summary>
public static class SafeFile
{
    /// <summary>
    /// Writes through a temporary file in the same folder and renames it into place, so a crash leaves either
    /// the old file or the new one. Refuses to replace an existing file unless <paramref name="overwrite"/>.
    /// </summary>
    public static void WriteAtomically(string path, Action<Stream> write, bool overwrite)
    {
        string full = Path.GetFullPath(path);
        if (!overwrite && File.Exists(full))
            throw new IOException($"{path}: the file exists already and was left untouched. Fix: choose another path, or pass --force to replace it.");
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteAllTextAtomically(string path, string text, bool overwrite) =>
        WriteAtomically(path, s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true); w.Write(text); }, overwrite);
}
