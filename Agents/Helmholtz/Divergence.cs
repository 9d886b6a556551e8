using ActionPerception.Agents.Numerics;

namespace ActionPerception.Agents.Helmholtz;

/// <summary>The divergences the original reports, with its ε = 1e-8 inside the logs.</summary>
public static class Divergence
{
    public const double Epsilon = 1e-8;

    // log(0 + ε) from the same Math.Log, so the sparse side of a KL (most patterns have no data) costs no log.
    private static readonly double LogEpsilon = ExactLog.Log(Epsilon);

    /// <summary>Σ p (log(p+ε) − log(q+ε)): KL(data‖gen) with p = data is the headline convergence figure.</summary>
    public static double KL(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length) throw new ArgumentException("Distributions of different lengths.");
        double kl = 0;
        for (int i = 0; i < p.Length; i++)
            if (p[i] != 0) kl += p[i] * (ExactLog.Log(p[i] + Epsilon) - (q[i] == 0 ? LogEpsilon : ExactLog.Log(q[i] + Epsilon)));
        return kl;
    }

    /// <summary>Entropy in nats with 0·log 0 = 0.</summary>
    public static double Entropy(ReadOnlySpan<double> p)
    {
        double h = 0;
        foreach (double v in p) if (v > 0) h -= v * ExactLog.Log(v);
        return h;
    }
}
