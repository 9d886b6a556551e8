namespace ActionPerception.Agents.Numerics;

/// <summary>
/// A draw of index i with probability ∝ e^{x[i]} by one uniform u, as the reference writes it: cumulative weights, then
/// the first index whose cumulative weight exceeds u·total (the last when rounding leaves none). The weights come four
/// at a time from <see cref="ExactExp"/>, the same bits as <see cref="Math.Exp"/>, so the same index.
/// </summary>
public static class ExpWeightedChoice
{
    /// <summary>
    /// The index for <paramref name="count"/> exponents; <paramref name="x"/> holds <see cref="ExactExp.Padded"/>(count) of
    /// them (the padding's weights are computed and ignored). Both buffers are overwritten.
    /// </summary>
    public static int Choose(ReadOnlySpan<double> x, int count, Span<double> cumulative, Span<double> weights, double uniform)
    {
        ExactExp.Exps(x, weights);
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            total += weights[i];
            cumulative[i] = total;
        }
        return Find(cumulative[..count], uniform * total);
    }

    /// <summary>The reference, one <see cref="Math.Exp"/> call per weight: for tests and for reading.</summary>
    public static int Reference(ReadOnlySpan<double> x, Span<double> cumulative, double uniform)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            total += Math.Exp(x[i]);
            cumulative[i] = total;
        }
        return Find(cumulative[..x.Length], uniform * total);
    }

    private static int Find(ReadOnlySpan<double> cumulative, double u)
    {
        for (int i = 0; i < cumulative.Length; i++)
            if (u < cumulative[i]) return i;
        return cumulative.Length - 1;
    }
}
