using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ActionPerception.Agents.Numerics;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Helmholtz;

/// <summary>
/// A layered Helmholtz machine of stochastic binary units (section 2 of the reference algorithm).
/// Weights are kept as small flat row-major arrays, bias in the last column, because the hot loop is a few
/// hundred multiply-adds per step and general matrix objects would cost more than the arithmetic.
/// </summary>
public sealed class HelmholtzMachine
{
    private readonly int[] _n;
    private readonly double[][] _rec; // Φ_{l→l+1}: n[l+1] × (n[l]+1)
    private readonly double[][] _gen; // Θ_{l+1→l}: n[l] × (n[l+1]+1)

    public HelmholtzMachine(MachineSettings settings, SeededRandom? initRandom = null)
        : this(settings, initRandom, initialise: true)
    {
    }

    /// <summary>A machine with all-zero weights whose settings still say how it was first initialised (for loading).</summary>
    internal static HelmholtzMachine Uninitialised(MachineSettings settings) => new(settings, null, initialise: false);

    private HelmholtzMachine(MachineSettings settings, SeededRandom? initRandom, bool initialise)
    {
        settings.Validate();
        Settings = settings;
        _n = settings.Layers.ToArray();
        int layers = _n.Length;
        _rec = new double[layers - 1][];
        _gen = new double[layers - 1][];
        for (int l = 0; l < layers - 1; l++)
        {
            _rec[l] = new double[_n[l + 1] * (_n[l] + 1)];
            _gen[l] = new double[_n[l] * (_n[l + 1] + 1)];
        }
        if (initialise && settings.Init == WeightInit.Random)
        {
            var rng = initRandom ?? throw new ArgumentException("A random init needs a seeded random source.", nameof(initRandom));
            // Standard normal weights, zero bias; recognition first, then generative, layer by layer.
            for (int l = 0; l < layers - 1; l++)
            {
                FillGaussianWeights(_rec[l], _n[l + 1], _n[l], rng);
                FillGaussianWeights(_gen[l], _n[l], _n[l + 1], rng);
            }
        }
    }

    private static void FillGaussianWeights(double[] w, int rows, int inputs, SeededRandom rng)
    {
        for (int j = 0; j < rows; j++)
            for (int i = 0; i < inputs; i++)
                w[j * (inputs + 1) + i] = rng.Gaussian();
    }

    public MachineSettings Settings { get; }
    public IReadOnlyList<int> Layers => _n;
    public int LayerCount => _n.Length;
    public int VisibleUnits => _n[0];
    public int PatternCount => 1 << _n[0];

    /// <summary>Φ from layer l to l+1 (row-major, n[l+1] rows, n[l]+1 columns, bias last). Mutable: owner only.</summary>
    public double[] Recognition(int l) => _rec[l];
    /// <summary>Θ from layer l+1 to l (row-major, n[l] rows, n[l+1]+1 columns, bias last). Mutable: owner only.</summary>
    public double[] Generative(int l) => _gen[l];

    /// <summary>A new array of state vectors, one per layer, the top one set to the constant 1.</summary>
    public double[][] NewStates()
    {
        var s = new double[_n.Length][];
        for (int l = 0; l < _n.Length; l++) s[l] = new double[_n[l]];
        s[^1][0] = 1.0;
        return s;
    }

    public void CopyFrom(HelmholtzMachine other)
    {
        if (!_n.AsSpan().SequenceEqual(other._n)) throw new ArgumentException("Layer sizes differ.", nameof(other));
        for (int l = 0; l < _rec.Length; l++)
        {
            other._rec[l].CopyTo(_rec[l], 0);
            other._gen[l].CopyTo(_gen[l], 0);
        }
    }

    public HelmholtzMachine Clone()
    {
        var m = Uninitialised(Settings);
        m.CopyFrom(this);
        return m;
    }

    /// <summary>Beat k of pattern index p, beat 0 being the most significant bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Beat(int pattern, int beats, int k) => Pattern.Beat(pattern, beats, k);

    public static void PatternToUnits(int pattern, Span<double> units)
    {
        int n = units.Length;
        for (int k = 0; k < n; k++) units[k] = (pattern >> (n - 1 - k)) & 1;
    }

    public static int UnitsToIndex(ReadOnlySpan<double> units)
    {
        int idx = 0;
        foreach (double u in units) idx = (idx << 1) | (u > 0.5 ? 1 : 0);
        return idx;
    }

