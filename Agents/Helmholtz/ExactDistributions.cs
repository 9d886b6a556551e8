using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ActionPerception.Agents.Numerics;

namespace ActionPerception.Agents.Helmholtz;

public enum PassDirection
{
    /// <summary>Bottom-up through Φ: P(layer l+1 | layer l).</summary>
    Recognition,
    /// <summary>Top-down through Θ: P(layer l | layer l+1).</summary>
    Generative,
}

/// <summary>
/// Exact marginals of every layer of a Helmholtz machine in both directions (section 3 of the reference),
/// by enumerating the 2^n states of each pass's input layer. State index: unit 0 is the most significant bit.
/// Buffers are owned and reused, so recomputing once per epoch allocates nothing.
/// </summary>
public sealed class ExactDistributions
{
    private readonly int[] _n;
    private readonly double[][] _gen;      // P(state of layer l) under the generative model, l = 0 … L−1
    private readonly double[][] _genUnit;
    private readonly double[][] _rec;      // P(state of layer l) going up from the data, l = 0 … L−2 (l = 0 is the data)
    private readonly double[][] _recUnit;
    private readonly double[] _scratch;
    private readonly double[] _prob;

    public ExactDistributions(IReadOnlyList<int> layers)
    {
        _n = layers.ToArray();
        int L = _n.Length;
        _gen = new double[L][];
        _genUnit = new double[L][];
        _rec = new double[L - 1][];
        _recUnit = new double[L - 1][];
        int max = 0;
        for (int l = 0; l < L; l++)
        {
            _gen[l] = new double[1 << _n[l]];
            _genUnit[l] = new double[_n[l]];
            if (l < L - 1)
            {
                _rec[l] = new double[1 << _n[l]];
                _recUnit[l] = new double[_n[l]];
            }
            max = Math.Max(max, 1 << _n[l]);
        }
        _scratch = new double[max];
        _prob = new double[Batch * ExactExp.Padded(MachineSettings.MaxVisibleUnits)];
        _gen[L - 1][1] = 1.0; // the constant top unit is on
        _genUnit[L - 1][0] = 1.0;
    }

    /// <summary>P over the 2^n_d patterns under the generative model (valid after <see cref="ComputeGenerative"/>).</summary>
    public ReadOnlySpan<double> Patterns => _gen[0];
    public ReadOnlySpan<double> GenerativeMarginal(int layer) => _gen[layer];
    public ReadOnlySpan<double> GenerativeUnitMarginal(int layer) => _genUnit[layer];
    /// <summary>P over the states of layer l ≥ 1 going up from the data (valid after <see cref="ComputeRecognition"/>).</summary>
    public ReadOnlySpan<double> RecognitionMarginal(int layer) => _rec[layer];
    public ReadOnlySpan<double> RecognitionUnitMarginal(int layer) => _recUnit[layer];

    public void ComputeGenerative(HelmholtzMachine m)
    {
        Check(m);
        for (int l = _n.Length - 2; l >= 0; l--)
        {
            Propagate(m.Generative(l), _gen[l + 1], _gen[l]);
            UnitMarginals(_gen[l], _genUnit[l]);
        }
    }

    /// <summary>Up from a distribution over patterns (it must sum to 1) through Φ, for layers 1 … L−2.</summary>
    public void ComputeRecognition(HelmholtzMachine m, ReadOnlySpan<double> data)
    {
        Check(m);
        if (data.Length != _rec[0].Length)
            throw new ArgumentException($"The data distribution has {data.Length} entries; this machine has {_rec[0].Length} patterns.");
        data.CopyTo(_rec[0]);
        UnitMarginals(_rec[0], _recUnit[0]);
        for (int l = 0; l <= _n.Length - 3; l++)
        {
            Propagate(m.Recognition(l), _rec[l], _rec[l + 1]);
            UnitMarginals(_rec[l + 1], _recUnit[l + 1]);
        }
    }

    private void Check(HelmholtzMachine m)
    {
        if (!m.Layers.SequenceEqual(_n)) throw new ArgumentException("This table was made for other layer sizes.");
    }

