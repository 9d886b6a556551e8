using System.Runtime.CompilerServices;

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
/// <item>The Helmholtz machine's layers take 1/(1 + e) with e = e^{−a} from <see cref="ExactExp"/>, four units at a time:
/// the same IEEE operations on the same values as <see cref="Sigmoid"/>, so its bits.</item>
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
}
