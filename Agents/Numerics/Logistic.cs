using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ActionPerception.Agents.Numerics;

/// <summary>
/// The logistic function σ(x) = 1/(1+e^{−x}) and its relatives, in one home. The variants are not interchangeable,
/// and each is named by why it exists:
/// <list type="bullet">
/// <item><see cref="Sigmoid"/>: the reference algorithm's form. Seeded draws compare a uniform against it
/// (Helmholtz units, drum hits, a scripted listener's coin), so its bits are part of every seeded log: never rewrite it.</item>
/// <item><see cref="StableSigmoid"/>: for probabilities that may be tiny (the taste posterior's tails), where
/// e^{−x} would overflow for x below about −709 and the plain form would return exactly 0.</item>
/// <item><see cref="Softplus"/> and <see cref="LogSigmoid"/>: log(1+e^z) and log σ(z) without overflow, for losses and log
/// probabilities.</item>
/// <item><see cref="Estimates"/> and <see cref="Draw"/>: a vectorised σ accurate to far better than
/// <see cref="EstimateError"/>, used only to decide u &lt; σ(a); when u is that close to the estimate the decision is taken
/// with <see cref="Sigmoid"/>, so every draw is the one the reference form gives, bit for bit.</item>
/// </list>
/// </summary>
public static class Logistic
{
    /// <summary>σ(x) = 1/(1+e^{−x}) as the reference writes it; the bits seeded draws depend on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>σ(z) that keeps relative precision in the far negative tail (e^z/(1+e^z) there) instead of underflowing to 0 early.</summary>
    public static double StableSigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>log(1 + e^z), written so that neither branch overflows.</summary>
    public static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));

    /// <summary>log σ(z) = −softplus(−z).</summary>
    public static double LogSigmoid(double z) => -Softplus(-z);

    /// <summary>
    /// A bound, with a margin of 40, on |<see cref="Estimates"/> − <see cref="Sigmoid"/>|: σ's absolute error is at most a
    /// quarter of exp's relative error (<see cref="ExpEstimate.RelativeError"/>), plus two roundings: below 2.5e-9.
    /// </summary>
    public const double EstimateError = 1e-7;

    /// <summary>
    /// u &lt; σ(a) decided from an estimate of σ(a): the same answer as <c>u &lt; Sigmoid(a)</c> for every u and a.
    /// Only a u within <see cref="EstimateError"/> of the estimate (or a NaN estimate) needs the exact form; for a uniform u
    /// that is about one draw in 5 million.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Draw(double u, double a, double estimate) =>
        Math.Abs(u - estimate) > EstimateError ? u < estimate : u < Sigmoid(a);

    /// <summary>
    /// Estimates of σ(a[j]) for every j, for deciding draws through <see cref="Draw"/>, never as a probability that is
    /// stored or summed. Lengths must be multiples of 4 (<see cref="ExpEstimate.Padded"/>); padding is computed and ignored.
    /// </summary>
    public static void Estimates(ReadOnlySpan<double> a, Span<double> p)
    {
        if ((a.Length & 3) != 0 || p.Length < a.Length)
            throw new ArgumentException($"Estimates works on whole vectors of 4: got {a.Length} inputs and {p.Length} outputs.");
        ref double src = ref MemoryMarshal.GetReference(a);
        ref double dst = ref MemoryMarshal.GetReference(p);
        for (int j = 0; j < a.Length; j += 4)
        {
            var e = ExpEstimate.Exp4(-Vector256.LoadUnsafe(ref src, (nuint)j));
            (Vector256<double>.One / (Vector256<double>.One + e)).StoreUnsafe(ref dst, (nuint)j);
        }
    }
}
