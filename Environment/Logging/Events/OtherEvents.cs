namespace ActionPerception.Environment.Logging.Events;

/// <summary>Training waits: the dataset gives no epoch (emptied, or every count rounds to zero copies).</summary>
public sealed record TrainingIdleEvent : LogEvent
{
    public required string Reason { get; init; }
}

public sealed record CheckpointEvent : LogEvent
{
    public required string File { get; init; }
    public required int Epoch { get; init; }
    public required long TotalSteps { get; init; }
}

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

/// <summary>The last line: rates and final divergences.</summary>
public sealed record SummaryEvent : LogEvent
{
    public required double AudioSeconds { get; init; }
    public required double StepsPerAudioSecond { get; init; }
    public double? FinalKlDataGen { get; init; }
    public double? FinalKlGenData { get; init; }
    public double? FinalEntropy { get; init; }
    public double? WallSeconds { get; init; }
    public double? StepsPerWallSecond { get; init; }
}
