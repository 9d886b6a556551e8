namespace ActionPerception.Environment.Logging.Events;

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
