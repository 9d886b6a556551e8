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
        }
        // The unit memos start at the counts themselves, padding included (its F stays 0 and its off count is S).
        for (int i = 0; i < c.Padded; i++)
        {
            (c.KeyOn[i], c.ValOn[i]) = (c.F[i], XLogX(c.F[i]));
            double off = baseCount - c.F[i];
            (c.KeyOff[i], c.ValOff[i]) = (off, XLogX(off));
        }
        // The state terms four at a time: every lane is the scalar expression's bits, and the memos start from the values
        // just computed (a memo hit is the bits a fresh log would give). The entropy is summed in state order, as before.
        var x = c.StateLogs;
        int s = 0;
        var b = Vector256.Create(baseCount);
        for (; s + 4 <= c.G.Length; s += 4)
        {
            var p = Vector256.Create<double>(stateMarginal.Slice(s, 4));
            var g = b * p;
            var xg = ExactLog.XLogX4(g);
            var xg1 = ExactLog.XLogX4(g + Vector256<double>.One);
            g.CopyTo(c.G.AsSpan(s, 4));
            (xg - xg1).CopyTo(c.T.AsSpan(s, 4));
            ExactLog.XLogX4(p).CopyTo(x.AsSpan(s, 4));
            for (int j = 0; j < 4; j++) c.States[s + j].Seed(g[j], xg[j], g[j] + 1, xg1[j]);
        }
        for (; s < c.G.Length; s++)
        {
            double g = baseCount * stateMarginal[s];
            c.G[s] = g;
            double xg = XLogX(g), xg1 = XLogX(g + 1);
            c.T[s] = xg - xg1;
            c.States[s].Seed(g, xg, g + 1, xg1);
            x[s] = XLogX(stateMarginal[s]);
        }
        double h = 0;
        for (s = 0; s < c.G.Length; s++)
            if (stateMarginal[s] > 0) h -= x[s]; // p log p, the same bits as the product written here
        c.Hg = h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double XLogX(double a) => ExactLog.XLogX(a); // 0·log 0 = 0 (the original's masked logs left NaNs here)

    public static double BernoulliEntropy(double p) => -(XLogX(p) + XLogX(1 - p));

    /// <summary>
    /// Entropy after one observation joins a category holding <paramref name="a"/> of <paramref name="s"/>:
    /// H' = (s(H − log s) + (s+1) log(s+1) + a log a − (a+1) log(a+1)) / (s+1).
    /// </summary>
    public static double UpdatedEntropy(double h, double s, double a) =>
        (s * (h - ExactLog.Log(s)) + (s + 1) * ExactLog.Log(s + 1) + XLogX(a) - XLogX(a + 1)) / (s + 1);

    /// <summary>Add an observed (sampled or chosen) state to the running counts of hidden layer l.</summary>
    public void Add(int layer, int state)
    {
        var c = Counts(layer);
        double s = c.S;
        // UpdatedEntropy written out: the same operations on the same values in the same order, so the same bits, four
        // units per vector. Without a branch on the state's bits, which are random: a unit's count by a select, and
        // F + 0.0 where the unit is off (F ≥ +0, so adding +0.0 leaves its bits).
        double logS = c.Logs.Log(s), logS1 = c.Logs.Log(s + 1);
        var vs = Vector256.Create(s);
        var vlogS = Vector256.Create(logS);
        var k = Vector256.Create((s + 1) * logS1);
        var vs1 = Vector256.Create(s + 1);
        var bits = Vector256.Create((ulong)state);
        for (int i = 0; i < c.Padded; i += 4)
        {
            var on = ~Vector256.Equals(bits & Load(c.Bit, i), Vector256<ulong>.Zero).AsDouble();
            var f = Load(c.F, i);
            var a = Vector256.ConditionalSelect(on, f, vs - f);
            var a1 = a + Vector256<double>.One;
            var known = Vector256.ConditionalSelect(on, Load(c.KeyOn, i), Load(c.KeyOff, i));
            var xa = Vector256.EqualsAll(known, a) ? Vector256.ConditionalSelect(on, Load(c.ValOn, i), Load(c.ValOff, i)) : ExactLog.XLogX4(a);
            var xa1 = ExactLog.XLogX4(a1);
            ((vs * (Load(c.Hf, i) - vlogS) + k + xa - xa1) / vs1).StoreUnsafe(ref c.Hf[0], (nuint)i);
            (f + (on & Vector256<double>.One)).StoreUnsafe(ref c.F[0], (nuint)i);
            // This side's count is now a + 1: the next observation of the same side starts from it.
            Vector256.ConditionalSelect(on, a1, Load(c.KeyOn, i)).StoreUnsafe(ref c.KeyOn[0], (nuint)i);
            Vector256.ConditionalSelect(on, xa1, Load(c.ValOn, i)).StoreUnsafe(ref c.ValOn[0], (nuint)i);
            Vector256.ConditionalSelect(on, Load(c.KeyOff, i), a1).StoreUnsafe(ref c.KeyOff[0], (nuint)i);
            Vector256.ConditionalSelect(on, Load(c.ValOff, i), xa1).StoreUnsafe(ref c.ValOff[0], (nuint)i);
        }
        ref var counts = ref c.States[state];
        double g = c.G[state];
        c.Hg = (s * (c.Hg - logS) + (s + 1) * logS1 + counts.XLogX(g) - counts.XLogX(g + 1)) / (s + 1);
        c.G[state] = g + 1;
        c.T[state] = counts.XLogX(g + 1) - counts.XLogX(g + 2);
        c.S = s + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Load(double[] a, int i) => Vector256.LoadUnsafe(ref a[0], (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Load(ulong[] a, int i) => Vector256.LoadUnsafe(ref a[0], (nuint)i);

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
        // Every updated entropy is (s·H)/(s+1) + k + (a log a − (a+1) log(a+1))/(s+1), four units per vector with the
        // scalar expression's operations in its order; the padding units (q = ½, F = 0) are computed and never read.
        double k = (-s * logS + (s + 1) * logS1) * inv;
        q.CopyTo(c.Q);
        var vs = Vector256.Create(s);
        var vinv = Vector256.Create(inv);
        var vk = Vector256.Create(k);
        var one = Vector256<double>.One;
        var half = Vector256.Create(0.5);
        for (int i = 0; i < c.Padded; i += 4)
        {
            var qi = Load(c.Q, i);
            var hq = -(ExactLog.XLogX4(qi) + ExactLog.XLogX4(one - qi));
            var hqBase = vs * hq * vinv + vk;
            var qs = qi * vs;
            var q0s = (one - qi) * vs;
            var hq1 = hqBase + (ExactLog.XLogX4(qs) - ExactLog.XLogX4(qs + one)) * vinv;
            var hq0 = hqBase + (ExactLog.XLogX4(q0s) - ExactLog.XLogX4(q0s + one)) * vinv;
            var f = Load(c.F, i);
            var off = vs - f;
            var xf = Vector256.EqualsAll(Load(c.KeyOn, i), f) ? Load(c.ValOn, i) : ExactLog.XLogX4(f);
            var xoff = Vector256.EqualsAll(Load(c.KeyOff, i), off) ? Load(c.ValOff, i) : ExactLog.XLogX4(off);
            var hfBase = vs * Load(c.Hf, i) * vinv + vk;
            var hf1 = hfBase + (xf - ExactLog.XLogX4(f + one)) * vinv;
            var hf0 = hfBase + (xoff - ExactLog.XLogX4(off + one)) * vinv;
            var a0 = half * hf0 - hq0;
            a0.StoreUnsafe(ref c.A0[0], (nuint)i);
            (half * hf1 - hq1 - a0).StoreUnsafe(ref c.D[0], (nuint)i);
        }
        double baseSum = 0;
        for (int i = 0; i < c.N; i++)
        {
            baseSum += c.A0[i]; // in unit order, as the scalar loop summed
            c.Delta[c.N - 1 - i] = c.D[i]; // indexed by bit position (unit 0 is the most significant bit)
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
        int chosen = ExpWeightedChoice.Choose(x, score.Length, c.Exps, rng.Uniform());
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
        public readonly int Padded = ExactExp.Padded(n); // the per-unit arrays hold whole vectors of 4
        public readonly double[] F = new double[ExactExp.Padded(n)];
        public readonly double[] Hf = new double[ExactExp.Padded(n)];
        public readonly ulong[] Bit = UnitBits(n); // unit i's bit of a state (0 in the padding: those units are off)
        public readonly double[] Q = PaddedWith(n, 0.5); // the unit probabilities of a choice
        public readonly double[] A0 = new double[ExactExp.Padded(n)];
        public readonly double[] D = new double[ExactExp.Padded(n)];
        // x log x at each unit's on count F and off count S − F, keyed by the exact count it was taken at (seeded by Reset):
        // a count grows by one per observation of its side, so one observation's a + 1 is usually the next one's a.
        public readonly double[] KeyOn = new double[ExactExp.Padded(n)];
        public readonly double[] ValOn = new double[ExactExp.Padded(n)];
        public readonly double[] KeyOff = new double[ExactExp.Padded(n)];
        public readonly double[] ValOff = new double[ExactExp.Padded(n)];
        public readonly double[] G = new double[1 << n];
        public readonly double[] T = new double[1 << n]; // cached a log a − (a+1) log(a+1) per state
        public readonly double[] StateLogs = new double[1 << n]; // p log p of the state marginals, for Reset's entropy
        public readonly double[] Delta = new double[n];
        public readonly double[] UnitSum = new double[1 << n];
        public readonly double[] Score = new double[1 << n];
        public readonly double[] Exponent = PaddedBuffer(1 << n); // T·(score − max score) of every state
        public readonly double[] Exps = new double[ExactExp.Padded(1 << n)];
        // Memos of the state counts' x log x, which Add takes again and again (see CountLogs).
        public readonly CountLogs[] States = new CountLogs[1 << n];
        public CountLogs Logs = CountLogs.Empty;              // log S
        public double S;
        public double Hg;

        private static ulong[] UnitBits(int n)
        {
            var bits = new ulong[ExactExp.Padded(n)];
            for (int i = 0; i < n; i++) bits[i] = 1UL << (n - 1 - i);
            return bits;
        }

        private static double[] PaddedWith(int n, double padding)
        {
            var a = new double[ExactExp.Padded(n)];
            a.AsSpan(n).Fill(padding);
            return a;
        }
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

        /// <summary>Start from two values already computed (the older first).</summary>
        public void Seed(double k0, double v0, double k1, double v1) => (_k0, _v0, _k1, _v1) = (k0, v0, k1, v1);

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
            return Remember(a, ExactLog.Log(a));
        }

        private double Remember(double a, double v)
        {
            (_k0, _v0, _k1, _v1) = (_k1, _v1, a, v);
            return v;
        }
    }
}