    private static void UnitMarginals(double[] states, double[] units)
    {
        int n = units.Length;
        if (n > MachineSettings.MaxVisibleUnits || states.Length != 1 << n)
            throw new ArgumentException($"{states.Length} states do not make {n} units.");
        if (!WeightMatrix.Vectorised)
        {
            Array.Clear(units);
            for (int s = 0; s < states.Length; s++)
                for (int i = 0; i < n; i++)
                    if (((s >> (n - 1 - i)) & 1) != 0) units[i] += states[s];
            return;
        }
        // Four units per vector, each lane one unit's sum over the states in index order: p where the unit is on, +0.0
        // where it is off (adding +0.0 leaves a sum of non-negative terms unchanged), so the branching sum bit for bit.
        Span<Vector256<long>> bit = stackalloc Vector256<long>[4];
        Span<Vector256<double>> sum = stackalloc Vector256<double>[4];
        int vectors = (n + 3) / 4;
        for (int k = 0; k < vectors; k++)
        {
            // Lane i of vector k holds unit 4k + i's bit (unit 0 the most significant); padding lanes test no bit.
            long Bit(int i) => 4 * k + i < n ? 1L << (n - 1 - (4 * k + i)) : 0;
            bit[k] = Vector256.Create(Bit(0), Bit(1), Bit(2), Bit(3));
            sum[k] = Vector256<double>.Zero;
        }
        for (int s = 0; s < states.Length; s++)
        {
            double p = states[s];
            if (p == 0) continue;
            var pv = Vector256.Create(p);
            var sv = Vector256.Create((long)s);
            for (int k = 0; k < vectors; k++)
                sum[k] += Vector256.AndNot(pv, Vector256.Equals(sv & bit[k], Vector256<long>.Zero).AsDouble());
        }
        for (int i = 0; i < n; i++) units[i] = sum[i / 4].GetElement(i % 4);
    }

