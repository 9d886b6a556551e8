using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Export;

/// <summary>What `ap export` reads: one run folder, a sweep (every run folder below it) or a study (its participants' manifests).</summary>
public sealed record ExportSet(string Root, string What, IReadOnlyList<ExportSource> Sources, IReadOnlyList<ExportAnswer> Answers)
{
    public const string RunWhat = "run", SweepWhat = "sweep", StudyWhat = "study";

    /// <summary>Finds the runs under <paramref name="path"/>; refuses, with the fix, a folder that holds none.</summary>
    public static ExportSet Discover(string path)
    {
        if (File.Exists(path) && Path.GetFileName(path) == SessionBuilder.LogFileName) path = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(path))
            throw new InputFileException(path, null, "no such run, sweep or study folder", "give a run folder (with session.jsonl), a sweep folder or a study folder (with participants/)");
        string root = Path.GetFullPath(path);
        if (File.Exists(Path.Combine(root, SessionBuilder.LogFileName)))
            return new ExportSet(root, RunWhat, [new ExportSource(Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)), root)], []);
        if (Directory.Exists(Path.Combine(root, Studies.StudyFolder.ParticipantsFolder)))
            return Studies.StudyFolder.ExportSetOf(root);
        var runs = Directory.EnumerateFiles(root, SessionBuilder.LogFileName, SearchOption.AllDirectories)
            .Select(f => Path.GetDirectoryName(f)!)
            .Order(StringComparer.Ordinal)
            .Select(d => new ExportSource(Relative(root, d), d))
            .ToList();
        if (runs.Count == 0)
            throw new InputFileException(path, null, $"the folder holds no run ({SessionBuilder.LogFileName} in it or below)", "give a run folder, a sweep folder or a study folder");
        return new ExportSet(root, SweepWhat, runs, []);
    }

    /// <summary>A folder's name relative to the root, with '/' on every system.</summary>
    public static string Relative(string root, string folder) => Path.GetRelativePath(root, folder).Replace(Path.DirectorySeparatorChar, '/');
}
