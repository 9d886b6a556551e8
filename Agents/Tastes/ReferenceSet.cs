namespace ActionPerception.Agents.Tastes;

/// <summary>
/// A reference taste as a set: which of the 2^n patterns (beat 0 the most significant bit) it holds, and its name.
/// Convergence is measured toward it (<see cref="ConvergenceMeasures"/>): the reference is uniform over its set.
/// </summary>
/// <param name="Name">E.g. "well-formed", or the listener's own taste ("oracle: well-formed within distance 1").</param>
/// <param name="Support">One entry per pattern; true for the set's members. Not empty.</param>
/// <param name="Origin">Where it came from: "analysis.reference", "listener" or "default".</param>
public sealed record ReferenceSet(string Name, bool[] Support, string Origin)
{
    /// <summary>Members of the set.</summary>
    public int Size { get; } = Count(Support);

    private static int Count(bool[] support)
    {
        ArgumentNullException.ThrowIfNull(support);
        int n = 0;
        foreach (bool b in support) if (b) n++;
        if (n == 0) throw new ArgumentException("a reference set must hold at least one pattern.", nameof(support));
        return n;
    }

    /// <summary>A taste's set (its support; for a taste that is not a set, its patterns with positive mass).</summary>
    public static ReferenceSet FromTaste(Taste taste, string origin)
    {
        var support = new bool[taste.PatternCount];
        for (int p = 0; p < support.Length; p++) support[p] = taste.Contains(p);
        return new ReferenceSet(taste.Name, support, origin);
    }
}