    /// <summary>
    /// pOut(y) = Σ_x pIn(x) Π_j B(y_j | σ(W[x;1])_j). For each x the product table over y is built by doubling,
    /// adding one unit at a time as the new most significant bit so every step is two contiguous vector
    /// multiplies; inputs of probability zero contribute nothing and are skipped.
    /// </summary>
    private void Propagate(WeightMatrix w, double[] pIn, double[] pOut)
    {
        Array.Clear(pOut);
        int nOut = w.Rows, stride = w.Stride;
        var v = _scratch;
        int half = 1 << (nOut - 1);
        // Split down to this unit; the rest are fused in registers below (where 256-bit vectors are native).
        int last = nOut >= FusedUnits + 2 && WeightMatrix.Vectorised ? FusedUnits : 1;
        Span<int> inputs = stackalloc int[Batch];
        // A batch of inputs' probabilities first, then their tables: the probabilities of one input are a short chain of
        // dependent operations (sums, exp, division) that the processor overlaps with those of the next input only when
        // they are not separated by a table's hundreds of stores.
        for (int start = 0; start < pIn.Length;)
        {
            int count = 0;
            for (; start < pIn.Length && count < Batch; start++)
                if (pIn[start] != 0) inputs[count++] = start;
            for (int b = 0; b < count; b++) UnitProbabilities(w, inputs[b], _prob.AsSpan(b * stride, stride));
            for (int b = 0; b < count; b++)
            {
                var p = _prob.AsSpan(b * stride, nOut);
                int len = 1, j = nOut - 1;
                if (Vector512.IsHardwareAccelerated && j - 2 >= last)
                {
                    // The first three units' eight prefixes in one vector, lane k = ((p_in · f_j) · f_{j−1}) · f_{j−2} with the
                    // bits of k choosing p or 1 − p (unit j the lowest): the doubling's products in its order, written with one
                    // store instead of seven scalar ones that the next vector load would have to wait for.
                    double a = p[j], b1 = p[j - 1], c = p[j - 2];
                    double qa = 1.0 - a, qb = 1.0 - b1, qc = 1.0 - c;
                    (Vector512.Create(pIn[inputs[b]]) * Vector512.Create(qa, a, qa, a, qa, a, qa, a)
                        * Vector512.Create(qb, qb, b1, b1, qb, qb, b1, b1) * Vector512.Create(qc, qc, qc, qc, c, c, c, c))
                        .StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(v));
                    len = 8;
                    j -= 3;
                }
                else v[0] = pIn[inputs[b]];
                for (; j >= last; j--)
                {
                    Split(v.AsSpan(0, len), v.AsSpan(len, len), p[j]);
                    len <<= 1;
                }
                if (last == 1) Accumulate(v.AsSpan(0, half), pOut.AsSpan(0, half), pOut.AsSpan(half, half), p[0]);
                else FinishFused(v, len, pOut, p);
            }
        }
    }

    /// <summary>Inputs whose probabilities are computed together (see <see cref="Propagate"/>).</summary>
    private const int Batch = 8;

    /// <summary>
    /// σ(W[x;1]) of every unit for input state x (unit 0 the most significant bit), four units per vector from
    /// <see cref="WeightMatrix.Sums(int, int)"/>. ExactExp gives the bits of Math.Exp, so σ = 1/(1 + e^{−a}) is the
    /// reference sigmoid; padding lanes are ignored.
    /// </summary>
    private static void UnitProbabilities(WeightMatrix w, int x, Span<double> into)
    {
        int stride = w.Stride;
        if (into.Length < stride) throw new ArgumentException($"{into.Length} places for {stride} probabilities.", nameof(into));
        if (!WeightMatrix.Vectorised)
        {
            for (int j = 0; j < w.Rows; j++) into[j] = 1.0 / (1.0 + ExactExp.Exp(-w.PreActivation(j, x)));
            return;
        }
        ref double probs = ref MemoryMarshal.GetReference(into);
        for (int j = 0; j < stride; j += 4)
            (Vector256<double>.One / (Vector256<double>.One + ExactExp.Exp4(-w.Sums(j, x)))).StoreUnsafe(ref probs, (nuint)j);
    }

    /// <summary>The units that <see cref="FinishFused"/> adds in registers: units 3, 2, 1 split and unit 0 accumulated.</summary>
    private const int FusedUnits = 4;

    /// <summary>
    /// The last three splits and the accumulation at once, four prefix products per vector kept in registers: for each
    /// prefix a, out[a's index + bits of units 3, 2, 1, 0] += ((a·f3)·f2)·f1·f0 with f = p or 1 − p, the very products and
    /// sums that <see cref="Split"/> three times and <see cref="Accumulate"/> make, so the same bits, without writing and
    /// reading back the two largest tables of the doubling. <paramref name="len"/> (a multiple of 4) prefixes in v.
    /// </summary>
    private static void FinishFused(double[] v, int len, double[] pOut, ReadOnlySpan<double> p)
    {
        if ((len & 3) != 0 || len * 16 > pOut.Length || len > v.Length || p.Length < FusedUnits)
            throw new ArgumentException($"{len} prefixes cannot be finished into {pOut.Length} states.");
        if (Vector512.IsHardwareAccelerated && (len & 7) == 0) FinishFused512(v, len, pOut, p);
        else FinishFused256(v, len, pOut, p);
    }

    private static void FinishFused256(double[] v, int len, double[] pOut, ReadOnlySpan<double> p)
    {
        var (q3, p3, q2, p2) = (Vector256.Create(1.0 - p[3]), Vector256.Create(p[3]), Vector256.Create(1.0 - p[2]), Vector256.Create(p[2]));
        var (q1, p1, q0, p0) = (Vector256.Create(1.0 - p[1]), Vector256.Create(p[1]), Vector256.Create(1.0 - p[0]), Vector256.Create(p[0]));
        ref double vs = ref MemoryMarshal.GetArrayDataReference(v);
        ref double o = ref MemoryMarshal.GetArrayDataReference(pOut);
        nuint l = (nuint)len;
        for (nuint k = 0; k < l; k += 4)
        {
            var a = Vector256.LoadUnsafe(ref vs, k);
            var t30 = a * q3;
            var t31 = a * p3;
            Quarter(ref o, k, l, t30 * q2, q1, p1, q0, p0);            // unit 3 off, unit 2 off
            Quarter(ref o, k + l, l, t31 * q2, q1, p1, q0, p0);        // unit 3 on,  unit 2 off
            Quarter(ref o, k + 2 * l, l, t30 * p2, q1, p1, q0, p0);    // unit 3 off, unit 2 on
            Quarter(ref o, k + 3 * l, l, t31 * p2, q1, p1, q0, p0);    // unit 3 on,  unit 2 on
        }
    }

    /// <summary>Units 1 and 0 of one prefix product t: out[at + bits] += (t·f1)·f0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quarter(ref double o, nuint at, nuint len, Vector256<double> t, Vector256<double> q1, Vector256<double> p1,
        Vector256<double> q0, Vector256<double> p0)
    {
        var t10 = t * q1;
        var t11 = t * p1;
        nuint half = 8 * len; // unit 0's bit
        (Vector256.LoadUnsafe(ref o, at) + t10 * q0).StoreUnsafe(ref o, at);
        (Vector256.LoadUnsafe(ref o, at + 4 * len) + t11 * q0).StoreUnsafe(ref o, at + 4 * len);
        (Vector256.LoadUnsafe(ref o, at + half) + t10 * p0).StoreUnsafe(ref o, at + half);
        (Vector256.LoadUnsafe(ref o, at + half + 4 * len) + t11 * p0).StoreUnsafe(ref o, at + half + 4 * len);
    }

    /// <summary><see cref="FinishFused256"/> eight prefixes at a time, where 512-bit vectors run at full width.</summary>
    private static void FinishFused512(double[] v, int len, double[] pOut, ReadOnlySpan<double> p)
    {
        var (q3, p3, q2, p2) = (Vector512.Create(1.0 - p[3]), Vector512.Create(p[3]), Vector512.Create(1.0 - p[2]), Vector512.Create(p[2]));
        var (q1, p1, q0, p0) = (Vector512.Create(1.0 - p[1]), Vector512.Create(p[1]), Vector512.Create(1.0 - p[0]), Vector512.Create(p[0]));
        ref double vs = ref MemoryMarshal.GetArrayDataReference(v);
        ref double o = ref MemoryMarshal.GetArrayDataReference(pOut);
        nuint l = (nuint)len;
        for (nuint k = 0; k < l; k += 8)
        {
            var a = Vector512.LoadUnsafe(ref vs, k);
            var t30 = a * q3;
            var t31 = a * p3;
            Quarter(ref o, k, l, t30 * q2, q1, p1, q0, p0);
            Quarter(ref o, k + l, l, t31 * q2, q1, p1, q0, p0);
            Quarter(ref o, k + 2 * l, l, t30 * p2, q1, p1, q0, p0);
            Quarter(ref o, k + 3 * l, l, t31 * p2, q1, p1, q0, p0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quarter(ref double o, nuint at, nuint len, Vector512<double> t, Vector512<double> q1, Vector512<double> p1,
        Vector512<double> q0, Vector512<double> p0)
    {
        var t10 = t * q1;
        var t11 = t * p1;
        nuint half = 8 * len;
        (Vector512.LoadUnsafe(ref o, at) + t10 * q0).StoreUnsafe(ref o, at);
        (Vector512.LoadUnsafe(ref o, at + 4 * len) + t11 * q0).StoreUnsafe(ref o, at + 4 * len);
        (Vector512.LoadUnsafe(ref o, at + half) + t10 * p0).StoreUnsafe(ref o, at + half);
        (Vector512.LoadUnsafe(ref o, at + half + 4 * len) + t11 * p0).StoreUnsafe(ref o, at + half + 4 * len);
    }

    /// <summary>hi = lo·p; lo = lo·(1−p).</summary>
    private static void Split(Span<double> lo, Span<double> hi, double p)
    {
        int i = 0;
        double q = 1.0 - p;
        if (Vector512.IsHardwareAccelerated && lo.Length >= Vector512<double>.Count)
        {
            var vl = MemoryMarshal.Cast<double, Vector512<double>>(lo);
            var vh = MemoryMarshal.Cast<double, Vector512<double>>(hi);
            for (int k = 0; k < vl.Length; k++)
            {
                var a = vl[k];
                vh[k] = a * p;
                vl[k] = a * q;
            }
            i = vl.Length * Vector512<double>.Count;
        }
        else if (Vector.IsHardwareAccelerated && lo.Length >= Vector<double>.Count)
        {
            var vl = MemoryMarshal.Cast<double, Vector<double>>(lo);
            var vh = MemoryMarshal.Cast<double, Vector<double>>(hi);
            for (int k = 0; k < vl.Length; k++)
            {
                var a = vl[k];
                vh[k] = a * p;
                vl[k] = a * q;
            }
            i = vl.Length * Vector<double>.Count;
        }
        for (; i < lo.Length; i++)
        {
            double a = lo[i];
            hi[i] = a * p;
            lo[i] = a * q;
        }
    }

    /// <summary>outLo += v·(1−p); outHi += v·p.</summary>
    private static void Accumulate(ReadOnlySpan<double> v, Span<double> outLo, Span<double> outHi, double p)
    {
        int i = 0;
        double q = 1.0 - p;
        if (Vector512.IsHardwareAccelerated && v.Length >= Vector512<double>.Count)
        {
            var vv = MemoryMarshal.Cast<double, Vector512<double>>(v);
            var vl = MemoryMarshal.Cast<double, Vector512<double>>(outLo);
            var vh = MemoryMarshal.Cast<double, Vector512<double>>(outHi);
            for (int k = 0; k < vv.Length; k++)
            {
                var a = vv[k];
                vl[k] += a * q;
                vh[k] += a * p;
            }
            i = vv.Length * Vector512<double>.Count;
        }
        else if (Vector.IsHardwareAccelerated && v.Length >= Vector<double>.Count)
        {
            var vv = MemoryMarshal.Cast<double, Vector<double>>(v);
            var vl = MemoryMarshal.Cast<double, Vector<double>>(outLo);
            var vh = MemoryMarshal.Cast<double, Vector<double>>(outHi);
            for (int k = 0; k < vv.Length; k++)
            {
                var a = vv[k];
                vl[k] += a * q;
                vh[k] += a * p;
            }
            i = vv.Length * Vector<double>.Count;
        }
        for (; i < v.Length; i++)
        {
            outLo[i] += v[i] * q;
            outHi[i] += v[i] * p;
        }
    }

    /// <summary>
    /// The full conditional table of one pass, row x (state of the pass's input layer), column y:
    /// Recognition l: P(layer l+1 = y | layer l = x); Generative l: P(layer l = y | layer l+1 = x).
    /// Allocates: for analysis and tests, not for the training loop.
    /// </summary>
    public static double[,] ConditionalTable(HelmholtzMachine m, PassDirection direction, int l)
    {
        var n = m.Layers;
        if (l < 0 || l > n.Count - 2) throw new ArgumentOutOfRangeException(nameof(l));
        (WeightMatrix w, int nIn, int nOut) = direction == PassDirection.Recognition
            ? (m.Recognition(l), n[l], n[l + 1])
            : (m.Generative(l), n[l + 1], n[l]);
        var table = new double[1 << nIn, 1 << nOut];
        Span<double> x = stackalloc double[nIn];
        Span<double> p = stackalloc double[nOut];
        for (int xs = 0; xs < 1 << nIn; xs++)
        {
            HelmholtzMachine.PatternToUnits(xs, x);
            for (int j = 0; j < nOut; j++) p[j] = Logistic.Sigmoid(w.PreActivation(j, x));
            for (int ys = 0; ys < 1 << nOut; ys++)
            {
                double prod = 1;
                for (int j = 0; j < nOut; j++)
                    prod *= ((ys >> (nOut - 1 - j)) & 1) != 0 ? p[j] : 1 - p[j];
                table[xs, ys] = prod;
            }
        }
        return table;
    }
}
