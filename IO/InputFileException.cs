namespace ActionPerception.IO;

/// <summary>
/// A file the user gave us is unusable. The message names the file, the place in it and the fix, so that
/// a command line can print it as the one line the user needs.
/// </summary>
public sealed class InputFileException : Exception
{
    public InputFileException(string path, string? location, string problem, string fix, Exception? inner = null)
        : base(Compose(path, location, problem, fix), inner)
    {
        FilePath = path;
        Location = location;
        Problem = problem;
        Fix = fix;
    }

    public string FilePath { get; }
    public string? Location { get; }
    public string Problem { get; }
    public string Fix { get; }

    private static string Compose(string path, string? location, string problem, string fix) =>
        location is null ? $"{path}: {problem}. Fix: {fix}" : $"{path}: at {location}: {problem}. Fix: {fix}";
}
