namespace ActionPerception.Agents.Tastes.Posterior;

/// <summary>
/// One feature's weight under the posterior: mean, standard deviation and the central 90 % interval
/// mean ∓ 1.645 sd (the marginal of a Gaussian is exact, no approximation beyond the variational one).
/// </summary>
public readonly record struct TasteWeight(string Name, double Mean, double Sd, double Lower, double Upper)
{
    /// <summary>Half the width of the 90 % interval: the "± 0.4" of "beat 0 on: +1.8 ± 0.4".</summary>
    public double HalfWidth => 0.5 * (Upper - Lower);
}
