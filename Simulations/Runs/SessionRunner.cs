using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Environment.Checkpoints;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Human;

namespace ActionPerception.Simulations.Runs;

/// <summary>What simulate, play and resume share: a run folder, stop signals, the session, its summary.</summary>
public static class SessionRunner
{
    public sealed record Outcome(SessionSummary Summary, string Folder, LoopFigures Figures)
    {
        /// <summary>False when report.html could not be written (the session's own files are complete).</summary>
        public bool ReportWritten { get; init; } = true;
        /// <summary>Why a failed session failed (its stop code is <see cref="StopCode.Failed"/> or Diverged).</summary>
        public Exception? Failure { get; init; }
        /// <summary>For a twin run: how its listener's judgements compare with the person's.</summary>
        public TwinSummary? Twin { get; init; }
    }

    /// <summary>A twin's starting dataset (the human run's, from its log header), saved in the twin's run folder.</summary>
    public const string TwinDatasetFileName = "initial-dataset.json";

    /// <summary>Figures read back from the log for the closing summary.</summary>
    public sealed record LoopFigures(double LikeRateFirstQuarter, double LikeRateLastQuarter, double? FalsePositiveFirst, double? FalsePositiveLast,
        double? KlListenerGenFirst, double? KlListenerGenLast);

    /// <summary>A twin run: the human run it replays (its starting dataset is the header's, saved into the twin's folder).</summary>
    public sealed record TwinSetup(HumanRun Of);

