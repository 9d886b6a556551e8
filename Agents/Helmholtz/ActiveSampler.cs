using System.Runtime.CompilerServices;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Helmholtz;

/// <summary>
/// Active sampling by mutual information (section 4 of the reference): running counts per hidden layer,
/// and the choice of a hidden state among all 2^n by the score MI(c) = (H_f(c) + H_g(c))/2 − H_q(c).
/// All buffers are allocated once, so a choice allocates nothing.
/// </summary>
public sealed class ActiveSampler
{
    private readonly int[] _n;
    private readonly LayerCounts?[] _layers;
    private readonly double _temperature;

    public ActiveSampler(IReadOnlyList<int> layers, ActiveSamplingSettings settings)
    {
        _n = layers.ToArray();
        _temperature = settings.Temperature;
        _layers = new LayerCounts?[_n.Length];
        for (int l = 1; l <= _n.Length - 2; l++) _layers[l] = new LayerCounts(_n[l]);
    }

    public double Total(int layer) => Counts(layer).S;
    public double CategoryEntropy(int layer) => Counts(layer).Hg;
    public double UnitCount(int layer, int unit) => Counts(layer).F[unit];
    public double CategoryCount(int layer, int state) => Counts(layer).G[state];
    public double UnitEntropy(int layer, int unit) => Counts(layer).Hf[unit];

    private LayerCounts Counts(int layer) =>
        _layers[layer] ?? throw new ArgumentOutOfRangeException(nameof(layer), "Only hidden layers keep counts.");

    /// <summary>Restart the counts of hidden layer l from exact recognition marginals times a base count.</summary>
    public void Reset(int layer, ReadOnlySpan<double> stateMarginal, ReadOnlySpan<double> unitMarginal, double baseCount)
    {
        var c = Counts(layer);
        c.S = baseCount;
        for (int i = 0; i < c.N; i++)
        {
            c.F[i] = baseCount * unitMarginal[i];
            c.Hf[i] = BernoulliEntropy(unitMarginal[i]);
        }
        double h = 0;
        for (int s = 0; s < c.G.Length; s++)
        {
            double g = baseCount * stateMarginal[s];
            c.G[s] = g;
            c.T[s] = XLogX(g) - XLogX(g + 1);
            double p = stateMarginal[s];
            if (p > 0) h -= p * Math.Log(p);
        }
        c.Hg = h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double XLogX(double a) => a > 0 ? a * Math.Log(a) : 0.0; // 0·log 0 = 0 (the original's masked logs left NaNs here)

    public static double BernoulliEntropy(double p) => -(XLogX(p) + XLogX(1 - p));

    /// <summary>
    /// Entropy after one observation joins a category holding <paramref name="a"/> of <paramref name="s"/>:
    /// H' = (s(H − log s) + (s+1) log(s+1) + a log a − (a+1) log(a+1)) / (s+1).
    /// </summary>
    public static double UpdatedEntropy(double h, double s, double a) =>
        (s * (h - Math.Log(s)) + (s + 1) * Math.Log(s + 1) + XLogX(a) - XLogX(a + 1)) / (s + 1);

    /// <summary>Add an observed (sampled or chosen) state to the running counts of hidden layer l.</summary>
    public void Add(int layer, int state)
    {
        var c = Counts(layer);
        double s = c.S;
        for (int i = 0; i < c.N; i++)
        {
            bool on = ((state >> (c.N - 1 - i)) & 1) == 1;
            double a = on ? c.F[i] : s - c.F[i];
            c.Hf[i] = UpdatedEntropy(c.Hf[i], s, a);
            if (on) c.F[i] += 1;
        }
        double g = c.G[state];
        c.Hg = UpdatedEntropy(c.Hg, s, g);
        c.G[state] = g + 1;
        c.T[state] = XLogX(g + 1) - XLogX(g + 2);
        c.S = s + 1;
    }

    /// <summary>The MI score of every state of hidden layer l given unit probabilities q (for tests and plots).</summary>
    public void Scores(int layer, ReadOnlySpan<double> q, Span<double> scores)
    {
        var c = Counts(layer);
        ComputeScores(c, q);
        c.Score.AsSpan().CopyTo(scores);
    }

    private static void ComputeScores(LayerCounts c, ReadOnlySpan<double> q)
    {
        double s = c.S;
        double logS = Math.Log(s), logS1 = Math.Log(s + 1);
        double inv = 1.0 / (s + 1);
        // Every updated entropy is (s·H)/(s+1) + k + (a log a − (a+1) log(a+1))/(s+1).
        double k = (-s * logS + (s + 1) * logS1) * inv;
        double baseSum = 0;
        for (int i = 0; i < c.N; i++)
        {
            double qi = q[i];
            double hq = BernoulliEntropy(qi);
            double hq1 = s * hq * inv + k + (XLogX(qi * s) - XLogX(qi * s + 1)) * inv;
            double hq0 = s * hq * inv + k + (XLogX((1 - qi) * s) - XLogX((1 - qi) * s + 1)) * inv;
            double f = c.F[i];
            double hf1 = s * c.Hf[i] * inv + k + (XLogX(f) - XLogX(f + 1)) * inv;
            double hf0 = s * c.Hf[i] * inv + k + (XLogX(s - f) - XLogX(s - f + 1)) * inv;
            double a0 = 0.5 * hf0 - hq0;
            double a1 = 0.5 * hf1 - hq1;
            baseSum += a0;
            c.Delta[c.N - 1 - i] = a1 - a0; // indexed by bit position (unit 0 is the most significant bit)
        }
        var unitSum = c.UnitSum;
        unitSum[0] = baseSum;
        for (int st = 1; st < unitSum.Length; st++)
        {
            int low = st & -st;
            unitSum[st] = unitSum[st ^ low] + c.Delta[System.Numerics.BitOperations.TrailingZeroCount(low)];
        }
        double hgBase = s * c.Hg * inv + k;
        var score = c.Score;
        for (int st = 0; st < score.Length; st++)
            score[st] = unitSum[st] + 0.5 * (hgBase + c.T[st] * inv);
    }

    /// <summary>
    /// Choose the state of hidden layer l with probability ∝ exp(T·(MI(c) − min MI)), then count it.
    /// The shift by the maximum instead of the minimum gives the same distribution without overflow.
    /// </summary>
    public int Choose(int layer, ReadOnlySpan<double> q, SeededRandom rng)
    {
        var c = Counts(layer);
        ComputeScores(c, q);
        var score = c.Score;
        double max = double.NegativeInfinity;
        foreach (double v in score) if (v > max) max = v;
        double total = 0;
        var w = c.Weight;
        for (int st = 0; st < score.Length; st++)
        {
            total += Math.Exp(_temperature * (score[st] - max));
            w[st] = total;
        }
        double u = rng.Uniform() * total;
        int chosen = score.Length - 1;
        for (int st = 0; st < w.Length; st++)
            if (u < w[st]) { chosen = st; break; }
        Add(layer, chosen);
        return chosen;
    }

    private sealed class LayerCounts(int n)
    {
        public readonly int N = n;
        public readonly double[] F = new double[n];
        public readonly double[] Hf = new double[n];
        public readonly double[] G = new double[1 << n];
        public readonly double[] T = new double[1 << n]; // cached a log a − (a+1) log(a+1) per state
        public readonly double[] Delta = new double[n];
        public readonly double[] UnitSum = new double[1 << n];
        public readonly double[] Score = new double[1 << n];
        public readonly double[] Weight = new double[1 << n];
        public double S;
        public double Hg;
    }
}