    /// <summary>Pre-activation of row j: W[j,·]·[x;1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double PreActivation(double[] w, int row, ReadOnlySpan<double> x)
    {
        int stride = x.Length + 1;
        var r = w.AsSpan(row * stride, stride);
        return Dot(ref MemoryMarshal.GetReference(r), ref MemoryMarshal.GetReference(x), x.Length);
    }

    /// <summary>
    /// Bias + Σ_i row[i]·x[i] over a row of n inputs with the bias after them, summed in index order (so the same bits
    /// as the plain loop). The callers have checked the lengths: this is the hot loop, without per-element bounds checks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Dot(ref double row, ref double x, int n)
    {
        double a = Unsafe.Add(ref row, n);
        for (int i = 0; i < n; i++) a += Unsafe.Add(ref row, i) * Unsafe.Add(ref x, i);
        return a;
    }

    /// <summary>
    /// Every row's pre-activation a = W[j,·]·[x;1] into <paramref name="a"/>, each summed in index order as <see cref="Dot"/>
    /// does, so the same bits, and e^{−a} into <paramref name="e"/> (<see cref="ExactExp"/>: the bits of Math.Exp), so that
    /// σ(a) = 1/(1 + e) is the reference sigmoid. Four rows at a time: their sums are independent chains that the processor
    /// runs side by side, and the four sums go to the exp as one vector straight from registers (a vector loaded from four
    /// scalar stores would wait for them to reach the cache). <paramref name="e"/> holds <see cref="ExactExp.Padded"/>(nOut)
    /// values, the padding ignored. Checks the shape once for the unchecked loops.
    /// </summary>
    private static void PreActivations(double[] w, double[] x, int nOut, Span<double> a, Span<double> e)
    {
        int nIn = x.Length, stride = nIn + 1;
        if (w.Length != nOut * stride || a.Length < nOut || e.Length < ExactExp.Padded(nOut))
            throw new ArgumentException($"A weight matrix of {w.Length} entries does not map {nIn} inputs to {nOut} units.");
        ref double xs = ref MemoryMarshal.GetArrayDataReference(x);
        ref double r0 = ref MemoryMarshal.GetArrayDataReference(w);
        ref double es = ref MemoryMarshal.GetReference(e);
        int j = 0;
        for (; j + 4 <= nOut; j += 4)
        {
            ref double r1 = ref Unsafe.Add(ref r0, stride);
            ref double r2 = ref Unsafe.Add(ref r1, stride);
            ref double r3 = ref Unsafe.Add(ref r2, stride);
            double a0 = Unsafe.Add(ref r0, nIn), a1 = Unsafe.Add(ref r1, nIn), a2 = Unsafe.Add(ref r2, nIn), a3 = Unsafe.Add(ref r3, nIn);
            for (int i = 0; i < nIn; i++)
            {
                double xi = Unsafe.Add(ref xs, i);
                a0 += Unsafe.Add(ref r0, i) * xi;
                a1 += Unsafe.Add(ref r1, i) * xi;
                a2 += Unsafe.Add(ref r2, i) * xi;
                a3 += Unsafe.Add(ref r3, i) * xi;
            }
            a[j] = a0; a[j + 1] = a1; a[j + 2] = a2; a[j + 3] = a3;
            ExactExp.Exp4(-Vector256.Create(a0, a1, a2, a3)).StoreUnsafe(ref es, (nuint)j);
            r0 = ref Unsafe.Add(ref r3, stride);
        }
        int left = nOut - j;
        if (left > 0)
        {
            double a0 = Dot(ref r0, ref xs, nIn);
            double a1 = left > 1 ? Dot(ref Unsafe.Add(ref r0, stride), ref xs, nIn) : ExactExp.Padding;
            double a2 = left > 2 ? Dot(ref Unsafe.Add(ref r0, 2 * stride), ref xs, nIn) : ExactExp.Padding;
            a[j] = a0;
            if (left > 1) a[j + 1] = a1;
            if (left > 2) a[j + 2] = a2;
            ExactExp.Exp4(-Vector256.Create(a0, a1, a2, ExactExp.Padding)).StoreUnsafe(ref es, (nuint)j);
        }
    }

