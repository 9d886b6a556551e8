namespace ActionPerception.Environment.Logging.Events;

/// <summary>The session stopped: why (code and words) and the counts at that moment.</summary>
public sealed record StopEvent : LogEvent
{
    public required string Reason { get; init; }
    public Sessions.StopCode? Code { get; init; }
    public required long Patterns { get; init; }
    public required long Likes { get; init; }
    public required long Dislikes { get; init; }
    public required long Ignored { get; init; }
    public required int Epochs { get; init; }
    public required long TotalSteps { get; init; }
    public required int Underruns { get; init; }
}
