using System.Globalization;
using System.Text.Json.Serialization;

namespace ActionPerception.Agents.Niche;

/// <summary>
/// The predictive niche's knobs (scenario <c>generator.predictive</c>): which patterns the target holds and how it
/// weighs them. The maths and the figures behind the defaults: docs/taste-posterior.md, "From the posterior to what
/// the generator learns and plays".
/// </summary>
public sealed record PredictiveSettings
{
    public const string Flat = "flat", Power = "power";

    /// <summary>
    /// τ: a pattern is in the flat target when the upper end of the 90 % interval of its P(like) reaches τ. 0.7: in
    /// the prototype's oracle loops the set so chosen scored FP 0.31 and coverage 0.98 after 120 judgements.
    /// Optimistic on purpose: a pattern never heard keeps a wide interval and stays in until judgements push it out.
    /// </summary>
    public double Threshold { get; init; } = 0.7;

    /// <summary>
    /// k: when fewer than k patterns pass the threshold, the target is the k most likely instead, so that a run of
    /// early dislikes never shrinks the target to a handful of patterns the generator would collapse onto.
    /// </summary>
    public int MinPatterns { get; init; } = 32;

    /// <summary>
    /// "flat" (uniform over the set above) or "power" (q ∝ P(like)^β over every pattern). A power target of β = 2
    /// stalled in one prototype seed of three after early dislikes; the flat one did not, hence the default.
    /// </summary>
    public string Shape { get; init; } = Flat;

    /// <summary>β of the power shape (unused by the flat one).</summary>
    public double Beta { get; init; } = 2;

    /// <summary><see cref="Shape"/> as an enum (call after validation).</summary>
    [JsonIgnore]
    public TargetShape TargetShape => Shape == Power ? TargetShape.Power : TargetShape.Flat;

    /// <summary>Throws <see cref="ArgumentException"/> naming the field and the fix.</summary>
    public void Validate(string where = "generator.predictive")
    {
        if (!(Threshold > 0 && Threshold < 1))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{where}.threshold must be a probability strictly between 0 and 1 (got {Threshold}); the default 0.7 keeps every pattern not yet shown to be disliked."));
        if (MinPatterns < 1 || MinPatterns > 1 << 16)
            throw new ArgumentException($"{where}.minPatterns must be 1 … 65536 (got {MinPatterns}); the default 32 keeps the target from shrinking onto a few patterns.");
        if (Shape is not (Flat or Power))
            throw new ArgumentException($"{where}.shape '{Shape}' is unknown; use \"flat\" (uniform over the optimistic set, default) or \"power\" (q ∝ P(like)^beta).");
        if (!double.IsFinite(Beta) || !(Beta > 0) || Beta > 100)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{where}.beta must be a number in (0, 100] (got {Beta}); 1 weighs patterns by P(like), 2 (the default) sharpens it."));
    }
}
