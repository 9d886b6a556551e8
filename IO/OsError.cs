namespace ActionPerception.IO;

/// <summary>
/// The operating system's and .NET's own failures (a full or read-only disk, a denied path, an empty path) as one
/// line for a person: what happened and the fix. .NET's texts name no fix, and some span lines ("Actual value was").
/// </summary>
public static class OsError
{
    // errno on Linux and macOS (.NET sets an IOException's HResult to it there), and the Win32 codes as HRESULTs.
    private const int NoSpace = 28, ReadOnlyFs = 30, QuotaLinux = 122, QuotaMac = 69, NameTooLong = 36, TooManyOpen = 24, Io = 5;
    private const int WinDiskFull = unchecked((int)0x80070070), WinHandleDiskFull = unchecked((int)0x80070027), WinWriteProtect = unchecked((int)0x80070013);

    /// <summary>
    /// "PROBLEM. Fix: FIX" for <paramref name="e"/>; a message that already names its fix (ours) is kept as it is, on
    /// one line. <paramref name="target"/> names what was being written, e.g. "the run folder", for the fix.
    /// </summary>
    public static string Explain(Exception e, string target = "the output")
    {
        string text = OneLine(e is ArgumentException a ? WithoutParameter(a) : e.Message);
        if (text.Contains("Fix:", StringComparison.Ordinal)) return text;
        string? fix = e switch
        {
            PathTooLongException => "use a shorter path (each name at most 255 bytes)",
            UnauthorizedAccessException => $"choose a place you may write to for {target}, or change its permissions",
            IOException io => io.HResult switch
            {
                NoSpace or WinDiskFull or WinHandleDiskFull => $"free space on the disk, or write {target} to another disk",
                QuotaLinux or QuotaMac when !OperatingSystem.IsWindows() => $"free space within your disk quota, or write {target} elsewhere",
                ReadOnlyFs or WinWriteProtect => $"write {target} to a disk that is not read-only",
                NameTooLong => "use a shorter path (each name at most 255 bytes)",
                TooManyOpen => "close other programs, or raise the open-file limit (ulimit -n)",
                Io => "check the disk and the path; the device reported an input/output error",
                _ => null,
            },
            ArgumentException when text.Contains("empty", StringComparison.OrdinalIgnoreCase) => "give a path (an empty name names no file)",
            _ => null,
        };
        return fix is null ? text : $"{text.TrimEnd('.')}. Fix: {fix}.";
    }

    /// <summary>True for the failures <see cref="Explain"/> recognises as the disk's (full, read-only, quota, I/O).</summary>
    public static bool IsDiskFailure(Exception e) => e is IOException io && io.HResult is NoSpace or WinDiskFull or WinHandleDiskFull or ReadOnlyFs or WinWriteProtect or Io
        || (!OperatingSystem.IsWindows() && e is IOException q && q.HResult is QuotaLinux or QuotaMac);

    private static string WithoutParameter(ArgumentException e)
    {
        string m = e.Message;
        int cut = e.ParamName is { } name ? m.IndexOf($" (Parameter '{name}')", StringComparison.Ordinal) : -1;
        return cut > 0 ? m[..cut] : m;
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
