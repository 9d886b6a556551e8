using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ActionPerception.Agents.Numerics;

/// <summary>
/// e^x four at a time in managed code, with a relative error below <see cref="RelativeError"/>. Not the C library's
/// exp and not its bits: callers use it only to take decisions that they confirm with <see cref="Math.Exp"/> when an
/// estimate is too close to call (see <see cref="Logistic.Draw"/>), so results are those of the exact form.
/// Vector256 arithmetic is emulated where the hardware lacks it, with the same results.
/// </summary>
public static class ExpEstimate
{
    /// <summary>
    /// A bound on the relative error for x in [−700, 700] (beyond, x is clamped there): the truncation of a degree-7
    /// Taylor polynomial on |r| ≤ ln2/2 is below e^r·r^8/8! ≤ 7.5e-9, plus a few roundings of 1e-16.
    /// </summary>
    public const double RelativeError = 1e-8;

    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 0.693147180369123816490;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Clamp = 700;
    private const double Shift = 6755399441055744.0; // 1.5 · 2^52: adding it rounds to an integer held in the low bits

    /// <summary>The number of elements <see cref="Estimates"/> writes for n inputs: n rounded up to a whole vector.</summary>
    public static int Padded(int n) => (n + 3) & ~3;

    /// <summary>
    /// e^x[i] for every i; both lengths must be multiples of 4 (see <see cref="Padded"/>), so there is no scalar tail.
    /// Padding elements are computed like the others: callers ignore them.
    /// </summary>
    public static void Estimates(ReadOnlySpan<double> x, Span<double> e)
    {
        if ((x.Length & 3) != 0 || e.Length < x.Length)
            throw new ArgumentException($"Estimates works on whole vectors of 4: got {x.Length} inputs and {e.Length} outputs.");
        ref double src = ref MemoryMarshal.GetReference(x);
        ref double dst = ref MemoryMarshal.GetReference(e);
        for (int j = 0; j < x.Length; j += 4)
            Exp4(Vector256.LoadUnsafe(ref src, (nuint)j)).StoreUnsafe(ref dst, (nuint)j);
    }

    /// <summary>e^x per element; NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp4(Vector256<double> x)
    {
        var c = Vector256.Min(Vector256.Max(x, Vector256.Create(-Clamp)), Vector256.Create(Clamp));
        // n = round(x/ln2) by the shift, whose low bits then hold n, so (bits + 1023) << 52 is 2^n; r = x − n·ln2.
        var shifted = Vector256.FusedMultiplyAdd(c, Vector256.Create(Log2E), Vector256.Create(Shift));
        var n = shifted - Vector256.Create(Shift);
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), c);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        // 1 + r + … + r^7/7! by Estrin's scheme: short dependency chains for a handful of units.
        var r2 = r * r;
        var p01 = r + Vector256<double>.One;
        var p23 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 6), Vector256.Create(0.5));
        var p45 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 120), Vector256.Create(1.0 / 24));
        var p67 = Vector256.FusedMultiplyAdd(r, Vector256.Create(1.0 / 5040), Vector256.Create(1.0 / 720));
        var p03 = Vector256.FusedMultiplyAdd(r2, p23, p01);
        var p47 = Vector256.FusedMultiplyAdd(r2, p67, p45);
        var q = Vector256.FusedMultiplyAdd(r2 * r2, p47, p03);
        var e = q * ((shifted.AsInt64() + Vector256.Create(1023L)) << 52).AsDouble();
        // Min/Max would turn NaN into a clamp bound: keep it NaN so that callers fall back to the exact form.
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), e, x);
    }
}
