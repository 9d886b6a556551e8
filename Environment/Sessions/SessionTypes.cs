using ActionPerception.Agents.Files;
using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;
using ActionPerception.Audio;
using ActionPerception.Environment.Logging;

namespace ActionPerception.Environment.Sessions;

/// <summary>A judgement as made: its kind, the moment on the session clock, who made it.</summary>
/// <param name="HeardSerial">For a simulated listener, the playing it was reacting to (logged for analysis; attribution ignores it).</param>
public sealed record Judgement(JudgementKind Kind, double Time, string Source, long? HeardSerial = null);

/// <summary>Everything a session is made of, built by the caller from a scenario (or from a checkpoint).</summary>
public sealed record SessionParts
{
    public required GeneratorModel Model { get; init; }
    public required PreferenceDataset Dataset { get; init; }
    /// <summary>The simulated listener; null when judgements come from outside (the human bridge) through <see cref="Session.Submit"/>.</summary>
    public IListener? Listener { get; init; }
    public required DrumKit Kit { get; init; }
    public required IAudioOutput Output { get; init; }
    public required SessionLog Log { get; init; }
    /// <summary>Where checkpoints go; null writes none.</summary>
    public string? CheckpointDirectory { get; init; }
    public ResumeState? Resume { get; init; }
    /// <summary>Free-form facts for the log header (program version, command line).</summary>
    public IReadOnlyDictionary<string, string>? Provenance { get; init; }
    /// <summary>The reference taste (a set) the generator is measured toward each epoch; null measures nothing.</summary>
    public Agents.Tastes.ReferenceSet? Reference { get; init; }
    /// <summary>For a twin run: the human run folder it replays.</summary>
    public string? TwinOf { get; init; }
}

/// <summary>Where a resumed session starts: counters, clock and random sources from a checkpoint.</summary>
public sealed record ResumeState(
    string FromCheckpoint,
    double Time,
    long NextSerial,
    int Epoch,
    long TotalSteps,
    RandomState Train,
    RandomState Dream,
    RandomState Render,
    float[] RendererTail,
    IReadOnlyList<int>? TasteJudgements = null);

public sealed record SessionSummary(
    string Mode,
    string StopReason,
    double AudioSeconds,
    double WallSeconds,
    long Patterns,
    long Likes,
    long Dislikes,
    long JudgementsSent,
    long JudgementsApplied,
    long JudgementsIgnored,
    int Epochs,
    long TrainingSteps,
    double StepsPerAudioSecond,
    double StepsPerWallSecond,
    double? FinalKlDataGen,
    double? FinalKlGenData,
    double? FinalEntropy,
    int Underruns,
    string? LastCheckpoint)
{
    /// <summary>Why the session stopped, as a code (exit codes branch on this, not on the words).</summary>
    public StopCode StopCode { get; init; }
    /// <summary>How the generator moved toward the run's reference taste; null when nothing was measured.</summary>
    [System.Text.Json.Serialization.JsonIgnore] // written at the top of summary.json, not twice
    public Agents.Tastes.ConvergenceSummary? Convergence { get; init; }
    /// <summary>The same measures of the starting generator (the chance level of each).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Logging.Events.ReferenceMeasures? ConvergenceAtStart { get; init; }
    /// <summary>The taste inferred from the judgements: final AUC against the reference and judgements to reach 0.9.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TasteOutcome? Taste { get; init; }
    /// <summary>The final generator toward the listener's own taste as its judgements reveal it (null without judgements).</summary>
    public OwnTasteOutcome? OwnTaste { get; init; }
    /// <summary>What the run's judgements could at best have taught (the listener's reliability and the Bayes bound); null without a reference.</summary>
    [System.Text.Json.Serialization.JsonIgnore] // written at the top of summary.json
    public InformationLimit? InformationLimit { get; init; }
    /// <summary>Converged, moving or at chance, in one sentence with what to try; null when nothing was measured.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ConvergenceVerdict? Verdict { get; init; }
    public double LikeRate => Patterns == 0 ? 0 : (double)Likes / Patterns;
    /// <summary>Audio seconds per wall second; null when no wall time was measured (a deterministic summary).</summary>
    public double? SpeedFactor => WallSeconds > 0 ? AudioSeconds / WallSeconds : null;
}

/// <summary>What the live view of a session shows: counters read atomically one by one (not one consistent cut).</summary>
public sealed record SessionStatus(
    double Time,
    Playing? Audible,
    double BufferSeconds,
    long Patterns,
    long Likes,
    long Dislikes,
    int Epoch,
    double? KlDataGen,
    int Underruns,
    bool Stopped,
    double? DurationSeconds = null,
    double StartTime = 0)
{
    /// <summary>Seconds of audio still to play, when the session has a duration.</summary>
    public double? Remaining => DurationSeconds is double d ? Math.Max(0, StartTime + d - Time) : null;
}
