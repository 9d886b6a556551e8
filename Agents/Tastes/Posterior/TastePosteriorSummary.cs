namespace ActionPerception.Agents.Tastes.Posterior;

/// <summary>
/// A posterior in a few numbers, for a log line per window: the judgements it rests on, the pattern it most
/// believes is liked, the mean predictive P(like) over all patterns, and the mean binary entropy (bits) of the
/// predictive, which falls from 1 (the prior: every pattern a coin toss) as the taste is learnt.
/// </summary>
public sealed record TastePosteriorSummary(
    int Judgements,
    int Likes,
    int Dislikes,
    int DistinctPatterns,
    int TopPattern,
    string TopBeats,
    double TopProbability,
    double MeanProbability,
    double MeanEntropyBits);
