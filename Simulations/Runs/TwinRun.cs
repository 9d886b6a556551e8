using System.Text.Json;
using ActionPerception.IO;
using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Cli;

namespace ActionPerception.Simulations.Runs;

/// <summary>The confusion matrix as summary.json and twin.json hold it: rows the person, columns the machine.</summary>
public sealed record TwinConfusion(IReadOnlyList<string> Labels, int[][] Matrix);

/// <summary>The `twin` object of a twin run's summary.json.</summary>
/// <param name="Of">The human run folder it replays.</param>
/// <param name="Note">What the comparison means when the twin ran its own loop (its patterns differ after the first judgement).</param>
public sealed record TwinSummary(string Of, bool Counterfactual, string Listener, double? Agreement, double? CohensKappa,
    TwinConfusion Confusion, int JudgedByPerson, int Patterns, string? Note = null);

/// <summary>One compared pattern: what the person heard at this serial, and both judgements.</summary>
/// <param name="MachinePattern">For a twin that ran its own loop: the pattern it played at this serial.</param>
public sealed record TwinPattern(long Serial, int Pattern, string Beats, double Start, string Person, string Machine,
    int? MachinePattern = null, double? ReactionSeconds = null, Dictionary<string, double?>? Measures = null);

/// <summary>twin.json: the comparison and every compared pattern.</summary>
public sealed record TwinFile(int SchemaVersion, string Format, TwinSummary Twin, IReadOnlyList<TwinPattern> Patterns)
{
    public const string FileName = "twin.json";
    public const string FormatName = "actionperception.twin";

    public static TwinFile? TryLoad(string runFolder)
    {
        string path = Path.Combine(runFolder, FileName);
        if (!File.Exists(path)) return null;
        // A twin file that is not a regular file (or not readable) is treated as absent, as a damaged one is.
        if (FileCheck.ReadAllText(path, InputFiles.MaxJsonBytes, out _) is not { } text) return null;
        try { return JsonSerializer.Deserialize<TwinFile>(text, JsonFiles.Read); }
        catch (JsonException) { return null; }
    }

    public void Save(string runFolder) =>
        File.WriteAllText(Path.Combine(runFolder, FileName), JsonSerializer.Serialize(this, JsonFiles.Write));
}

/// <summary>
/// `ap simulate --twin RUN`: the scenario of a human run replayed with a machine listener (a new loop in virtual
/// time), or, with --counterfactual, the machine listener judging exactly the patterns the person heard.
/// </summary>
public static class TwinRun
{
    public const string SessionNote = "the twin ran its own loop: from the first judgement on, its generator was trained on other judgements, so the patterns at the same serial differ; this compares the judgements of the same serial, not of the same pattern. Use --counterfactual to compare on what the person heard.";

    /// <summary>
    /// The human run's scenario for a machine listener in virtual time: its seed, generator, kit, tempo, timing and
    /// training budget (the measured rate when it ran free), and the audio seconds the person actually heard. The
    /// starting dataset is the header's (set by the runner), not the file it came from.
    /// </summary>
    public static Scenario ScenarioOf(HumanRun run, Action<string> warn)
    {
        var s = run.Header.Scenario;
        var training = s.Training;
        if (training.StepsPerSecond is null)
        {
            double measured = Math.Round(run.MeasuredStepsPerAudioSecond ?? 0, 1);
            if (measured <= 0)
                throw new UsageException($"{run.Folder}: the human run trained free-running (--budget max) and its summary has no measured rate to replay. Fix: give a run that finished with a summary.");
            warn($"the human run trained free-running (--budget max); the twin trains at its measured {measured} steps per audio second.");
            training = training with { StepsPerSecond = measured };
        }
        return s with
        {
            Name = "twin-" + s.Name,
            Mode = SessionMode.Virtual,
            DurationSeconds = run.AudioSeconds,
            Training = training,
            Audio = s.Audio with { Output = "null", Record = null }, // a virtual replay: nothing to pace; --record may ask for a WAV of it
            Listener = ListenerSettings.Default,
            Dataset = s.Dataset with { File = null },
            BaseDirectory = Directory.GetCurrentDirectory(),
        };
    }

    /// <summary>The twin's own loop compared serial by serial with the person: its perception events against the person's judgements.</summary>
    public static TwinFile CompareWithSession(HumanRun run, string twinLogPath, string listener)
    {
        var log = SessionLogReader.Read(twinLogPath);
        var perceived = log.OfType<PerceptionEvent>().GroupBy(e => e.Serial).ToDictionary(g => g.Key, g => g.Last());
        var rows = new List<TwinPattern>();
        foreach (var p in run.Patterns)
        {
            if (!perceived.TryGetValue(p.Serial, out var m)) continue;
            rows.Add(new TwinPattern(p.Serial, p.Pattern, p.Beats, p.Start, run.Labels[p.Serial], TwinComparison.Label(m.Action),
                m.Pattern, m.ReactionSeconds, m.Measures));
        }
        return Make(run, listener, counterfactual: false, rows, SessionNote);
    }

