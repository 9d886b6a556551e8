using ActionPerception.Agents.Listeners;
using System.Globalization;
using ActionPerception.IO;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Niche;
using ActionPerception.Environment.Checkpoints;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Analysis;

/// <summary>
/// Everything the report and the notebooks show about one session, computed from its log (and the last checkpoint
/// of its run folder when there is one). Corrupt log lines are kept in <see cref="Problems"/>, the rest is used.
/// </summary>
public sealed class SessionAnalysis
{
    /// <summary>Patterns in the rolling window of the like and dislike rates (and of the time to a 50 % like rate).</summary>
    public const int Window = 10;
    public const int TopPatterns = 3;

    public required string LogPath { get; init; }
    public required string RunFolder { get; init; }

    private Runs.RunSummary? _saved;
    private bool _savedRead;

    /// <summary>The run folder's summary.json, read once on first use (null when it has none or it cannot be read): every table of a report takes its part from here.</summary>
    public Runs.RunSummary? Saved
    {
        get
        {
            if (!_savedRead) { _saved = Runs.RunSummary.Load(RunFolder); _savedRead = true; }
            return _saved;
        }
    }
    public required string Label { get; init; }
    public required string ListenerKind { get; init; }
    /// <summary>"human", "helmholtz" or "scripted": how the report groups listeners.</summary>
    public required string ListenerGroup { get; init; }
    public required string Mode { get; init; }
    public required int Beats { get; init; }
    public required string[] Instruments { get; init; }
    public required double BufferSeconds { get; init; }
    public required IReadOnlyList<LogProblem> Problems { get; init; }
    public required IReadOnlyList<EpochPoint> Epochs { get; init; }
    public required IReadOnlyList<PlayedPattern> Played { get; init; }
    public required IReadOnlyList<RatePoint> Rates { get; init; }
    public required IReadOnlyList<SurprisePoint> Surprise { get; init; }
    public required IReadOnlyList<TrainingRatePoint> TrainingRate { get; init; }
    public required IReadOnlyList<PatternPortrait> MostPlayed { get; init; }
    public required IReadOnlyList<PatternPortrait> MostLiked { get; init; }
    /// <summary>The dataset rebuilt from the log; null (with <see cref="Notes"/>) when its start is unknown.</summary>
    public PreferenceDataset? Dataset { get; init; }
    /// <summary>The generative distribution over all patterns from the last checkpoint; null without one.</summary>
    public double[]? Generative { get; init; }
    public string? CheckpointPath { get; init; }
    /// <summary>KL(data‖gen) between <see cref="Dataset"/> and <see cref="Generative"/>.</summary>
    public double? FinalKl { get; init; }
    public required SummaryRow Summary { get; init; }
    /// <summary>What could not be computed and why, in plain words for the report.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
    public required long JudgementsApplied { get; init; }
    /// <summary>The log's header: the scenario, timing and starting dataset.</summary>
    public required HeaderEvent Header { get; init; }
    /// <summary>Every judgement in log order (applied, ignored and stops).</summary>
    public required IReadOnlyList<JudgementEvent> Judgements { get; init; }

    /// <summary>Accepts a session.jsonl or a run folder holding one.</summary>
    public static string ResolveLog(string logOrFolder)
    {
        if (Directory.Exists(logOrFolder))
        {
            string p = Path.Combine(logOrFolder, SessionBuilder.LogFileName);
            if (!File.Exists(p))
                throw new InputFileException(logOrFolder, null, $"the folder holds no {SessionBuilder.LogFileName}", "give a run folder written by ap simulate, ap play or ap sweep, or the path of its session.jsonl");
            return p;
        }
        if (!File.Exists(logOrFolder))
            throw new InputFileException(logOrFolder, null, "no such session log or run folder", "give a run folder or the path of its session.jsonl");
        return logOrFolder;
    }

    public static IReadOnlyList<SessionAnalysis> LoadMany(IEnumerable<string> logsOrFolders) => [.. logsOrFolders.Select(p => Load(p))];

