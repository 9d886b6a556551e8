using System.Runtime.Intrinsics;
using ActionPerception.Agents.Numerics;

namespace ActionPerception.Agents.Helmholtz;

/// <summary>The divergences the original reports, with its ε = 1e-8 inside the logs.</summary>
public static class Divergence
{
    public const double Epsilon = 1e-8;

    // log(0 + ε), the same bits as a log taken there, so the sparse side of a KL (most patterns have no data) costs no log.
    private static readonly double LogEpsilon = ExactLog.Log(Epsilon);

    /// <summary>Σ p (log(p+ε) − log(q+ε)): KL(data‖gen) with p = data is the headline convergence figure.</summary>
    public static double KL(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length) throw new ArgumentException("Distributions of different lengths.");
        // The logs four patterns at a time (blocks without data skipped), the sum one pattern at a time in index order,
        // so its bits are those of the scalar loop.
        double kl = 0;
        int i = 0;
        var eps = Vector256.Create(Epsilon);
        for (; i + 4 <= p.Length; i += 4)
        {
            var pv = Vector256.Create(p.Slice(i, 4));
            if (pv == Vector256<double>.Zero) continue;
            var lp = ExactLog.Log4(pv + eps);
            var lq = ExactLog.Log4(Vector256.Create(q.Slice(i, 4)) + eps);
            for (int j = 0; j < 4; j++)
                if (p[i + j] != 0) kl += p[i + j] * (lp[j] - lq[j]);
        }
        for (; i < p.Length; i++)
            if (p[i] != 0) kl += p[i] * (ExactLog.Log(p[i] + Epsilon) - (q[i] == 0 ? LogEpsilon : ExactLog.Log(q[i] + Epsilon)));
        return kl;
    }

    /// <summary>Entropy in nats with 0·log 0 = 0.</summary>
    public static double Entropy(ReadOnlySpan<double> p)
    {
        // v log v four at a time (0 where v ≤ 0, and those are skipped), summed in index order as the scalar loop did.
        double h = 0;
        int i = 0;
        for (; i + 4 <= p.Length; i += 4)
        {
            var x = ExactLog.XLogX4(Vector256.Create(p.Slice(i, 4)));
            for (int j = 0; j < 4; j++)
                if (p[i + j] > 0) h -= x[j];
        }
        for (; i < p.Length; i++)
            if (p[i] > 0) h -= p[i] * ExactLog.Log(p[i]);
        return h;
    }
}
