namespace ActionPerception.Environment.Logging.Events;

public sealed record CheckpointEvent : LogEvent
{
    public required string File { get; init; }
    public required int Epoch { get; init; }
    public required long TotalSteps { get; init; }
}
