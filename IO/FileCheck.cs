namespace ActionPerception.IO;

/// <summary>
/// The one check every input file passes before it is read: it must be a regular file (not a folder, a device such
/// as /dev/zero, or a pipe) no larger than a documented cap. Used by every layer, Audio's kit WAV files and kit.json among them.
/// </summary>
public static class FileCheck
{
    /// <summary>Opens <paramref name="path"/> for reading if it is a regular file of at most <paramref name="maxBytes"/>; otherwise returns the problem.</summary>
    public static FileStream? Open(string path, long maxBytes, out string? problem) => Open(path, maxBytes, out problem, out _);

    /// <summary>As <see cref="Open(string, long, out string?)"/>, also giving the kind of problem (meaningless when the file opens).</summary>
    public static FileStream? Open(string path, long maxBytes, out string? problem, out FileProblem kind)
    {
        problem = null;
        kind = default;
        if (Directory.Exists(path)) { (problem, kind) = ("is a folder, not a file", FileProblem.Folder); return null; }
        // Checked before the open: opening a named pipe waits for a writer, forever if none comes.
        string? special = FileKind.Of(path) switch
        {
            FileKind.Kind.Pipe => "is not a regular file (a named pipe)",
            FileKind.Kind.Device => "is not a regular file (a device such as /dev/zero)",
            FileKind.Kind.Socket => "is not a regular file (a socket)",
            _ => null,
        };
        if (special is not null) { (problem, kind) = (special, FileProblem.NotRegular); return null; }
        FileStream fs;
        try { fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None); }
        catch (FileNotFoundException) { (problem, kind) = ("no such file", FileProblem.Missing); return null; }
        catch (DirectoryNotFoundException) { (problem, kind) = ("no such file (the folder does not exist)", FileProblem.Missing); return null; }
        catch (UnauthorizedAccessException) { (problem, kind) = ("cannot be read (permission denied)", FileProblem.Unreadable); return null; }
        catch (IOException e) { (problem, kind) = ($"cannot be read ({e.Message})", FileProblem.Unreadable); return null; }
        try
        {
            long length;
            try { length = fs.CanSeek ? fs.Length : -1; }
            catch (Exception e) when (e is IOException or NotSupportedException) { length = -1; }
            if (length < 0) { (problem, kind) = ("is not a regular file (a pipe or a device)", FileProblem.NotRegular); fs.Dispose(); return null; }
            if (length > maxBytes)
            {
                (problem, kind) = ($"is {Describe(length)}, larger than the {Describe(maxBytes)} this kind of file may have", FileProblem.TooLarge);
                fs.Dispose();
                return null;
            }
            if (length == 0)
            {
                // A device such as /dev/zero or /dev/urandom reports length 0 but reads forever; a regular empty file reads nothing.
                Span<byte> probe = stackalloc byte[1];
                if (fs.Read(probe) > 0) { (problem, kind) = ("is not a regular file (a device such as /dev/zero, or a special file)", FileProblem.NotRegular); fs.Dispose(); return null; }
                fs.Position = 0;
            }
            return fs;
        }
        catch (IOException e) { fs.Dispose(); (problem, kind) = ($"cannot be read ({e.Message})", FileProblem.Unreadable); return null; }
    }

    /// <summary>Reads the whole file if <see cref="Open"/> accepts it; refuses a file that grows past its size while read.</summary>
    public static byte[]? ReadAllBytes(string path, long maxBytes, out string? problem) => ReadAllBytes(path, maxBytes, out problem, out _);

    /// <summary>As <see cref="ReadAllBytes(string, long, out string?)"/>, also giving the kind of problem.</summary>
    public static byte[]? ReadAllBytes(string path, long maxBytes, out string? problem, out FileProblem kind)
    {
        using var fs = Open(path, maxBytes, out problem, out kind);
        if (fs is null) return null;
        long length = fs.Length;
        var bytes = new byte[length];
        int read = 0;
        try
        {
            while (read < length)
            {
                int n = fs.Read(bytes, read, (int)(length - read));
                if (n == 0) break;
                read += n;
            }
            Span<byte> more = stackalloc byte[1];
            if (read == length && fs.Read(more) > 0) { (problem, kind) = ("is not a regular file (it reads more than its size)", FileProblem.NotRegular); return null; }
        }
        catch (IOException e) { (problem, kind) = ($"cannot be read ({e.Message})", FileProblem.Unreadable); return null; }
        return read == length ? bytes : bytes[..read];
    }

    /// <summary>
    /// Reads the whole file as strict UTF-8 text (a leading byte-order mark, as Notepad writes, is dropped) if
    /// <see cref="ReadAllBytes"/> accepts it; a file that is not UTF-8 is refused with the problem "is not UTF-8 text".
    /// </summary>
    public static string? ReadAllText(string path, long maxBytes, out string? problem) => ReadAllText(path, maxBytes, out problem, out _);

    /// <summary>As <see cref="ReadAllText(string, long, out string?)"/>, also giving the kind of problem (<see cref="FileProblem.NotText"/> for a file that is not UTF-8).</summary>
    public static string? ReadAllText(string path, long maxBytes, out string? problem, out FileProblem kind)
    {
        var bytes = ReadAllBytes(path, maxBytes, out problem, out kind);
        if (bytes is null) return null;
        try { return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF'); }
        catch (System.Text.DecoderFallbackException) { (problem, kind) = ("is not UTF-8 text (a binary file?)", FileProblem.NotText); return null; }
    }

    public static string Describe(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KiB",
        _ => $"{bytes} bytes",
    };
}
