namespace ActionPerception.Audio;

/// <summary>A kit could not be loaded. The message names the file, what is wrong and how to fix it.</summary>
public sealed class KitLoadException : Exception
{
    public KitLoadException(string path, string problem, string fix, Exception? inner = null)
        : base($"{path}: {problem} {fix}", inner)
    {
        Path = path;
        Problem = problem;
        Fix = fix;
    }

    /// <summary>The folder or file at fault.</summary>
    public string Path { get; }
    public string Problem { get; }
    public string Fix { get; }
}
