using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Listeners;

/// <summary>
/// A simulated listener's reaction time: log-normal with the given median and log-scale σ, clipped to
/// [min, max] seconds. Defaults: median 0.45 s, σ 0.35, clipped to [0.15 s, 2 s].
/// </summary>
public sealed record ReactionTimeSettings
{
    public double Median { get; init; } = 0.45;
    public double Sigma { get; init; } = 0.35;
    public double Min { get; init; } = 0.15;
    public double Max { get; init; } = 2.0;

    public void Validate(string where = "reactionTime")
    {
        if (!(Min > 0) || !double.IsFinite(Min)) throw new ArgumentException($"{where}.min must be a positive number of seconds (got {Min}); default 0.15.");
        if (!(Max >= Min) || !double.IsFinite(Max)) throw new ArgumentException($"{where}.max must be a finite number ≥ {where}.min (got {Max}); default 2.");
        if (!(Median >= Min && Median <= Max)) throw new ArgumentException($"{where}.median must lie in [min, max] = [{Min}, {Max}] (got {Median}); default 0.45.");
        if (!(Sigma >= 0) || !double.IsFinite(Sigma)) throw new ArgumentException($"{where}.sigma must be a finite number ≥ 0 (got {Sigma}); default 0.35.");
    }

    /// <summary>One draw: median · e^{σZ}, clipped. Always consumes one Gaussian, so the stream stays aligned.</summary>
    public double Sample(SeededRandom rng)
    {
        double z = rng.Gaussian();
        return Math.Clamp(Median * Math.Exp(Sigma * z), Min, Max);
    }
}
