namespace ActionPerception.Simulations.Studies;

/// <summary>A question after each block: a Likert item (keys 1–7) or a choice among options (keys 1–9).</summary>
public sealed record StudyQuestion
{
    public const string Likert = "likert", Choice = "choice";

    public string Id { get; init; } = "";
    public string Text { get; init; } = "";
    public string Kind { get; init; } = Likert;
    /// <summary>A Likert item's anchors: what 1 and 7 mean.</summary>
    public string[]? Labels { get; init; }
    public string[]? Options { get; init; }
}
