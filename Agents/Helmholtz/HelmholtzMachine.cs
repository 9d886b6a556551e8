using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ActionPerception.Agents.Numerics;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Helmholtz;

/// <summary>
/// A layered Helmholtz machine of stochastic binary units (section 2 of the reference algorithm).
/// Each pass's weights are a <see cref="WeightMatrix"/>: small, stored input-major and padded to whole vectors, because the
/// hot loop is a few hundred multiply-adds per step, serial from layer to layer, and vector sums over a layer's units
/// (each unit's sum still in the reference's order, so the same bits) are what shortens it.
/// </summary>
public sealed class HelmholtzMachine
{
    private readonly int[] _n;
    private readonly WeightMatrix[] _rec; // Φ_{l→l+1}: n[l+1] × (n[l]+1)
    private readonly WeightMatrix[] _gen; // Θ_{l+1→l}: n[l] × (n[l+1]+1)

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
        _rec = new WeightMatrix[layers - 1];
        _gen = new WeightMatrix[layers - 1];
        for (int l = 0; l < layers - 1; l++)
        {
            _rec[l] = new WeightMatrix(_n[l + 1], _n[l]);
            _gen[l] = new WeightMatrix(_n[l], _n[l + 1]);
        }
        if (initialise && settings.Init == WeightInit.Random)
        {
            var rng = initRandom ?? throw new ArgumentException("A random init needs a seeded random source.", nameof(initRandom));
            // Standard normal weights, zero bias; recognition first, then generative, layer by layer.
            for (int l = 0; l < layers - 1; l++)
            {
                FillGaussianWeights(_rec[l], rng);
                FillGaussianWeights(_gen[l], rng);
            }
        }
    }

    private static void FillGaussianWeights(WeightMatrix w, SeededRandom rng)
    {
        for (int j = 0; j < w.Rows; j++)
            for (int i = 0; i < w.Inputs; i++)
                w[j, i] = rng.Gaussian();
    }

    public MachineSettings Settings { get; }
    public IReadOnlyList<int> Layers => _n;
    public int LayerCount => _n.Length;
    public int VisibleUnits => _n[0];
    public int PatternCount => 1 << _n[0];

    /// <summary>Φ from layer l to l+1 (n[l+1] rows, n[l]+1 columns, bias last). Mutable: owner only.</summary>
    public WeightMatrix Recognition(int l) => _rec[l];
    /// <summary>Θ from layer l+1 to l (n[l] rows, n[l+1]+1 columns, bias last). Mutable: owner only.</summary>
    public WeightMatrix Generative(int l) => _gen[l];

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
            _rec[l].CopyFrom(other._rec[l]);
            _gen[l].CopyFrom(other._gen[l]);
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

    /// <summary>
    /// Every unit's probability of being on, σ(a) = 1/(1 + e^{−a}) with a = W[j,·]·[x;1], into <paramref name="r"/>. Four
    /// units per vector, two vectors side by side: each lane is one unit's sum, the bias first and then every input in
    /// order, a multiply then an add (never fused), as the reference's loop; e^{−a} from <see cref="ExactExp"/> (the bits of
    /// Math.Exp) and the division as the reference sigmoid writes it, so the same bits. <paramref name="r"/> holds
    /// <see cref="WeightMatrix.Stride"/> values, the padding lanes ignored by the callers.
    /// </summary>
    private static void Probabilities(WeightMatrix w, double[] x, Span<double> r)
    {
        int stride = w.Stride;
        if (w.Inputs != x.Length || r.Length < stride)
            throw new ArgumentException($"A {w.Rows} × {w.Columns} weight matrix does not take {x.Length} inputs into {r.Length} probabilities.");
        if (!WeightMatrix.Vectorised)
        {
            for (int j = 0; j < w.Rows; j++) r[j] = 1.0 / (1.0 + ExactExp.Exp(-w.PreActivation(j, x)));
            return;
        }
        ref double rr = ref MemoryMarshal.GetReference(r);
        var one = Vector256<double>.One;
        for (int v = 0; v < stride; v += 4)
            (one / (one + ExactExp.Exp4(-w.Sums(v, x)))).StoreUnsafe(ref rr, (nuint)v);
    }

    /// <summary>
    /// Bottom-up recognition sample of every layer from the visible units already in states[0].
    /// With an <paramref name="active"/> sampler, each hidden layer is chosen by mutual information instead
    /// of Bernoulli sampling; with a <paramref name="tracker"/>, the plain samples update its running counts.
    /// </summary>
    public void Recognize(double[][] states, SeededRandom rng, ActiveSampler? tracker = null, bool active = false)
    {
        Span<double> q = stackalloc double[ExactExp.Padded(MachineSettings.MaxHiddenUnits)];
        for (int l = 0; l <= _n.Length - 3; l++)
        {
            var x = states[l];
            var y = states[l + 1];
            int nOut = _n[l + 1];
            Probabilities(_rec[l], x, q);
            if (active && tracker is not null)
            {
                int c = tracker.Choose(l + 1, q[..nOut], rng);
                for (int j = 0; j < nOut; j++) y[j] = (c >> (nOut - 1 - j)) & 1;
            }
            else
            {
                int c = 0;
                for (int j = 0; j < nOut; j++)
                {
                    int b = rng.Uniform() < q[j] ? 1 : 0;
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
        Span<double> r = stackalloc double[ExactExp.Padded(MachineSettings.MaxVisibleUnits)];
        states[^1][0] = 1.0;
        for (int l = _n.Length - 2; l >= 0; l--)
        {
            var y = states[l];
            Probabilities(_gen[l], states[l + 1], r);
            for (int j = 0; j < y.Length; j++) y[j] = rng.Uniform() < r[j] ? 1 : 0;
        }
    }

    /// <summary>The visible layer's pre-activation Θ_{1→0}[s_1;1] of a dream, shared by the drum layer.</summary>
    public void OutputPreActivation(double[][] states, Span<double> a)
    {
        for (int j = 0; j < _n[0]; j++) a[j] = _gen[0].PreActivation(j, states[1]);
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
                double a = w.PreActivation(j, x);
                // −log σ(a) = softplus(−a) and −log(1−σ(a)) = softplus(a).
                loss += Logistic.Softplus(y[j] > 0.5 ? -a : a);
            }
            errors[l] = loss;
        }
    }

    /// <summary>Local delta rule W -= lr (σ(W[x;1]) − y) xᵀ; returns the cross-entropy when asked.</summary>
    private double DeltaRule(WeightMatrix w, double[] x, double[] y, bool trackLoss)
    {
        double lr = Settings.LearningRate;
        bool bias = Settings.TrainableBiases;
        int nIn = x.Length;
        int nOut = y.Length;
        int stride = w.Stride;
        if (w.Inputs != nIn || w.Rows != nOut)
            throw new ArgumentException($"A {w.Rows} × {w.Columns} weight matrix does not map {nIn} inputs to {nOut} units.");
        Span<double> factors = stackalloc double[ExactExp.Padded(MachineSettings.MaxVisibleUnits)];
        Span<double> offs = stackalloc double[ExactExp.Padded(MachineSettings.MaxVisibleUnits)];
        if (!WeightMatrix.Vectorised) return DeltaRuleScalar(w, x, y, trackLoss, factors, offs);
        ref double d = ref MemoryMarshal.GetArrayDataReference(w.Data);
        ref double xs = ref MemoryMarshal.GetArrayDataReference(x);
        ref double ys = ref MemoryMarshal.GetArrayDataReference(y);
        var lrv = Vector256.Create(lr);
        // Four units at a time, each block whole before the next: its pre-activations (WeightMatrix.Sums), then
        // g = lr (σ(a) − t) with σ = 1/(1 + e) as the scalar expression writes it, then W[j,i] −= g_j x_i (a multiply, then a
        // subtract, never fused). A block's update touches only its own units' weights, so every unit still sees the
        // weights from before the step, and every bit is the row loop's.
        for (int v = 0; v < stride; v += 4)
        {
            var a = w.Sums(v, x);
            var onePlusE = Vector256<double>.One + ExactExp.Exp4(-a);
            // Targets from registers or a whole-vector load (not from four scalar stores, which a vector load would wait on);
            // padding lanes get g = 0, so their weights never move.
            int left = nOut - v;
            Vector256<double> t, inside;
            if (left >= 4) (t, inside) = (Vector256.LoadUnsafe(ref ys, (nuint)v), Vector256<double>.AllBitsSet);
            else
            {
                t = Vector256.Create(Unsafe.Add(ref ys, v), left > 1 ? Unsafe.Add(ref ys, v + 1) : 0, left > 2 ? Unsafe.Add(ref ys, v + 2) : 0, 0);
                inside = Vector256.LessThan(Vector256.Create(0L, 1, 2, 3), Vector256.Create((long)left)).AsDouble();
            }
            var g = lrv * (Vector256<double>.One / onePlusE - t) & inside;
            if (trackLoss)
            {
                // For the loss: 1 + e per unit, and a where the target is 0, +0.0 where it is 1 (a mask, not a branch).
                onePlusE.StoreUnsafe(ref MemoryMarshal.GetReference(factors), (nuint)v);
                (a & Vector256.LessThan(t, Vector256.Create(0.5))).StoreUnsafe(ref MemoryMarshal.GetReference(offs), (nuint)v);
            }
            ref double col = ref Unsafe.Add(ref d, v);
            for (int i = 0; i < nIn; i++)
            {
                (Vector256.LoadUnsafe(ref col) - g * Vector256.Create(Unsafe.Add(ref xs, i))).StoreUnsafe(ref col);
                col = ref Unsafe.Add(ref col, stride);
            }
            if (bias) (Vector256.LoadUnsafe(ref col) - g).StoreUnsafe(ref col);
        }
        return trackLoss ? CrossEntropy(factors[..nOut], offs[..nOut]) : 0;
    }

    /// <summary><see cref="DeltaRule"/> one unit at a time (where vectors are emulated): each unit's lane, in order.</summary>
    private double DeltaRuleScalar(WeightMatrix w, double[] x, double[] y, bool trackLoss, Span<double> factors, Span<double> offs)
    {
        double lr = Settings.LearningRate;
        bool bias = Settings.TrainableBiases;
        int nIn = x.Length, stride = w.Stride;
        var d = w.Data;
        for (int j = 0; j < y.Length; j++)
        {
            double a = w.PreActivation(j, x);
            double onePlusE = 1.0 + ExactExp.Exp(-a);
            factors[j] = onePlusE;
            offs[j] = y[j] < 0.5 ? a : 0.0;
            double g = lr * (1.0 / onePlusE - y[j]);
            for (int i = 0; i < nIn; i++) d[i * stride + j] -= g * x[i];
            if (bias) d[nIn * stride + j] -= g;
        }
        return trackLoss ? CrossEntropy(factors[..y.Length], offs[..y.Length]) : 0;
    }

    /// <summary>
    /// −Σ_j [t_j log σ(a_j) + (1−t_j) log(1−σ(a_j))]: −log σ(a) = log(1 + e^{−a}) when t = 1, and log(1 + e^{−a}) + a when
    /// t = 0. <paramref name="factors"/> holds 1 + e^{−a_j}, <paramref name="offs"/> a_j where t_j = 0 and +0.0 where t_j = 1
    /// (the sum starts at +0.0 and never becomes −0.0, so adding +0.0 leaves its bits). The logs are summed as the log of
    /// one running product, so a layer costs one log, not one per unit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double CrossEntropy(ReadOnlySpan<double> factors, ReadOnlySpan<double> offs)
    {
        double product = 1, logs = 0, linear = 0;
        for (int j = 0; j < factors.Length; j++)
        {
            product *= factors[j];
            linear += offs[j];
            if (product > 1e200) { logs += ExactLog.Log(product); product = 1; }
        }
        return logs + ExactLog.Log(product) + linear;
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
                if (stack[l].FirstUnhealthy(maxMagnitude) is var (row, column, value))
                    return ($"{(pass == 0 ? "generative" : "recognition")}[{l}][{row}][{column}]", value);
        }
        return null;
    }

    /// <summary>True when every weight is finite, whatever its magnitude (<see cref="FirstUnhealthyWeight"/> with no ceiling).</summary>
    public bool AllFinite() => FirstUnhealthyWeight(double.MaxValue) is null;
}
