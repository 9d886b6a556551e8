namespace ActionPerception.Environment.Logging.Events;

/// <summary>A judgement as made, and what became of it: applied to a pattern, ignored (with the reason), or a stop.</summary>
public sealed record JudgementEvent : LogEvent
{
    public const string Applied = "applied", Ignored = "ignored", StopStatus = "stop";

    /// <summary>"like", "dislike" or "stop".</summary>
    public required string Kind { get; init; }
    public required double Made { get; init; }
    /// <summary>The moment the judgement applies to (made − the attribution shift).</summary>
    public double? AttributedTo { get; init; }
    public required string Source { get; init; }
    /// <summary>For a simulated listener, the playing it was reacting to.</summary>
    public long? HeardSerial { get; init; }
    public required string Status { get; init; }
    public long? Serial { get; init; }
    public int? Pattern { get; init; }
    public string? Reason { get; init; }

    public bool IsApplied => Status == Applied;
}
