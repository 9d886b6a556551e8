namespace ActionPerception.IO;

/// <summary>What is wrong with a file <see cref="FileCheck"/> refuses; its text says it for people.</summary>
public enum FileProblem
{
    Missing,
    Folder,
    /// <summary>A pipe, a device or another special file.</summary>
    NotRegular,
    TooLarge,
    /// <summary>Permission denied or an I/O error.</summary>
    Unreadable,
    /// <summary>Not UTF-8 text (<see cref="FileCheck.ReadAllText(string, long, out string?, out FileProblem)"/> only).</summary>
    NotText,
}
