namespace ActionPerception.Simulations.Analysis;

/// <summary>The command line of the notebooks' file-based programs: log paths or run folders, and --out DIR.</summary>
public static class NotebookArgs
{
    public static (List<string> Logs, string OutDir) Parse(string[] args, string defaultOut)
    {
        var logs = new List<string>();
        string outDir = defaultOut;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length) outDir = args[++i];
            else logs.Add(args[i]);
        }
        Directory.CreateDirectory(outDir);
        return (logs, outDir);
    }
}