    /// <summary>
    /// Bottom-up recognition sample of every layer from the visible units already in states[0].
    /// With an <paramref name="active"/> sampler, each hidden layer is chosen by mutual information instead
    /// of Bernoulli sampling; with a <paramref name="tracker"/>, the plain samples update its running counts.
    /// </summary>
    public void Recognize(double[][] states, SeededRandom rng, ActiveSampler? tracker = null, bool active = false)
    {
        Span<double> a = stackalloc double[MachineSettings.MaxHiddenUnits];
        Span<double> e = stackalloc double[MachineSettings.MaxHiddenUnits];
        Span<double> q = stackalloc double[MachineSettings.MaxHiddenUnits];
        for (int l = 0; l <= _n.Length - 3; l++)
        {
            var x = states[l];
            var y = states[l + 1];
            int nOut = _n[l + 1];
            var w = _rec[l];
            PreActivations(w, x, nOut, a, e);
            if (active && tracker is not null)
            {
                for (int j = 0; j < nOut; j++) q[j] = 1.0 / (1.0 + e[j]);
                int c = tracker.Choose(l + 1, q[..nOut], rng);
                for (int j = 0; j < nOut; j++) y[j] = (c >> (nOut - 1 - j)) & 1;
            }
            else
            {
                int c = 0;
                for (int j = 0; j < nOut; j++)
                {
                    int b = rng.Uniform() < 1.0 / (1.0 + e[j]) ? 1 : 0;
                    y[j] = b;
                    c = (c << 1) | b;
                }
                tracker?.Add(l + 1, c);
            }
        }
    }

    /// <summary>A top-down dream: every layer sampled from the one above, starting from the constant top unit.</summary>
    public void Dream(double[][] states, SeededRandom rng)
    {
        Span<double> a = stackalloc double[MachineSettings.MaxVisibleUnits];
        Span<double> e = stackalloc double[MachineSettings.MaxVisibleUnits];
        states[^1][0] = 1.0;
        for (int l = _n.Length - 2; l >= 0; l--)
        {
            var x = states[l + 1];
            var y = states[l];
            var w = _gen[l];
            int nOut = _n[l];
            PreActivations(w, x, nOut, a, e);
            for (int j = 0; j < nOut; j++) y[j] = rng.Uniform() < 1.0 / (1.0 + e[j]) ? 1 : 0;
        }
    }

    /// <summary>The visible layer's pre-activation Θ_{1→0}[s_1;1] of a dream, shared by the drum layer.</summary>
    public void OutputPreActivation(double[][] states, Span<double> a)
    {
        for (int j = 0; j < _n[0]; j++) a[j] = PreActivation(_gen[0], j, states[1]);
    }

    /// <summary>
    /// Wake phase in Hinton's naming: train the generative weights Θ to predict each layer of a recognition
    /// sample from the layer above. (The original calls this its sleep_update.)
    /// Per-layer losses are added to <paramref name="losses"/> when given (index l: layer l predicted from l+1).
    /// </summary>
    public void Wake(double[][] recognitionSample, Span<double> losses = default)
    {
        bool track = !losses.IsEmpty;
        for (int l = 0; l < _n.Length - 1; l++)
        {
            double loss = DeltaRule(_gen[l], recognitionSample[l + 1], recognitionSample[l], track);
            if (track) losses[l] += loss;
        }
    }

    /// <summary>
    /// Sleep phase in Hinton's naming: train the recognition weights Φ to predict each layer of a dream from
    /// the layer below. Φ into the constant top unit is never used, so it is never trained.
    /// (The original calls this its wake_update.) Loss index l: layer l+1 predicted from l.
    /// </summary>
    public void Sleep(double[][] dream, Span<double> losses = default)
    {
        bool track = !losses.IsEmpty;
        for (int l = 0; l <= _n.Length - 3; l++)
        {
            double loss = DeltaRule(_rec[l], dream[l], dream[l + 1], track);
            if (track) losses[l] += loss;
        }
    }

    /// <summary>
    /// Per-layer prediction errors of a sample without learning (the listener's perception): errors[l] is the
    /// cross-entropy of layer l predicted from layer l+1 by the generative weights,
    /// −Σ_i [y_i log p_i + (1−y_i) log(1−p_i)] with p = σ(Θ_l [s_{l+1};1]), for l = 0 … L−2.
    /// The same quantity <see cref="Wake"/> reports, but the weights are left alone.
    /// </summary>
    public void PredictionErrors(double[][] sample, Span<double> errors)
    {
        if (errors.Length < _n.Length - 1)
            throw new ArgumentException($"errors needs {_n.Length - 1} entries, one per predicted layer.", nameof(errors));
        for (int l = 0; l < _n.Length - 1; l++)
        {
            var w = _gen[l];
            var x = sample[l + 1];
            var y = sample[l];
            double loss = 0;
            for (int j = 0; j < _n[l]; j++)
            {
                double a = PreActivation(w, j, x);
                // −log σ(a) = softplus(−a) and −log(1−σ(a)) = softplus(a).
                loss += Logistic.Softplus(y[j] > 0.5 ? -a : a);
            }
            errors[l] = loss;
        }
    }

