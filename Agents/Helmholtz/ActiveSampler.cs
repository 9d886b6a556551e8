using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ActionPerception.Agents.Numerics;
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
        c.Logs.Clear();
        for (int i = 0; i < c.N; i++)
        {
            c.F[i] = baseCount * unitMarginal[i];
            c.Hf[i] = BernoulliEntropy(unitMarginal[i]);
            c.Unit[2 * i].Clear();
            c.Unit[2 * i + 1].Clear();
        }
        double h = 0;
        for (int s = 0; s < c.G.Length; s++)
        {
            double g = baseCount * stateMarginal[s];
            c.G[s] = g;
            ref var memo = ref c.States[s];
            memo.Clear();
            c.T[s] = memo.XLogX(g) - memo.XLogX(g + 1);
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

    /// <summary><paramref name="ifOne"/> when <paramref name="bit"/> is 1, else <paramref name="ifZero"/>, by a mask (no branch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Select(int bit, double ifOne, double ifZero)
    {
        long mask = -(long)bit;
        return BitConverter.Int64BitsToDouble((BitConverter.DoubleToInt64Bits(ifOne) & mask) | (BitConverter.DoubleToInt64Bits(ifZero) & ~mask));
    }

    /// <summary>Add an observed (sampled or chosen) state to the running counts of hidden layer l.</summary>
    public void Add(int layer, int state)
    {
        var c = Counts(layer);
        double s = c.S;
        // UpdatedEntropy written out with every log taken from the memos: the same operations on the same values in
        // the same order, so the same bits, with about one log per unit instead of four.
        double logS = c.Logs.Log(s), logS1 = c.Logs.Log(s + 1);
        double k = (s + 1) * logS1;
        // Without a branch on the state's bits, which are random: the memo by index, the count by a select, and F + 0.0
        // where the unit is off (F ≥ +0, so adding +0.0 leaves its bits).
        for (int i = 0; i < c.N; i++)
        {
            int on = (state >> (c.N - 1 - i)) & 1;
            ref var memo = ref c.Unit[2 * i + on];
            double f = c.F[i];
            double a = Select(on, f, s - f);
            c.Hf[i] = (s * (c.Hf[i] - logS) + k + memo.XLogX(a) - memo.XLogX(a + 1)) / (s + 1);
            c.F[i] = f + on;
        }
        ref var counts = ref c.States[state];
        double g = c.G[state];
        c.Hg = (s * (c.Hg - logS) + k + counts.XLogX(g) - counts.XLogX(g + 1)) / (s + 1);
        c.G[state] = g + 1;
        c.T[state] = counts.XLogX(g + 1) - counts.XLogX(g + 2);
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
        double logS = c.Logs.Log(s), logS1 = c.Logs.Log(s + 1);
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
            ref var on = ref c.Unit[2 * i + 1];
            ref var off = ref c.Unit[2 * i];
            double hf1 = s * c.Hf[i] * inv + k + (on.XLogX(f) - on.XLogX(f + 1)) * inv;
            double hf0 = s * c.Hf[i] * inv + k + (off.XLogX(s - f) - off.XLogX(s - f + 1)) * inv;
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
        // T·(score − max) per lane is the scalar expression's bits; the padding of the last vector (ExactExp.Padded) holds
        // ExactExp.Padding, set once.
        var x = c.Exponent;
        int st = 0;
        var t = Vector256.Create(_temperature);
        var m = Vector256.Create(max);
        for (; st + 4 <= score.Length; st += 4)
            (t * (Vector256.Create<double>(score.AsSpan(st, 4)) - m)).CopyTo(x.AsSpan(st, 4));
        for (; st < score.Length; st++) x[st] = _temperature * (score[st] - max);
        int chosen = ExpWeightedChoice.Choose(x, score.Length, c.Weight, c.Exps, rng.Uniform());
        Add(layer, chosen);
        return chosen;
    }

    private static double[] PaddedBuffer(int count)
    {
        var buffer = new double[ExactExp.Padded(count)];
        buffer.AsSpan(count).Fill(ExactExp.Padding);
        return buffer;
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
        public readonly double[] Exponent = PaddedBuffer(1 << n); // T·(score − max score) of every state
        public readonly double[] Exps = new double[ExactExp.Padded(1 << n)];
        // Memos of the logs that Add and the scores take again and again: a count grows by one per observation, so
        // the a and a + 1 of one call are usually the a − 1 and a of the next (see CountLogs).
        public readonly CountLogs[] Unit = new CountLogs[2 * n]; // x log x of unit i's off count S − F at 2i, of its on count F at 2i + 1
        public readonly CountLogs[] States = new CountLogs[1 << n];
        public CountLogs Logs = CountLogs.Empty;              // log S
        public double S;
        public double Hg;
    }

    /// <summary>
    /// Two remembered values of x log x (or of log x) keyed by their exact argument. A hit returns the very double a
    /// fresh call would, so results are bit for bit those of computing every log; a miss computes and replaces the
    /// older entry. Keys start as NaN, which equals nothing.
    /// </summary>
    private struct CountLogs
    {
        private double _k0, _v0, _k1, _v1;

        public static CountLogs Empty => new() { _k0 = double.NaN, _k1 = double.NaN };

        public void Clear() => (_k0, _k1) = (double.NaN, double.NaN);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double XLogX(double a)
        {
            if (a == _k0) return _v0;
            if (a == _k1) return _v1;
            return Remember(a, ActiveSampler.XLogX(a));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Log(double a)
        {
            if (a == _k0) return _v0;
            if (a == _k1) return _v1;
            return Remember(a, Math.Log(a));
        }

        private double Remember(double a, double v)
        {
            (_k0, _v0, _k1, _v1) = (_k1, _v1, a, v);
            return v;
        }
    }
}
