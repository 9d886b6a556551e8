namespace ActionPerception.Environment.Logging.Events;

/// <summary>Training waits: the dataset gives no epoch (emptied, or every count rounds to zero copies).</summary>
public sealed record TrainingIdleEvent : LogEvent
{
    public required string Reason { get; init; }
}
