using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Files;
using ActionPerception.Agents.Niche;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Cli;

namespace ActionPerception.Simulations.Runs;

/// <summary>A human run read back from its log: what a twin replays and compares with.</summary>
public sealed class HumanRun
{
    public required string Folder { get; init; }
    public required string LogPath { get; init; }
    public required HeaderEvent Header { get; init; }
    /// <summary>Every pattern the person heard, in order.</summary>
    public required IReadOnlyList<PatternEvent> Patterns { get; init; }
    /// <summary>The person's judgement of each heard pattern: the last applied like or dislike attributed to it, else none.</summary>
    public required IReadOnlyDictionary<long, string> Labels { get; init; }
    /// <summary>Seconds of audio the person heard (the summary's, else the stop's, else the last pattern's end).</summary>
    public required double AudioSeconds { get; init; }
    /// <summary>Training steps per audio second the run measured (its summary), for a budget of "max".</summary>
    public double? MeasuredStepsPerAudioSecond { get; init; }

    /// <summary>Reads a run folder (or its session.jsonl); refuses, with one line, anything that is not a readable human run.</summary>
    public static HumanRun Load(string runFolderOrLog)
    {
        string logPath = SessionAnalysis.ResolveLog(runFolderOrLog);
        var log = SessionLogReader.Read(logPath);
        if (log.Header is not { } header)
            throw new InputFileException(logPath, null, "not a session log (no readable header)", "give the run folder of an `ap play` session");
        if (header.ListenerKind != Environment.Scenarios.ListenerBuilder.Human)
            throw new UsageException($"{runFolderOrLog}: --twin replays a human run, but this run's listener is '{header.ListenerKind}'. Fix: give the run folder of an `ap play` session.");
        if (header.ResumedFrom is not null)
            throw new UsageException($"{runFolderOrLog}: this human run was resumed from a checkpoint, and a twin replays a session from its start. Fix: give a run that `ap play` started.");
        var patterns = log.OfType<PatternEvent>().ToList();
        var labels = patterns.ToDictionary(p => p.Serial, _ => TwinComparison.None);
        foreach (var j in log.OfType<JudgementEvent>())
            if (j.IsApplied && j.Serial is long s && labels.ContainsKey(s) && j.Kind is JudgementKind.Like or JudgementKind.Dislike)
                labels[s] = JudgementKinds.Name(j.Kind); // in log order: the last one wins
        var summary = log.OfType<SummaryEvent>().LastOrDefault();
        var stop = log.OfType<StopEvent>().LastOrDefault();
        double seconds = summary?.AudioSeconds ?? stop?.T ?? (patterns.Count > 0 ? patterns[^1].End : 0);
        if (seconds <= 0 || patterns.Count == 0)
            throw new UsageException($"{runFolderOrLog}: the human run played no pattern, so there is nothing to replay or compare.");
        return new HumanRun
        {
            Folder = Path.GetDirectoryName(Path.GetFullPath(logPath)) ?? ".",
            LogPath = logPath,
            Header = header,
            Patterns = patterns,
            Labels = labels,
            AudioSeconds = seconds,
            MeasuredStepsPerAudioSecond = summary?.StepsPerAudioSecond,
        };
    }

    /// <summary>The dataset the human run started from, as its header holds it, with the scenario's judgement sizes.</summary>
    public PreferenceDataset InitialDataset(Scenario s)
    {
        var loaded = DatasetFile.FromDto(LogPath, Header.InitialDataset, allowEmpty: true);
        return new PreferenceDataset(loaded.PatternLength, loaded.Counts, s.Dataset.LikeIncrement, s.Dataset.DislikeDecrement);
    }

    /// <summary>What the person heard as a listener hears it: the drums rebuilt from the pattern event's instruments.</summary>
    public static DrumSample Drums(PatternEvent p, int beats) => InstrumentPlay.ToDrums(p.Instruments, beats, p.Pattern);
}
