using ActionPerception.Agents.Numerics;

namespace ActionPerception.Agents.Tastes.Posterior;

/// <summary>
/// Epistemic play: which of K candidate dreams to play. Each scores its expected information gain about the taste
/// weights from one judgement (BALD, Houlsby et al. 2011: I(x) = H[p̄(x)] − E_w H[σ(φ(x)ᵀw)]) plus λ · ln p̄(x), the
/// pragmatic term; the highest is played. This is the epistemic value of active inference that the original's
/// framing names.
/// </summary>
/// <remarks>
/// Under the Gaussian posterior the latent f = φᵀw is N(μ, s²) with μ = φᵀm and s² = φᵀSφ, so both expectations are
/// one-dimensional. They are taken here by deterministic quadrature, not by the probit closed form: the trapezoid rule
/// on an even grid of z ∈ [−8, 8] (f = μ + s z), spacing at most 0.5 in z and in f. For an integrand analytic in a
/// strip (σ has its nearest poles at f = ±iπ) the trapezoid error falls as exp(−2π · strip width / spacing), below
/// 1e-8 here, where Gauss–Hermite with a few dozen points misses the sigmoid's step by 0.01 nats at s = 6. The
/// quadrature gives I = 0 exactly for a certain posterior (s = 0), where the closed form's two approximations
/// disagree by up to 0.03 nats; with positive weights I ≥ 0 by Jensen. The closed form agrees to about 0.03 nats
/// elsewhere (tests/Agents/Posterior/ExpectedFreeEnergyTests).
/// </remarks>
public static class ExpectedFreeEnergy
{
    /// <summary>The grid covers z ∈ [−ZMax, ZMax]: the normal mass beyond 8 sd is 1e-15.</summary>
    private const double ZMax = 8;

    /// <summary>The largest grid spacing, in z and in f.</summary>
    private const double MaxStep = 0.5;

    /// <summary>
    /// The score of one pattern of latent mean <paramref name="mu"/> and sd <paramref name="s"/> under the posterior,
    /// with pragmatic weight <paramref name="pragmaticWeight"/> (λ ≥ 0).
    /// </summary>
    public static DreamScore Score(int pattern, double mu, double s, double pragmaticWeight)
    {
        if (!double.IsFinite(mu) || !double.IsFinite(s) || s < 0)
            throw new ArgumentException($"pattern {pattern}: latent mean {mu} and sd {s} must be finite, the sd ≥ 0.");
        double pBar = 0, expectedEntropy = 0;
        if (s == 0)
        {
            pBar = Logistic.StableSigmoid(mu);
            expectedEntropy = Entropy(pBar, mu);
        }
        else
        {
            // Half-steps: n intervals of h over [−ZMax, ZMax], with h ≤ MaxStep and s·h ≤ MaxStep.
            int n = 2 * (int)Math.Ceiling(ZMax / Math.Min(MaxStep, MaxStep / s));
            double h = 2 * ZMax / n, weights = 0;
            for (int i = 0; i <= n; i++)
            {
                double z = -ZMax + i * h;
                double w = Math.Exp(-0.5 * z * z) * (i == 0 || i == n ? 0.5 : 1);
                double f = mu + s * z;
                double p = Logistic.StableSigmoid(f);
                weights += w;
                pBar += w * p;
                expectedEntropy += w * Entropy(p, f);
            }
            pBar = Math.Clamp(pBar / weights, 0, 1);
            expectedEntropy /= weights;
        }
        double gain = Math.Max(0, BinaryEntropy(pBar) - expectedEntropy); // ≥ 0 up to rounding
        // ln p̄ straight from the mean when p̄ underflows: ln σ(μ) is the largest term's log, a finite stand-in.
        double logP = pBar > 0 ? Math.Log(pBar) : Logistic.LogSigmoid(mu);
        return new DreamScore(pattern, pBar, gain, logP, gain + pragmaticWeight * logP);
    }

    /// <summary>The score of a pattern from its posterior predictive (its latent mean and sd).</summary>
    public static DreamScore Score(TastePrediction prediction, double pragmaticWeight) =>
        Score(prediction.Pattern, prediction.Latent, prediction.LatentSd, pragmaticWeight);

    /// <summary>
    /// Scores every candidate against <paramref name="posterior"/> into <paramref name="scores"/> (same length) and
    /// returns the index of the highest expected free energy, the first on ties. Allocates nothing.
    /// </summary>
    public static int Choose(TastePosteriorSnapshot posterior, ReadOnlySpan<int> candidates, double pragmaticWeight, Span<DreamScore> scores)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        if (candidates.Length == 0) throw new ArgumentException("at least one candidate is needed.", nameof(candidates));
        if (scores.Length != candidates.Length) throw new ArgumentException($"{scores.Length} places for {candidates.Length} candidates.", nameof(scores));
        if (!double.IsFinite(pragmaticWeight) || pragmaticWeight < 0) throw new ArgumentOutOfRangeException(nameof(pragmaticWeight), "λ must be finite and ≥ 0.");
        int best = 0;
        for (int c = 0; c < candidates.Length; c++)
        {
            scores[c] = Score(posterior.Predict(candidates[c]), pragmaticWeight);
            if (scores[c].ExpectedFreeEnergy > scores[best].ExpectedFreeEnergy) best = c;
        }
        return best;
    }

    /// <summary>Binary entropy in nats, 0 at 0 and 1.</summary>
    public static double BinaryEntropy(double p) =>
        p <= 0 || p >= 1 ? 0 : -(p * Math.Log(p) + (1 - p) * Math.Log(1 - p));

    /// <summary>H(σ(f)) in nats from f itself: p·softplus(−f) + (1 − p)·softplus(f), exact where 1 − p rounds to 0.</summary>
    private static double Entropy(double p, double f) => p * Logistic.Softplus(-f) + (1 - p) * Logistic.Softplus(f);
}
