namespace ActionPerception.Agents.Tastes.Posterior;

/// <summary>
/// How one candidate dream scores for epistemic play (<see cref="ExpectedFreeEnergy"/>). Higher
/// <paramref name="ExpectedFreeEnergy"/> is better: it is the negative of active inference's G, which is minimised,
/// written the way the issue and the log read it, "information plus weighted log P(like)".
/// </summary>
/// <param name="Pattern">The dream's pattern index.</param>
/// <param name="PLike">p̄, the posterior predictive P(like), E_w σ(φᵀw).</param>
/// <param name="InformationGain">BALD, H[p̄] − E_w H[σ(φᵀw)] in nats: what its judgement would teach about the weights.</param>
/// <param name="LogPLike">ln p̄, the pragmatic term before its weight.</param>
/// <param name="ExpectedFreeEnergy">InformationGain + λ · LogPLike.</param>
public readonly record struct DreamScore(int Pattern, double PLike, double InformationGain, double LogPLike, double ExpectedFreeEnergy);