    public static Outcome Run(Scenario scenario, string? outDir, bool force, bool human, Checkpoint? from = null, string? fromPath = null,
        TwinSetup? twin = null, bool oneKeyPerPattern = true, IKeySource? keys = null)
    {
        // Keys from elsewhere (a study's key script) need no terminal.
        if (human && keys is null && ConsoleKeySource.WhyUnavailable() is { } why)
            throw new UsageException(why);
        // Refuse bad input before creating anything on disk.
        var prepared = SessionBuilder.Prepare(scenario, ListenerBuilder.For(scenario), from);
        if (twin is not null) prepared = prepared with { Dataset = twin.Of.InitialDataset(scenario) };
        foreach (var warning in prepared.Kit.Warnings.Concat(prepared.Kit.CheckFits(scenario.RenderSettings.BufferLength)))
            Console.Error.WriteLine($"ap: warning: {warning}");
        if (SessionBuilder.OutputNote(scenario) is { } note) Console.Error.WriteLine($"ap: note: {note}");
        string folder = RunFolder.CreateForSession(outDir, scenario.Name, force, out bool created);
        OutputFiles.ClaimWavs(scenario, folder, force);
        var provenance = new Dictionary<string, string>
        {
            ["actionperception"] = typeof(SessionRunner).Assembly.GetName().Version?.ToString() ?? "?",
            ["runtime"] = RuntimeInformation.FrameworkDescription,
        };
        if (twin is not null)
        {
            // The twin starts from the dataset the person started from, kept in its own folder (the original file may have moved).
            string datasetPath = Path.Combine(folder, TwinDatasetFileName);
            DatasetFile.Save(datasetPath, prepared.Dataset, overwrite: true, description: $"the starting dataset of {twin.Of.Folder}");
            scenario = scenario with { Dataset = scenario.Dataset with { File = datasetPath } };
        }
        Session session;
        try
        {
            session = SessionBuilder.Create(scenario, folder, prepared, from, fromPath, provenance, twin?.Of.Folder);
            session.OneKeyPerPattern = oneKeyPerPattern;
        }
        catch (Exception e) when (e is Audio.AudioOutputException or IOException)
        {
            // Nothing was written: leave no empty run folder behind.
            if (created && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
            // A WAV that cannot be created is an output that cannot be written (3), not a failed sound card (4).
            if (e is Audio.AudioOutputException { InnerException: not (IOException or UnauthorizedAccessException) }) throw new AudioFailure(e.Message);
            throw;
        }
        File.WriteAllText(Path.Combine(folder, "scenario.json"), scenario.ToJson());

        // First signal: the session stops cleanly (final checkpoint, closed log); a second, or one while the summary and
        // report are written, quits at once (both are renamed into place: whole or absent).
        var stop = StopSignals.Cooperate(code => session.RequestStop(code == ExitCodes.Terminated ? StopCode.Terminated : StopCode.Interrupted));
        SessionSummary summary;
        Exception? failure = null;
        LiveView? finishing = null;
        try
        {
            using (session)
            {
                if (scenario.Mode == SessionMode.Virtual)
                {
                    try
                    {
                        summary = session.RunVirtual(stop.Token);
                    }
                    catch (SessionFailedException e) when (e.InnerException is not Audio.AudioOutputException)
                    {
                        // Diverged or failed: the log, its stop event and the last finite checkpoint are written; say why, keep going to the report.
                        Console.Error.WriteLine($"ap: error: {OsError.Explain(e.InnerException ?? e, "the run folder")}");
                        summary = e.Summary;
                        failure = e.InnerException;
                    }
                }
                else
                {
                    var instruments = prepared.Kit.InstrumentNames;
                    int beats = scenario.Generator.Layers[0];
                    Thread? keyThread = null;
                    if (human)
                    {
                        var bridge = new HumanBridge(keys ?? new ConsoleKeySource());
                        keyThread = new Thread(() => bridge.Run(session, stop.Token)) { IsBackground = true, Name = "keyboard" };
                    }
                    var view = new LiveView(session, instruments, beats,
                        human ? "keys: l or 1 like · d or 2 dislike · s, 0, q or Esc stop" : "listening to two machines · Ctrl+C stops");
                    var viewThread = new Thread(() => view.Show(stop.Token)) { IsBackground = true, Name = "view" };
                    keyThread?.Start();
                    viewThread.Start();
                    try
                    {
                        summary = session.RunRealtime(stop.Token);
                    }
                    catch (SessionFailedException e) when (e.InnerException is Audio.AudioOutputException)
                    {
                        view.Finish();
                        // The folder stays complete: its summary says how far the session got before the output failed.
                        try { RunSummary.Of(e.Summary, deterministic: false, CommandLine).Save(folder); }
                        catch (Exception w) when (w is IOException or UnauthorizedAccessException) { Console.Error.WriteLine($"ap: warning: summary.json could not be written ({w.Message})."); }
                        throw new AudioFailure(e.Message);
                    }
                    catch (SessionFailedException e)
                    {
                        Console.Error.WriteLine($"ap: error: {OsError.Explain(e.InnerException ?? e, "the run folder")}");
                        summary = e.Summary;
                        failure = e.InnerException;
                    }
                    // The view says "stopping… writing checkpoint and report" until the runner is done with both.
                    finishing = view;
                }
            }
        }
        finally
        {
            stop.Dispose();
        }
        TwinFile? twinFile = null;
        if (twin is not null)
        {
            twinFile = TwinRun.CompareWithSession(twin.Of, Path.Combine(folder, SessionBuilder.LogFileName), prepared.Listener?.Kind ?? "none");
            twinFile.Save(folder);
        }
        // The log is read once: its analysis gives the closing figures and the report.
        var analysis = Analysis.SessionAnalysis.Load(folder);
        var figures = Figures(analysis);
        // summary.json first: the report takes the exact convergence summary from it rather than re-deriving it from
        // the log's aggregated epochs. The command line goes here, not into the log: the log of a scenario and seed must
        // not depend on how it was invoked.
        RunSummary.Of(summary, deterministic: false, CommandLine, figures, twinFile?.Twin).Save(folder);
        bool reported = true;
        try
        {
            Reports.ReportWriter.Write([analysis], Path.Combine(folder, "report.html"), overwrite: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or UnauthorizedAccessException)
        {
            // The session and its log are complete; a report can be made again with `ap report`.
            reported = false;
            Console.Error.WriteLine($"ap: error: the report could not be written ({e.Message}); run `ap report {folder}` to retry.");
        }
        finishing?.Finish();
        return new Outcome(summary, folder, figures) { ReportWritten = reported, Failure = failure, Twin = twinFile?.Twin };
    }

    /// <summary>How this process was invoked, for summary.json (never for the log: a seed's log must not depend on it).</summary>
    private static string CommandLine => string.Join(' ', System.Environment.GetCommandLineArgs().Skip(1));

    /// <summary>0 for a session that ran its course or was stopped by its listener; 130 / 143 for Ctrl+C / SIGTERM; 5 diverged.</summary>
    public static int ExitCode(Outcome o) => ExitCode(o.Summary) switch
    {
        ExitCodes.Ok when !o.ReportWritten => ExitCodes.OutputRefused,
        // A session that failed writing its own files (a full disk) is an output failure, not an audio one.
        ExitCodes.AudioFailed when o.Failure is IOException or UnauthorizedAccessException => ExitCodes.OutputRefused,
        var code => code,
    };

    public static int ExitCode(SessionSummary s) => s.StopCode switch
    {
        StopCode.Interrupted => ExitCodes.Interrupted,
        StopCode.Terminated => ExitCodes.Terminated,
        StopCode.Diverged => ExitCodes.Diverged,
        StopCode.Failed => ExitCodes.AudioFailed,
        _ => ExitCodes.Ok,
    };

    public static LoopFigures Figures(string logPath) => Figures(Analysis.SessionAnalysis.Load(logPath));

    /// <summary>Like rate of the first and last quarter of the patterns, and the listener measures at the first and last epoch.</summary>
    public static LoopFigures Figures(Analysis.SessionAnalysis a)
    {
        var played = a.Played;
        double Rate(IEnumerable<Analysis.PlayedPattern> ps)
        {
            var s = ps.ToList();
            return s.Count == 0 ? 0 : (double)s.Count(p => p.Likes > 0) / s.Count;
        }
        int q = Math.Max(1, played.Count / 4);
        var first = a.Epochs.Count > 0 ? a.Epochs[0] : null;
        var last = a.Epochs.Count > 0 ? a.Epochs[^1] : null;
        return new LoopFigures(Rate(played.Take(q)), Rate(played.Skip(played.Count - q)),
            first?.FalsePositiveRate, last?.FalsePositiveRate, first?.KlListenerGen, last?.KlListenerGen);
    }

    public static void Print(Outcome o)
    {
        var s = o.Summary;
        var f = o.Figures;
        string Kl(double? v) => v is double d ? d.ToString("F4", CultureInfo.InvariantCulture) : "–";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            session {o.Folder}  ({s.Mode}, {s.StopReason})
              audio          {s.AudioSeconds:F1} s in {s.WallSeconds:F2} s wall ({(s.SpeedFactor is double speed ? speed.ToString("F0", CultureInfo.InvariantCulture) + "× real time" : "instant")})
              patterns       {s.Patterns}
              likes          {s.Likes}   dislikes {s.Dislikes}   ignored {s.JudgementsIgnored}   (applied {s.JudgementsApplied} of {s.JudgementsSent} sent)
              like rate      {f.LikeRateFirstQuarter:P0} in the first quarter → {f.LikeRateLastQuarter:P0} in the last
              training       {s.Epochs} epochs, {s.TrainingSteps} steps, {s.StepsPerAudioSecond:F0} steps per audio second, {s.StepsPerWallSecond:F0} per wall second
              final KL       KL(data‖gen) {Kl(s.FinalKlDataGen)}   KL(gen‖data) {Kl(s.FinalKlGenData)}   entropy {Kl(s.FinalEntropy)} nats
            """));
        if (f.FalsePositiveFirst is not null || f.KlListenerGenFirst is not null)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  listener       false-positive rate {Kl(f.FalsePositiveFirst)} → {Kl(f.FalsePositiveLast)}   KL(listener‖gen) {Kl(f.KlListenerGenFirst)} → {Kl(f.KlListenerGenLast)}"));
        if (s.Convergence is { } conv)
        {
            var start = s.ConvergenceAtStart;
            string Time(double? seconds, long? patterns) => seconds is double t ? string.Create(CultureInfo.InvariantCulture, $"after {t:F0} s ({patterns} patterns)") : "never";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  toward {conv.Reference,-14}false-positive rate {Kl(conv.FalsePositiveRate)} (chance {conv.ChanceFalsePositiveRate:F4}); at or below half of chance {Time(conv.SecondsToHalfChance, conv.PatternsToHalfChance)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"                 coverage {Kl(conv.Coverage)} (at start {Kl(start?.Coverage)})   KL(reference‖gen) {Kl(conv.KlReferenceGen)} (at start {Kl(start?.KlReferenceGen)})   entropy {Kl(conv.Entropy)} (at start {Kl(start?.Entropy)}) nats"));
        }
        if (s.Taste is { Judgements: > 0 } taste)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  inferred taste {taste.Judgements} judgements; believed favourite {taste.TopBeats} (P(like) {taste.TopPLike:F2}){(taste.FinalAuc is double auc ? $"; AUC against {taste.Reference} {auc:F3} (chance 0.5), 0.9 {(taste.JudgementsToAuc90 is int n ? $"after {n} judgements" : "not reached")}" : "")}"));
        if (s.OwnTaste is { } own)
            Console.WriteLine(own.Size == 0
                ? $"  toward {OwnTasteOutcome.Name}: no pattern is liked with P ≥ 0.5 after {own.Judgements} judgements"
                : string.Create(CultureInfo.InvariantCulture,
                    $"  toward {OwnTasteOutcome.Name}: {own.Size} patterns from {own.Judgements} judgements; false-positive rate {Kl(own.FalsePositiveRate)} (chance {Kl(own.ChanceFalsePositiveRate)}), coverage {Kl(own.Coverage)} (at start {Kl(own.CoverageAtStart)})"));
        if (s.InformationLimit is { } limit)
        {
            string Share(double? v) => v is double d ? d.ToString("P0", CultureInfo.InvariantCulture) : "–";
            string reliability = limit.Reliability is { } r
                ? $"; the listener judged {Share(r.JudgedShareInside)} of the reference patterns it heard, liked {Share(r.LikeRateInside)} of them and {Share(r.LikeRateOutside)} of the others"
                : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  information limit false-positive rate {limit.FalsePositiveRate:F4} ± {limit.FalsePositiveRateSd:F4}, coverage {limit.Coverage:F4} ± {limit.CoverageSd:F4} from {limit.Judgements} judgements of uniform draws{reliability}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  underruns      {s.Underruns}"));
        Console.WriteLine($"  files          {Path.Combine(o.Folder, SessionBuilder.LogFileName)}{(o.ReportWritten ? ", report.html" : "")}, summary.json{(s.LastCheckpoint is { } c ? ", " + Path.GetFileName(c) : "")}");
        if (s.Verdict is { } verdict) Console.WriteLine($"\n{verdict.Sentence}");
    }
}

/// <summary>The audio output could not be opened or failed.</summary>
public sealed class AudioFailure(string message) : Exception(message);
