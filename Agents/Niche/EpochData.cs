namespace ActionPerception.Agents.Niche;

/// <summary>How a training epoch is drawn from a preference dataset (scenario <c>generator.epochData</c>).</summary>
public enum EpochData
{
    /// <summary>
    /// The original: round(nData·count/total) copies of each pattern (half to even), shuffled. A pattern whose share
    /// is below 1/(2·nData) gets no copy, so once the total passes 2·nData every count-1 pattern drops out at once.
    /// </summary>
    Rounded,

    /// <summary>nData independent draws from count/total: exactly nData data, each pattern in proportion in expectation.</summary>
    Multinomial,
}