    /// <summary>Local delta rule W -= lr (σ(W[x;1]) − y) xᵀ; returns the cross-entropy when asked.</summary>
    private double DeltaRule(double[] w, double[] x, double[] y, bool trackLoss)
    {
        double lr = Settings.LearningRate;
        bool bias = Settings.TrainableBiases;
        int nIn = x.Length;
        int nOut = y.Length;
        // Every row's pre-activation first: row j's update touches row j only, so later rows see the same weights.
        Span<double> pre = stackalloc double[MachineSettings.MaxVisibleUnits];
        Span<double> exps = stackalloc double[MachineSettings.MaxVisibleUnits];
        PreActivations(w, x, nOut, pre, exps);
        ref double row = ref MemoryMarshal.GetArrayDataReference(w);
        ref double xs = ref MemoryMarshal.GetArrayDataReference(x);
        // Cross-entropy of a unit: −log r = log(1+e^{−a}) when y = 1, and log(1+e^{−a}) + a when y = 0.
        // The logs are summed as the log of one running product, so a layer costs one log, not one per unit.
        double product = 1, logs = 0, linear = 0;
        for (int j = 0; j < nOut; j++)
        {
            double a = pre[j];
            double e = exps[j];
            double r = 1.0 / (1.0 + e);
            double t = y[j];
            if (trackLoss)
            {
                product *= 1.0 + e;
                // linear += a where the target is 0, += +0.0 where it is 1 (a mask, not a branch on random bits): linear
                // starts at +0.0 and never becomes −0.0, so adding +0.0 leaves its bits.
                long off = -(long)Unsafe.BitCast<bool, byte>(t < 0.5);
                linear += BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & off);
                if (product > 1e200) { logs += Math.Log(product); product = 1; }
            }
            double g = lr * (r - t);
            // Element by element (a multiply, then a subtract, never fused), so vectors give the scalar loop's bits.
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var gv = Vector256.Create(g);
                for (; i <= nIn - Vector256<double>.Count; i += Vector256<double>.Count)
                    (Vector256.LoadUnsafe(ref row, (nuint)i) - gv * Vector256.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref row, (nuint)i);
            }
            for (; i < nIn; i++) Unsafe.Add(ref row, i) -= g * Unsafe.Add(ref xs, i);
            if (bias) Unsafe.Add(ref row, nIn) -= g;
            row = ref Unsafe.Add(ref row, nIn + 1);
        }
        return trackLoss ? logs + Math.Log(product) + linear : 0;
    }

    /// <summary>
    /// One wake-sleep step on one datum, in the reference order: recognition sample, wake phase,
    /// dream (with the freshly updated Θ), sleep phase.
    /// </summary>
    public void WakeSleepStep(int pattern, double[][] recognition, double[][] dream, SeededRandom rng,
        ActiveSampler? tracker = null, bool active = false, Span<double> wakeLosses = default, Span<double> sleepLosses = default)
    {
        PatternToUnits(pattern, recognition[0]);
        recognition[^1][0] = 1.0;
        Recognize(recognition, rng, tracker, active);
        Wake(recognition, wakeLosses);
        Dream(dream, rng);
        Sleep(dream, sleepLosses);
    }

    /// <summary>
    /// The first weight that is not finite or whose magnitude exceeds <paramref name="maxMagnitude"/>, named as in a
    /// model file ("generative[l][row][column]"); null when every weight is healthy.
    /// </summary>
    public (string Where, double Value)? FirstUnhealthyWeight(double maxMagnitude = Limits.MaxWeight)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            var stack = pass == 0 ? _gen : _rec;
            for (int l = 0; l < stack.Length; l++)
            {
                int cols = pass == 0 ? _n[l + 1] + 1 : _n[l] + 1;
                var w = stack[l];
                for (int k = 0; k < w.Length; k++)
                    if (!(Math.Abs(w[k]) <= maxMagnitude))
                        return ($"{(pass == 0 ? "generative" : "recognition")}[{l}][{k / cols}][{k % cols}]", w[k]);
            }
        }
        return null;
    }

    /// <summary>True when every weight is finite, whatever its magnitude (<see cref="FirstUnhealthyWeight"/> with no ceiling).</summary>
    public bool AllFinite() => FirstUnhealthyWeight(double.MaxValue) is null;
}
