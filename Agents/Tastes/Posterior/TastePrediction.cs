namespace ActionPerception.Agents.Tastes.Posterior;

/// <summary>
/// The posterior predictive of one pattern. <paramref name="Probability"/> is P(like) by the probit approximation
/// σ(μ / √(1 + πs²/8)); <paramref name="Lower"/> and <paramref name="Upper"/> bound the central 90 % of σ(φᵀw) under
/// the Gaussian posterior, σ(μ ∓ 1.645 s), where μ = φᵀm and s² = φᵀSφ are <paramref name="Latent"/> and
/// <paramref name="LatentSd"/>.
/// </summary>
public readonly record struct TastePrediction(int Pattern, double Probability, double Lower, double Upper, double Latent, double LatentSd);
