using ActionPerception.Agents.Tastes;

namespace ActionPerception.Agents.Listeners;

/// <summary>
/// Template settings: a weight per beat (null: the default template), score = Σ weight_i · beat_i; likes at
/// score ≥ likeThreshold, dislikes below dislikeThreshold, silent between.
/// The default at any n: beat 0 weighs +2, other even beats +1, odd beats −1 (on-beat emphasis); like ≥ 3, dislike &lt; 1.
/// With a <see cref="Taste"/> instead, the template likes the taste's members and dislikes the rest (score 1 or 0,
/// both thresholds ½), so that listener kinds can be compared on one taste.
/// </summary>
public sealed record TemplateSettings : ITastefulSettings
{
    public const double DefaultLikeThreshold = 3;
    public const double DefaultDislikeThreshold = 1;

    public IReadOnlyList<double>? Weights { get; init; }
    /// <summary>A taste whose set the template likes (its members) instead of a weighted score; null = the weights.</summary>
    public TasteSettings? Taste { get; init; }
    public double LikeThreshold { get; init; } = DefaultLikeThreshold;
    public double DislikeThreshold { get; init; } = DefaultDislikeThreshold;
    public TeacherNoiseSettings Noise { get; init; } = new();

    public static double[] DefaultWeights(int beats) =>
        Enumerable.Range(0, beats).Select(k => k == 0 ? 2.0 : k % 2 == 0 ? 1.0 : -1.0).ToArray();

    /// <summary>--taste makes the taste the whole like rule: the weights and their thresholds give way.</summary>
    public IListenerSettings WithTaste(TasteSettings taste) =>
        this with { Taste = taste, Weights = null, LikeThreshold = DefaultLikeThreshold, DislikeThreshold = DefaultDislikeThreshold };
    public IListenerSettings ResolvePaths(Func<string, string> resolve) => Taste?.File is { } f ? this with { Taste = Taste with { File = resolve(f) } } : this;

    public void Validate(string where = "listener.template")
    {
        if (Weights is not null && Weights.Any(w => !double.IsFinite(w)))
            throw new ArgumentException($"{where}.weights must all be finite numbers.");
        if (!double.IsFinite(LikeThreshold)) throw new ArgumentException($"{where}.likeThreshold must be finite (got {LikeThreshold}).");
        if (!double.IsFinite(DislikeThreshold) || DislikeThreshold > LikeThreshold)
            throw new ArgumentException($"{where}.dislikeThreshold must be finite and ≤ likeThreshold {LikeThreshold} (got {DislikeThreshold}).");
        if (Taste is not null)
        {
            if (Weights is not null)
                throw new ArgumentException($"{where}: both weights and taste are given; the template likes either a weighted score or a taste's members: remove one.");
            if (LikeThreshold != DefaultLikeThreshold || DislikeThreshold != DefaultDislikeThreshold)
                throw new ArgumentException($"{where}: likeThreshold and dislikeThreshold apply to the weights, not to a taste (its members are liked, the rest disliked): remove them or the taste.");
            Taste.Validate($"{where}.taste");
        }
        (Noise ?? throw new ArgumentException($"{where}.noise must not be null.")).Validate($"{where}.noise");
    }
}
