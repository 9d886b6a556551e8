
namespace ActionPerception.Agents.Listeners;

/// <summary>
/// The noise of a simulated rater (B-Pref's "irrational teachers"), shared by the scripted listeners.
/// </summary>
public sealed record TeacherNoiseSettings
{
    /// <summary>
    /// Rationality β: judge by a Boltzmann choice on the score instead of the hard rule. Null (the default) is
    /// β = ∞, the hard rule; 0 chooses uniformly. JSON cannot carry ∞, hence null.
    /// </summary>
    public double? Rationality { get; init; }
    /// <summary>Probability of flipping a like into a dislike or back (silence stays silence).</summary>
    public double MistakeRate { get; init; }
    /// <summary>Probability of staying silent whatever the judgement (a lapse).</summary>
    public double SkipRate { get; init; }
    public ReactionTimeSettings ReactionTime { get; init; } = new();

    public void Validate(string where)
    {
        if (Rationality is double b && (!(b >= 0) || double.IsNaN(b)))
            throw new ArgumentException($"{where}.rationality must be ≥ 0, or null for the hard rule (got {b}).");
        if (!(MistakeRate >= 0 && MistakeRate <= 1)) throw new ArgumentException($"{where}.mistakeRate must be in [0,1] (got {MistakeRate}).");
        if (!(SkipRate >= 0 && SkipRate < 1)) throw new ArgumentException($"{where}.skipRate must be in [0,1) (got {SkipRate}).");
        (ReactionTime ?? throw new ArgumentException($"{where}.reactionTime must not be null.")).Validate($"{where}.reactionTime");
    }
}
