
namespace ActionPerception.Environment.Scenarios;

public sealed record DatasetScenario
{
    /// <summary>A dataset file (JSON or .npy); null starts from the original's every-5th-pattern dataset.</summary>
    public string? File { get; init; }
    public double LikeIncrement { get; init; } = 10;
    public double DislikeDecrement { get; init; } = 5;

    internal void Validate(Action<string, string, string> bad)
    {
        if (!double.IsFinite(LikeIncrement) || LikeIncrement < 0) bad("dataset.likeIncrement", $"{LikeIncrement}", "use a finite number ≥ 0 (default 10)");
        if (!double.IsFinite(DislikeDecrement) || DislikeDecrement < 0) bad("dataset.dislikeDecrement", $"{DislikeDecrement}", "use a finite number ≥ 0 (default 5)");
    }
}
