using System.Globalization;

namespace ActionPerception.Agents.Tastes.Posterior;

/// <summary>
/// The Bayesian taste model's knobs: which features of a pattern, the prior variance of each weight, and how much
/// variational re-estimation each judgement buys. Defaults and their reasons: docs/taste-posterior.md.
/// </summary>
public sealed record TastePosteriorSettings
{
    public TasteFeatures Features { get; init; } = new();

    /// <summary>
    /// σ² of the prior N(0, σ²I) on every weight. 4 (σ = 2): a weight of ±4 moves P(like) from ½ to 0.02/0.98, so the
    /// prior allows any single feature to decide a judgement, but not a hundred times over (as a flat prior would
    /// on separable judgements).
    /// </summary>
    public double PriorVariance { get; init; } = 4;

    /// <summary>
    /// Sweeps of ξ re-estimation after each judgement (each sweep re-estimates the ξ of every distinct judged
    /// pattern, then re-solves). Earlier sweeps carry over, so a few per update track the converged answer.
    /// </summary>
    public int Sweeps { get; init; } = 2;

    /// <summary>Sweeps when a posterior is rebuilt from a list of judgements at once (stops early when ξ settle).</summary>
    public int BatchSweeps { get; init; } = 1000;

    public void Validate(string where = "analysis.tastePosterior")
    {
        (Features ?? throw new ArgumentException($"{where}.features must not be null; omit it for the default features.")).Validate($"{where}.features");
        if (!double.IsFinite(PriorVariance) || !(PriorVariance > 0) || PriorVariance > 1e6)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{where}.priorVariance must be a number in (0, 1e6] (got {PriorVariance}); the default 4 lets one feature decide a judgement."));
        if (Sweeps < 0 || Sweeps > 100)
            throw new ArgumentException($"{where}.sweeps must be 0..100 (got {Sweeps}); the default 2 follows the converged posterior closely.");
        if (BatchSweeps < 1 || BatchSweeps > 100_000)
            throw new ArgumentException($"{where}.batchSweeps must be 1..100000 (got {BatchSweeps}); the default 1000 is several times what convergence to 1e-10 needs.");
    }
}

/// <summary>
/// Which features of a pattern the taste model uses besides the constant 1. The defaults are the prototype's:
/// each beat, each adjacent pair without wrap-around, and the onset count / n (d = 2n + 1).
/// </summary>
public sealed record TasteFeatures
{
    /// <summary>One feature per beat: 1 when it is on.</summary>
    public bool Beats { get; init; } = true;
    /// <summary>One feature per pair of adjacent beats: 1 when both are on.</summary>
    public bool AdjacentPairs { get; init; } = true;
    /// <summary>Also the pair (last beat, beat 0): the bar read as a loop, which it is when it plays.</summary>
    public bool WrapAround { get; init; }
    /// <summary>The number of onsets divided by the number of beats.</summary>
    public bool OnsetCount { get; init; } = true;

    public void Validate(string where = "analysis.tastePosterior.features")
    {
        if (WrapAround && !AdjacentPairs)
            throw new ArgumentException($"{where}.wrapAround needs {where}.adjacentPairs: set adjacentPairs to true, or wrapAround to false.");
    }
}