    /// <summary>
    /// Loads and analyses one session. A log that is not a session log (no header, or nothing readable) throws
    /// <see cref="InputFileException"/> naming the file and the first bad line; a few corrupt lines are only noted.
    /// </summary>
    public static SessionAnalysis Load(string logOrFolder, string? label = null)
    {
        string logPath = ResolveLog(logOrFolder);
        try
        {
            return LoadChecked(logPath, label);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A line that is valid JSON but lacks a field (or has one of the wrong kind): one clear message, no trace.
            throw new InputFileException(logPath, null, $"an event lacks a field the analysis needs, or holds one of the wrong kind ({e.Message})",
                "give a session.jsonl written by ap simulate, ap play or ap sweep; a hand-edited log must keep every field of docs/session-log.md");
        }
    }

    private static SessionAnalysis LoadChecked(string logPath, string? label)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(logPath)) ?? ".";
        var log = SessionLogReader.Read(logPath);
        if (log.Header is not { } header)
        {
            string where = log.Problems.Count > 0 ? $"line {log.Problems[0].Line}" : "line 1";
            string problem = log.Problems.Count > 0 ? log.Problems[0].Problem : "the first event is not a header";
            throw new InputFileException(logPath, where, $"not a session log: {problem}", "give the session.jsonl that ap simulate, ap play or ap sweep wrote");
        }
        var notes = new List<string>();
        foreach (var p in log.Problems.Take(5)) notes.Add($"line {p.Line} of the log was skipped: {p.Problem}");
        if (log.Problems.Count > 5) notes.Add($"{log.Problems.Count - 5} more corrupt lines were skipped");

        string kind = header.ListenerKind;
        string mode = header.Mode;
        double bufferSeconds = header.Derived.BufferSeconds;
        string[] instruments = header.Derived.Instruments;
        int beats = header.Scenario.Generator.Layers[0];

        // Patterns and the applied judgements attributed to them.
        var patterns = new List<PatternEvent>();
        var likesBySerial = new Dictionary<long, int>();
        var dislikesBySerial = new Dictionary<long, int>();
        var appliedTimes = new List<double>(); // kept sorted: an epoch counts those made by its time in O(log n)
        long ignored = 0, appliedLikes = 0, appliedDislikes = 0;
        var epochs = new List<EpochPoint>();
        var surprise = new List<SurprisePoint>();
        var judgements = new List<JudgementEvent>();
        StopEvent? stop = null;
        SummaryEvent? summary = null;
        foreach (var e in log.Events)
        {
            switch (e)
            {
                case PatternEvent p:
                    patterns.Add(p);
                    break;
                case JudgementEvent j:
                    judgements.Add(j);
                    if (j.Status == JudgementStatus.Ignored) ignored++;
                    if (!j.IsApplied || j.Serial is not long serial) break;
                    appliedTimes.Insert(UpperBound(appliedTimes, j.Made), j.Made); // an append, unless made before the last
                    if (j.Kind == JudgementKind.Like) { appliedLikes++; likesBySerial[serial] = likesBySerial.GetValueOrDefault(serial) + 1; }
                    else if (j.Kind == JudgementKind.Dislike) { appliedDislikes++; dislikesBySerial[serial] = dislikesBySerial.GetValueOrDefault(serial) + 1; }
                    break;
                case EpochEvent ep:
                    epochs.Add(new EpochPoint(ep.T, ep.Epoch, ep.TotalSteps, UpperBound(appliedTimes, ep.T), ep.KlDataGen, ep.KlGenData,
                        ep.Entropy, ep.FalsePositiveRate, ep.KlListenerGen, ep.WallSeconds)
                    { Reference = ep.Reference, Epochs = ep.Epochs });
                    break;
                case PerceptionEvent pe:
                    if (pe.Measures is { } m && m.TryGetValue("surprise", out var sv) && sv is double sur)
                        surprise.Add(new SurprisePoint(pe.T, pe.Serial, sur, pe.Action));
                    break;
                case StopEvent st: stop = st; break;
                case SummaryEvent su: summary = su; break;
            }
        }

        var played = patterns.Select(p => new PlayedPattern(p.Serial, p.Pattern, p.Beats, p.Start, p.End,
            likesBySerial.GetValueOrDefault(p.Serial), dislikesBySerial.GetValueOrDefault(p.Serial))).ToList();

        var rates = new List<RatePoint>();
        double? timeTo50 = null;
        int window = Math.Min(Window, played.Count);
        for (int i = window - 1; window > 0 && i < played.Count; i++)
        {
            int liked = 0, disliked = 0;
            for (int k = i - window + 1; k <= i; k++) { if (played[k].Likes > 0) liked++; if (played[k].Dislikes > 0) disliked++; }
            var r = new RatePoint(played[i].End, i + 1, (double)liked / window, (double)disliked / window);
            rates.Add(r);
            if (timeTo50 is null && window == Window && r.LikeRate >= 0.5) timeTo50 = r.T;
        }

        var trainingRate = new List<TrainingRatePoint>();
        double startT = header.T;
        for (int i = 0; i < epochs.Count; i++)
        {
            double t0 = i == 0 ? startT : epochs[i - 1].T;
            long s0 = i == 0 ? header.ResumedFrom?.TotalSteps ?? 0 : epochs[i - 1].TotalSteps;
            double? w0 = i == 0 ? 0 : epochs[i - 1].WallSeconds;
            double dt = epochs[i].T - t0;
            if (dt <= 0) continue;
            double? wall = epochs[i].WallSeconds is double w && w0 is double ww && w > ww ? (epochs[i].TotalSteps - s0) / (w - ww) : null;
            trainingRate.Add(new TrainingRatePoint(epochs[i].T, (epochs[i].TotalSteps - s0) / dt, wall));
        }

        // The dataset at the end, and the generator's distribution from the last checkpoint.
        var (initial, initialProblem) = DatasetReconstruction.Initial(header);
        PreferenceDataset? dataset = initial is null ? null : DatasetReconstruction.Apply(initial, judgements);
        if (initialProblem is not null) notes.Add($"the dataset cannot be rebuilt: {initialProblem}");
        double[]? gen = null;
        string? checkpointPath = LastCheckpoint(folder);
        if (checkpointPath is null) notes.Add("no checkpoint-epoch*.json next to the log: the generative distribution at the end is not shown");
        else
        {
            try
            {
                var cp = Checkpoint.Load(checkpointPath);
                var exact = new ExactDistributions(cp.Model.Machine.Layers);
                exact.ComputeGenerative(cp.Model.Machine);
                gen = exact.Patterns.ToArray();
            }
            catch (InputFileException e) { notes.Add($"the last checkpoint could not be read: {e.Message}"); }
        }
        double? finalKl = null;
        if (dataset is not null && gen is not null && dataset.Total > 0 && gen.Length == dataset.PatternCount)
        {
            var p = new double[dataset.PatternCount];
            dataset.Distribution(p);
            finalKl = Divergence.KL(p, gen);
        }

        string resolvedLabel = label ?? DefaultLabel(folder, kind);
        double duration = summary?.AudioSeconds ?? (stop?.T ?? log.Events[^1].T) - startT;
        if (stop is null) notes.Add("the log has no stop event (the session crashed or is still running): figures end at its last line");
        double? finalKlLogged = summary?.FinalKlDataGen ?? (epochs.Count > 0 ? epochs[^1].KlDataGen : null);
        double? entropy = null;
        string entropySource = "none";
        if (gen is not null) { entropy = Divergence.Entropy(gen); entropySource = "checkpoint"; }
        else if (summary?.FinalEntropy is double h) { entropy = h; entropySource = "log (last epoch)"; }

        return new SessionAnalysis
        {
            LogPath = logPath,
            RunFolder = folder,
            Label = resolvedLabel,
            ListenerKind = kind,
            ListenerGroup = Group(kind),
            Mode = mode,
            Beats = beats,
            Instruments = instruments,
            BufferSeconds = bufferSeconds,
            Problems = log.Problems,
            Epochs = epochs,
            Played = played,
            Rates = rates,
            Surprise = surprise,
            TrainingRate = trainingRate,
            MostPlayed = Portraits(patterns, played, instruments, beats, byLikes: false),
            MostLiked = Portraits(patterns, played, instruments, beats, byLikes: true),
            Dataset = dataset,
            Generative = gen,
            CheckpointPath = checkpointPath,
            FinalKl = finalKl,
            JudgementsApplied = appliedTimes.Count,
            Notes = notes,
            Header = header,
            Judgements = judgements,
            Summary = new SummaryRow(resolvedLabel, kind, mode, duration,
                stop?.Patterns ?? played.Count,
                stop?.Likes ?? appliedLikes,
                stop?.Dislikes ?? appliedDislikes,
                stop?.Ignored ?? ignored,
                finalKlLogged, timeTo50, entropy, entropySource),
        };
    }

    /// <summary>The listener groups of the cross-session figures: a person, a Helmholtz listener, or a scripted one.</summary>
    public static string Group(string kind) => kind switch
    {
        "human" => "human",
        "helmholtz" => "helmholtz",
        _ => "scripted",
    };

    public static string? LastCheckpoint(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "checkpoint-epoch*.json").OrderBy(f => f, StringComparer.Ordinal).LastOrDefault()
            : null;

    private static string DefaultLabel(string folder, string kind)
    {
        string name = Path.GetFileName(folder.TrimEnd('/', '\\'));
        return name.Contains(kind, StringComparison.OrdinalIgnoreCase) ? name : $"{name} ({kind})";
    }

    private static List<PatternPortrait> Portraits(List<PatternEvent> events, List<PlayedPattern> played, string[] instruments, int beats, bool byLikes)
    {
        var groups = played.Select((p, i) => (p, i)).GroupBy(x => x.p.Pattern)
            .Select(g => (Pattern: g.Key, Plays: g.Count(), Likes: g.Sum(x => x.p.Likes), Items: g.Select(x => x.i).ToList()))
            .Where(g => !byLikes || g.Likes > 0)
            .OrderByDescending(g => byLikes ? g.Likes : g.Plays).ThenByDescending(g => byLikes ? g.Plays : g.Likes).ThenBy(g => g.Pattern)
            .Take(TopPatterns);
        var result = new List<PatternPortrait>();
        foreach (var g in groups)
        {
            int n = instruments.Length;
            var dyn = new double[n][];
            var hitRate = new double[n][];
            for (int i = 0; i < n; i++) { dyn[i] = new double[beats]; hitRate[i] = new double[beats]; }
            var hits = new int[n, beats];
            foreach (int idx in g.Items)
            {
                int i = 0;
                foreach (var inst in events[idx].Instruments)
                {
                    if (i >= n) break;
                    for (int k = 0; k < beats && k < inst.Hits.Length && k < inst.Dynamics.Length; k++)
                        if (inst.Hits[k] == 1) { hits[i, k]++; dyn[i][k] += inst.Dynamics[k]; }
                    i++;
                }
            }
            for (int i = 0; i < n; i++)
                for (int k = 0; k < beats; k++)
                {
                    hitRate[i][k] = (double)hits[i, k] / g.Items.Count;
                    if (hits[i, k] > 0) dyn[i][k] /= hits[i, k];
                }
            result.Add(new PatternPortrait(g.Pattern, Session.PatternString(g.Pattern, beats), g.Plays, g.Likes, instruments, dyn, hitRate));
        }
        return result;
    }

    public static string Format(double? v, string format = "F4") => v is double d ? d.ToString(format, CultureInfo.InvariantCulture) : "—";

    /// <summary>The number of items of the sorted <paramref name="sorted"/> that are ≤ <paramref name="value"/>.</summary>
    private static int UpperBound(List<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
