namespace ActionPerception.Agents.Listeners;

/// <summary>A listener whose taste is a distribution over patterns (exact), for the loop's measures.</summary>
public interface ITasteful
{
    /// <summary>The listener's current distribution over all patterns (changes with habituation).</summary>
    ReadOnlySpan<double> TasteDistribution { get; }

    /// <summary>The taste's support, for set-like tastes (e.g. well-formed); null where the taste is not a set.</summary>
    IReadOnlyList<bool>? TasteSupport { get; }
}