    /// <summary>
    /// The counterfactual: a fresh listener (the same factory and seed as a session's) hears each pattern the person
    /// heard, in order, and says what it would do; no loop runs.
    /// </summary>
    public static TwinFile Counterfactual(HumanRun run, Scenario s)
    {
        int beats = s.Generator.Layers[0];
        var listener = ListenerBuilder.For(s)(s.Listener, Environment.Sessions.SessionBuilder.ListenerRandom(s, null), beats)
            ?? throw new UsageException("--counterfactual needs a machine listener; choose one with --listener.");
        double buffer = run.Header.Derived.BufferSeconds;
        var rows = new List<TwinPattern>();
        foreach (var p in run.Patterns)
        {
            var r = listener.Hear(new HeardPattern(p.Serial, p.Pattern, HumanRun.Drums(p, beats), p.Start, buffer));
            string machine = r.Action is JudgementKind.Like ? TwinComparison.Like : r.Action is JudgementKind.Dislike ? TwinComparison.Dislike : TwinComparison.None;
            rows.Add(new TwinPattern(p.Serial, p.Pattern, p.Beats, p.Start, run.Labels[p.Serial], machine,
                ReactionSeconds: Math.Round(r.ReactionSeconds, 6), Measures: r.Measures?.ToDictionary(kv => kv.Key, kv => LogEvent.Finite(kv.Value))));
        }
        return Make(run, listener.Kind, counterfactual: true, rows, null);
    }

    private static TwinFile Make(HumanRun run, string listener, bool counterfactual, List<TwinPattern> rows, string? note)
    {
        var c = TwinComparison.Of(rows.Select(r => (r.Person, r.Machine)));
        var summary = new TwinSummary(run.Folder, counterfactual, listener, Round(c.Agreement), Round(c.CohensKappa),
            new TwinConfusion(TwinComparison.Labels, c.Matrix), c.JudgedByPerson, c.Patterns, note);
        return new TwinFile(1, TwinFile.FormatName, summary, rows);
    }

    private static double? Round(double? v) => v is double d ? Math.Round(d, 6) : null;

    /// <summary>Writes a counterfactual's run folder: scenario.json, twin.json, summary.json and a report; returns the folder and the comparison.</summary>
    public static (string Folder, TwinFile Twin) WriteCounterfactual(HumanRun run, Scenario s, string? outDir, bool force)
    {
        var twin = Counterfactual(run, s);
        string folder = RunFolder.CreateForSession(outDir, s.Name + "-counterfactual", force, out _);
        File.WriteAllText(Path.Combine(folder, "scenario.json"), s.ToJson());
        twin.Save(folder);
        try
        {
            Reports.TwinFigures.WriteReport(twin, Path.Combine(folder, "report.html"));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"ap: error: the report could not be written ({e.Message}).");
        }
        string commandLine = string.Join(' ', System.Environment.GetCommandLineArgs().Skip(1));
        File.WriteAllText(Path.Combine(folder, "summary.json"), JsonSerializer.Serialize(new { schemaVersion = 2, commandLine, twin = twin.Twin }, JsonFiles.Write));
        return (folder, twin);
    }

    /// <summary>The closing lines on the console.</summary>
    public static void Print(TwinSummary t, string folder)
    {
        string F(double? v) => v is double d ? d.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : "–";
        Console.WriteLine();
        Console.WriteLine($"twin {folder}  ({(t.Counterfactual ? "counterfactual: the machine judged what the person heard" : "its own loop in virtual time")})");
        Console.WriteLine($"  of             {t.Of}");
        Console.WriteLine($"  listener       {t.Listener}");
        Console.WriteLine($"  agreement      {F(t.Agreement)} on the {t.JudgedByPerson} patterns the person judged");
        Console.WriteLine($"  Cohen's kappa  {F(t.CohensKappa)} over {t.Patterns} heard patterns (like / dislike / none)");
        Console.WriteLine("  confusion      rows person, columns machine: like dislike none");
        for (int i = 0; i < t.Confusion.Labels.Count; i++)
            Console.WriteLine($"    {t.Confusion.Labels[i],-8}     {string.Join(' ', t.Confusion.Matrix[i].Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(6)))}");
        if (t.Note is { } n) Console.WriteLine($"  note           {n}");
    }
}
