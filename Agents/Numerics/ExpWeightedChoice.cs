namespace ActionPerception.Agents.Numerics;

/// <summary>
/// A draw of index i with probability ∝ e^{x[i]} by one uniform u: the first i whose cumulative weight exceeds u·total
/// (the last when rounding leaves none), with the weights from the C library's exp, as the reference writes it.
/// <see cref="Choose"/> gives that index from vectorised estimates of the weights wherever they can tell, which is
/// nearly always, and from the exact weights otherwise.
/// </summary>
public static class ExpWeightedChoice
{
    /// <summary>
    /// How far, relative to the total, u·total must be from a cumulative weight for the estimated choice to be certain:
    /// far above the largest possible gap between estimated and exact cumulative weights (the estimates' relative error
    /// <see cref="ExpEstimate.RelativeError"/> plus the two sums' roundings, below 1e-12 for 4,096 states): a margin of 50.
    /// </summary>
    public const double Margin = 1e-6;

    /// <summary>
    /// The choice of <see cref="Exact"/> for the same exponents and uniform. <paramref name="x"/> holds
    /// <see cref="ExpEstimate.Padded"/>(count) exponents (the padding's are computed and ignored); the largest of the first
    /// <paramref name="count"/> must be 0, as after shifting by the maximum. Both buffers are overwritten.
    /// </summary>
    public static int Choose(ReadOnlySpan<double> x, int count, Span<double> cumulative, Span<double> estimates, double uniform)
    {
        int k = Estimated(x, count, cumulative, estimates, uniform);
        return k >= 0 ? k : Exact(x[..count], cumulative, uniform);
    }

    /// <summary>The reference: cumulative weights from <see cref="Math.Exp"/>, then the first above u·total.</summary>
    public static int Exact(ReadOnlySpan<double> x, Span<double> cumulative, double uniform)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            // exp underflows to exactly 0 below about −745.13: skipping the call there changes no bit of the sum.
            total += x[i] < -750 ? 0.0 : Math.Exp(x[i]);
            cumulative[i] = total;
        }
        double u = uniform * total;
        for (int i = 0; i < x.Length; i++)
            if (u < cumulative[i]) return i;
        return x.Length - 1;
    }

    /// <summary>
    /// The reference's index from estimated weights, or −1 when u·total lies within <see cref="Margin"/>·total of a
    /// cumulative weight (about once in 10^5 draws), or when the weights are not finite, where only the exact weights can
    /// tell. The estimated and the exact cumulative weights, and the two values of u·total, each differ by far less than
    /// the margin, so an index found clear of it is the reference's.
    /// </summary>
    public static int Estimated(ReadOnlySpan<double> x, int count, Span<double> cumulative, Span<double> estimates, double uniform)
    {
        ExpEstimate.Estimates(x, estimates);
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            total += estimates[i];
            cumulative[i] = total;
        }
        // The largest weight is e^0 = 1, so total ≥ 1 unless an exponent was not finite.
        if (!(total >= 1 && total < double.PositiveInfinity)) return -1;
        double u = uniform * total, margin = Margin * total;
        int k = count - 1;
        for (int i = 0; i < count; i++)
            if (u < cumulative[i]) { k = i; break; }
        if (k < count - 1 && !(u < cumulative[k] - margin)) return -1;
        if (k > 0 && !(u >= cumulative[k - 1] + margin)) return -1;
        return k;
    }
}
