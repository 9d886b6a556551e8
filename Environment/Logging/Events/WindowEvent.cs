namespace ActionPerception.Environment.Logging.Events;

/// <summary>
/// Every window of heard patterns (analysis.windowPatterns, default 10): what was played and judged in it, the
/// model-free share of played patterns inside the reference taste, and what the taste posterior believes so far.
/// </summary>
public sealed record WindowEvent : LogEvent
{
    /// <summary>Patterns heard since the session (or the resumed run) began.</summary>
    public required long Patterns { get; init; }
    /// <summary>Patterns in this window (the last window at a stop may be shorter).</summary>
    public required int Window { get; init; }
    /// <summary>Share of this window's patterns inside the reference taste; null without a reference.</summary>
    public double? PlayedInsideReference { get; init; }
    public required int Likes { get; init; }
    public required int Dislikes { get; init; }
    public TasteWindow? Taste { get; init; }
}

/// <summary>The taste posterior after the judgements so far: its summary and, against a known set, how well it knows it.</summary>
public sealed record TasteWindow
{
    public required int Judgements { get; init; }
    public required double MeanPLike { get; init; }
    public required int TopPattern { get; init; }
    public required string TopBeats { get; init; }
    public required double TopPLike { get; init; }
    /// <summary>AUC of the posterior-predictive P(like) against the reference set (null without one).</summary>
    public double? Auc { get; init; }
    /// <summary>Expected calibration error (10 bins) of P(like) against the reference set.</summary>
    public double? Ece { get; init; }
}
