namespace ActionPerception.IO;

/// <summary>
/// Reads a user's input file through <see cref="FileCheck"/>: only regular files, each kind with a size cap
/// (documented in README.md, "Limits"). Every refusal is an <see cref="InputFileException"/> naming the file.
/// </summary>
public static class InputFiles
{
    /// <summary>Model, dataset, scenario and sweep files: a 10,8,6,3,1 model is ~10 KiB, a 16-beat dataset ~1 MiB.</summary>
    public const long MaxJsonBytes = 16L << 20;
    /// <summary>Checkpoints carry a model, a dataset and up to 2^26 samples of renderer tail in base64.</summary>
    public const long MaxCheckpointBytes = 512L << 20;
    /// <summary>A .npy of at most 2^16 counts of 8 bytes plus its header.</summary>
    public const long MaxNpyBytes = (1L << 16) * 8 + (1L << 16);

    public static byte[] ReadAllBytes(string path, string what, long maxBytes)
    {
        var bytes = FileCheck.ReadAllBytes(path, maxBytes, out string? problem, out FileProblem kind);
        if (bytes is null) throw Refused(path, what, problem!, kind);
        return bytes;
    }

    public static string ReadAllText(string path, string what, long maxBytes = MaxJsonBytes)
    {
        return FileCheck.ReadAllText(path, maxBytes, out string? problem, out FileProblem kind) ?? throw Refused(path, what, problem!, kind);
    }

    private static InputFileException Refused(string path, string what, string problem, FileProblem kind) => kind switch
    {
        FileProblem.Missing => new(path, null, problem.Replace("no such file", $"no such {what} file", StringComparison.Ordinal), "check the path"),
        FileProblem.Folder => new(path, null, problem, $"give the path of a {what} file inside it"),
        FileProblem.NotRegular => new(path, null, problem, $"give a {what} file on disk"),
        FileProblem.TooLarge => new(path, null, problem, $"check that this is a {what} file"),
        FileProblem.NotText => new(path, null, $"the {what} file {problem}", "give a JSON text file"),
        _ => new(path, null, problem, "check the path and its permissions"),
    };
}
