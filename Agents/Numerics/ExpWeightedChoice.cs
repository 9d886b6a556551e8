using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// them (the padding's weights are computed and ignored); <paramref name="weights"/>, of the same length, is overwritten.
    /// </summary>
    public static int Choose(ReadOnlySpan<double> x, int count, Span<double> weights, double uniform)
    {
        if (count < 1 || x.Length < ExactExp.Padded(count) || weights.Length < ExactExp.Padded(count))
            throw new ArgumentException($"A choice among {count} needs {ExactExp.Padded(count)} exponents and weights (got {x.Length} and {weights.Length}).");
        ExactExp.Exps(x, weights);
        // The reference's cumulative sum, in index order, but blocks of four zero weights (e^x below −750: most states of a
        // sharp choice) are stepped over: adding +0.0 leaves a sum of non-negative terms as it is, so the total and every
        // partial sum keep their bits, and a state of weight 0 is never the first whose cumulative weight exceeds u·total.
        ref double w = ref MemoryMarshal.GetReference(weights);
        double total = 0;
        for (int i = 0; i < count; i += 4)
        {
            if (Vector256.EqualsAll(Vector256.LoadUnsafe(ref w, (nuint)i), Vector256<double>.Zero)) continue;
            for (int k = i; k < i + 4 && k < count; k++) total += Unsafe.Add(ref w, k);
        }
        double u = uniform * total;
        double running = 0;
        for (int i = 0; i < count; i += 4)
        {
            if (Vector256.EqualsAll(Vector256.LoadUnsafe(ref w, (nuint)i), Vector256<double>.Zero)) continue;
            for (int k = i; k < i + 4 && k < count; k++)
            {
                running += Unsafe.Add(ref w, k);
                if (u < running) return k;
            }
        }
        return count - 1;
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
