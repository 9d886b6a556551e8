using System.Text.Json.Serialization;

namespace ActionPerception.Environment.Logging.Events;

/// <summary>
/// One line of the session log. The writer and every reader (analysis, reports, resume, the runner) share these
/// records, so a renamed field breaks the build instead of a report at run time. "type" (the discriminator) and
/// "t" (seconds on the session clock) come first on every line.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(HeaderEvent), "header")]
[JsonDerivedType(typeof(PatternEvent), "pattern")]
[JsonDerivedType(typeof(PerceptionEvent), "perception")]
[JsonDerivedType(typeof(JudgementEvent), "judgement")]
[JsonDerivedType(typeof(EpochEvent), "epoch")]
[JsonDerivedType(typeof(TrainingIdleEvent), "training-idle")]
[JsonDerivedType(typeof(CheckpointEvent), "checkpoint")]
[JsonDerivedType(typeof(StopEvent), "stop")]
[JsonDerivedType(typeof(SummaryEvent), "summary")]
[JsonDerivedType(typeof(WindowEvent), "window")]
public abstract record LogEvent
{
    /// <summary>Seconds on the session clock (continued across a resume), rounded to the microsecond.</summary>
    [JsonPropertyOrder(-100)]
    public required double T { get; init; }

    /// <summary>Rounds a logged figure so that logs stay short and byte-identical across runs.</summary>
    public static double R(double v, int digits = 9) => Math.Round(v, digits);

    /// <summary>A figure that may be undefined (NaN, ±∞): null in the log, since JSON has no such numbers.</summary>
    public static double? Finite(double? v, int digits = 9) => v is double d && double.IsFinite(d) ? Math.Round(d, digits) : null;
}
