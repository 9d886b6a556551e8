namespace ActionPerception.Simulations.Studies;

/// <summary>
/// What the study report measures of one block, for the person or their fitted twin. "Own taste" is the set of
/// patterns the person's posterior (over all their finished blocks) likes with P ≥ 0.5 (<see cref="OwnTaste"/>);
/// the false-positive rate and coverage are the generator's toward it at the block's end (its last checkpoint).
/// </summary>
public sealed record BlockMeasures(string Participant, int Index, string Condition, string Who, int Patterns, int Likes, int Dislikes,
    double LikeRate, double LikeRateFirstQuarter, double LikeRateLastQuarter, double? MedianReactionSeconds,
    int? OwnTasteSize, double? HeardInsideOwnTaste, double? FalsePositiveRate, double? Coverage, IReadOnlyList<(double T, double LikeRate)> Rates)
{
    public const string Person = "person", Twin = "fitted twin";
}
