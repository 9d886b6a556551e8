namespace ActionPerception.Environment.Logging.Events;

/// <summary>What a simulated listener made of a heard pattern: its action (or "none") and what it measured.</summary>
public sealed record PerceptionEvent : LogEvent
{
    public required long Serial { get; init; }
    public required int Pattern { get; init; }
    /// <summary>"like", "dislike", "stop" or "none".</summary>
    public required string Action { get; init; }
    public required double ReactionSeconds { get; init; }
    /// <summary>The listener's measures (e.g. surprise, per-layer prediction errors); null where undefined.</summary>
    public Dictionary<string, double?>? Measures { get; init; }
}
