using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace ActionPerception.Agents.Tastes.Posterior;

/// <summary>
/// What a listener likes, inferred from its likes and dislikes: Bayesian logistic regression
/// P(like | x) = σ(φ(x)ᵀw) with the prior w ~ N(0, σ²I), kept Gaussian N(m, S) by the Jaakkola–Jordan variational
/// bound (Jaakkola &amp; Jordan 2000; the maths in docs/taste-posterior.md):
/// <code>
///   S⁻¹ = σ⁻²I + 2 Σ_i λ(ξ_i) φ_i φ_iᵀ,   m = S Σ_i (y_i − ½) φ_i,   ξ_i² = φ_iᵀ(S + m mᵀ)φ_i,   λ(ξ) = tanh(ξ/2) / (4ξ).
/// </code>
/// The updates are closed form, written out here with MathNet's Cholesky: Infer.NET, which would have done this
/// for us, is not available to this project. Silence is not evidence: only likes and dislikes are observed.
/// Not thread-safe; one owner updates and reads it.
/// </summary>
/// <remarks>
/// The optimal ξ_i depends on the datum only through φ_i, so every judgement of the same pattern shares one ξ.
/// The posterior therefore keeps one slot per distinct judged pattern (its total of judgements, ξ and λ(ξ), and the
/// nonzeros of φ; likes are counted once overall, not per slot) rather than one per judgement: exactly the same answer,
/// and a sweep costs the distinct patterns (at most 2^n), not the judgements.
/// </remarks>
public sealed class TastePosterior
{
    /// <summary>z of the central 90 % interval of a Gaussian.</summary>
    public const double Z90 = 1.6448536269514722;

    private readonly int _d;
    private readonly double _priorPrecision;
    private readonly int[] _slotOf;                // pattern → slot, −1 when never judged
    private readonly List<TasteJudgement> _history = [];
    // Per slot (distinct judged pattern): its judgements, ξ and λ(ξ), and the nonzeros of φ.
    private int[] _slotTotal = new int[16];
    private double[] _xi = new double[16];
    private double[] _lambda = new double[16];
    private int[] _nnz = new int[16];
    private int[] _nzIndex;
    private double[] _nzValue;
    private int _slots, _likes;

    private readonly DenseMatrix _precision, _covariance, _identity;
    private readonly DenseVector _b, _mean;
    private readonly Cholesky<double> _cholesky;
    private TastePrediction[]? _all; // reused by Summarize, TopPatterns and PredictProbabilities

    public TastePosterior(int beats, TastePosteriorSettings? settings = null)
    {
        Settings = settings ?? new TastePosteriorSettings();
        Settings.Validate();
        Features = new TasteFeatureSet(beats, Settings.Features);
        _d = Features.Dimension;
        _priorPrecision = 1.0 / Settings.PriorVariance;
        _slotOf = new int[Features.PatternCount];
        _nzIndex = new int[16 * _d];
        _nzValue = new double[16 * _d];
        _precision = new DenseMatrix(_d, _d);
        _covariance = new DenseMatrix(_d, _d);
        _identity = DenseMatrix.CreateIdentity(_d);
        _b = new DenseVector(_d);
        _mean = new DenseVector(_d);
        _cholesky = DenseMatrix.CreateIdentity(_d).Cholesky();
        Reset();
    }

    /// <summary>A posterior rebuilt from judgements at once, its ξ iterated to convergence (at most <see cref="TastePosteriorSettings.BatchSweeps"/> sweeps).</summary>
    public static TastePosterior FromJudgements(int beats, IEnumerable<TasteJudgement> judgements, TastePosteriorSettings? settings = null)
    {
        var p = new TastePosterior(beats, settings);
        foreach (var j in judgements) p.Add(j, initialXi: 1);
        // The prototype's batch form: S and m from ξ = 1 everywhere, then alternate ξ and (S, m) to convergence.
        p.RebuildPrecision();
        p.Solve();
        p.Refine(p.Settings.BatchSweeps);
        return p;
    }

    public TastePosteriorSettings Settings { get; }
    public TasteFeatureSet Features { get; }
    public int Beats => Features.Beats;
    /// <summary>Judgements observed.</summary>
    public int Count => _history.Count;
    public int Likes => _likes;
    public int Dislikes => Count - _likes;
    /// <summary>Distinct patterns judged, hence the ξ a sweep re-estimates.</summary>
    public int DistinctPatterns => _slots;
    /// <summary>The judgements in the order observed.</summary>
    public IReadOnlyList<TasteJudgement> Judgements => _history;
    /// <summary>m, the posterior mean of the weights, in the order of <see cref="TasteFeatureSet.Names"/>.</summary>
    public ReadOnlySpan<double> Mean => _mean.Values;
    /// <summary>S, the posterior covariance of the weights (a copy).</summary>
    public Matrix<double> Covariance => _covariance.Clone();

    /// <summary>
    /// The posterior as it is now, immutable: a copy of m and S (d + d² numbers), for a reader on another thread
    /// (synthesis, the niche) that must never see this posterior change under it.
    /// </summary>
    public TastePosteriorSnapshot Snapshot() => new(Features, Count, _mean.Values, _covariance.Values);

    /// <summary>Back to the prior N(0, σ²I), forgetting every judgement.</summary>
    public void Reset()
    {
        Array.Fill(_slotOf, -1);
        _history.Clear();
        _slots = 0;
        _likes = 0;
        _b.Clear();
        RebuildPrecision();
        Solve();
    }

    /// <summary>
    /// One like or dislike, in closed form: its term joins S⁻¹ and Σ(y − ½)φ with ξ from the current posterior,
    /// then <see cref="TastePosteriorSettings.Sweeps"/> sweeps re-estimate the ξ of every judged pattern.
    /// </summary>
    public void Observe(int pattern, bool like)
    {
        var j = new TasteJudgement(pattern, like);
        int slot = Add(j, initialXi: null);
        // The datum's own term, added to the precision without a rebuild: 2λ(ξ) φφᵀ.
        AddOuter(slot, 2 * _lambda[slot]);
        Solve();
        Refine(Settings.Sweeps);
    }

    public void Observe(TasteJudgement judgement) => Observe(judgement.Pattern, judgement.Like);

    /// <summary>
    /// Up to <paramref name="maxSweeps"/> further sweeps (ξ re-estimated for every judged pattern, then S and m
    /// re-solved), stopping early once no ξ moves by more than <paramref name="tolerance"/>; returns the sweeps made.
    /// </summary>
    public int Refine(int maxSweeps, double tolerance = 1e-10)
    {
        if (_slots == 0) return 0;
        for (int s = 1; s <= maxSweeps; s++)
        {
            double moved = 0;
            for (int k = 0; k < _slots; k++)
            {
                var (q, mu) = Quadratic(_nzIndex.AsSpan(k * _d, _nnz[k]), _nzValue.AsSpan(k * _d, _nnz[k]));
                double xi = Math.Sqrt(q + mu * mu);
                moved = Math.Max(moved, Math.Abs(xi - _xi[k]));
                _xi[k] = xi;
                _lambda[k] = Lambda(xi);
            }
            RebuildPrecision();
            Solve();
            if (moved <= tolerance) return s;
        }
        return maxSweeps;
    }

    /// <summary>The posterior predictive of one pattern.</summary>
    public TastePrediction Predict(int pattern)
    {
        Span<int> index = stackalloc int[_d];
        Span<double> value = stackalloc double[_d];
        int nz = Features.NonZeros(pattern, index, value);
        var (q, mu) = Quadratic(index[..nz], value[..nz]);
        return Prediction(pattern, mu, Math.Sqrt(Math.Max(q, 0)));
    }

    /// <summary>The predictive of every pattern, index order, into <paramref name="into"/> (length 2^n); allocates nothing.</summary>
    public void PredictAll(Span<TastePrediction> into)
    {
        if (into.Length != Features.PatternCount)
            throw new ArgumentException($"{into.Length} places for {Features.PatternCount} patterns.", nameof(into));
        Span<int> index = stackalloc int[_d];
        Span<double> value = stackalloc double[_d];
        for (int p = 0; p < into.Length; p++)
        {
            int nz = Features.NonZeros(p, index, value);
            var (q, mu) = Quadratic(index[..nz], value[..nz]);
            into[p] = Prediction(p, mu, Math.Sqrt(Math.Max(q, 0)));
        }
    }

    /// <summary>
    /// The predictive P(like) (<see cref="TastePrediction.Probability"/>) of every pattern, index order, into
    /// <paramref name="into"/> (length 2^n): <see cref="PredictAll(Span{TastePrediction})"/> into the posterior's own
    /// reused buffer, so it allocates nothing after the first call.
    /// </summary>
    public void PredictProbabilities(Span<double> into)
    {
        if (into.Length != Features.PatternCount)
            throw new ArgumentException($"{into.Length} places for {Features.PatternCount} patterns.", nameof(into));
        var all = Predictions();
        for (int p = 0; p < into.Length; p++) into[p] = all[p].Probability;
    }

    /// <summary>The predictive of every pattern, index order (a new array).</summary>
    public TastePrediction[] PredictAll()
    {
        var all = new TastePrediction[Features.PatternCount];
        PredictAll(all);
        return all;
    }

    /// <summary>The <paramref name="k"/> patterns with the highest predictive P(like), ties by index.</summary>
    public IReadOnlyList<TastePrediction> TopPatterns(int k)
    {
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), "k must be ≥ 0.");
        var all = Predictions();
        return all.OrderByDescending(p => p.Probability).ThenBy(p => p.Pattern).Take(k).ToArray();
    }

    /// <summary>Each feature's weight: mean, sd and 90 % interval, in feature order.</summary>
    public IReadOnlyList<TasteWeight> Weights()
    {
        var w = new TasteWeight[_d];
        for (int i = 0; i < _d; i++)
        {
            double m = _mean[i], sd = Math.Sqrt(_covariance[i, i]);
            w[i] = new TasteWeight(Features.Names[i], m, sd, m - Z90 * sd, m + Z90 * sd);
        }
        return w;
    }

    public TastePosteriorSummary Summarize()
    {
        var all = Predictions();
        int top = 0;
        double sum = 0, entropy = 0;
        for (int p = 0; p < all.Length; p++)
        {
            double pr = all[p].Probability;
            if (pr > all[top].Probability) top = p;
            sum += pr;
            entropy += BinaryEntropyBits(pr);
        }
        return new TastePosteriorSummary(Count, Likes, Dislikes, DistinctPatterns, top, Features.BeatString(top),
            all[top].Probability, sum / all.Length, entropy / all.Length);
    }

    /// <summary>λ(ξ) = tanh(ξ/2) / (4ξ), with its limit 1/8 at ξ → 0 (series to ξ⁴ below 1e-4, where it is exact in doubles).</summary>
    public static double Lambda(double xi)
    {
        xi = Math.Abs(xi);
        if (xi < 1e-4) return 0.125 - xi * xi / 96;
        return Math.Tanh(0.5 * xi) / (4 * xi);
    }

    private static double BinaryEntropyBits(double p) =>
        p <= 0 || p >= 1 ? 0 : -(p * Math.Log2(p) + (1 - p) * Math.Log2(1 - p));

    internal static TastePrediction Prediction(int pattern, double mu, double s) =>
        new(pattern, Logistic.StableSigmoid(mu / Math.Sqrt(1 + Math.PI * s * s / 8)), Logistic.StableSigmoid(mu - Z90 * s), Logistic.StableSigmoid(mu + Z90 * s), mu, s);

    private TastePrediction[] Predictions()
    {
        _all ??= new TastePrediction[Features.PatternCount];
        PredictAll(_all);
        return _all;
    }

    /// <summary>Records a judgement in its pattern's slot and in Σ(y − ½)φ; returns the slot. The precision is the caller's.</summary>
    private int Add(TasteJudgement j, double? initialXi)
    {
        if ((uint)j.Pattern >= (uint)Features.PatternCount)
            throw new ArgumentOutOfRangeException(nameof(j), $"pattern {j.Pattern} is not an index of a {Beats}-beat pattern (0..{Features.PatternCount - 1}).");
        int slot = _slotOf[j.Pattern];
        if (slot < 0)
        {
            slot = NewSlot(j.Pattern);
            // A new pattern's ξ starts where the current posterior puts it, the fixed point a sweep would move it to.
            _xi[slot] = initialXi ?? InitialXi(slot);
            _lambda[slot] = Lambda(_xi[slot]);
        }
        _slotTotal[slot]++;
        if (j.Like) _likes++;
        _history.Add(j);
        double half = j.Like ? 0.5 : -0.5;
        var b = _b.Values;
        for (int a = 0, o = slot * _d; a < _nnz[slot]; a++) b[_nzIndex[o + a]] += half * _nzValue[o + a];
        return slot;
    }

    /// <summary>ξ of a slot under the current posterior: √(φᵀ(S + m mᵀ)φ).</summary>
    private double InitialXi(int slot)
    {
        var (q, mu) = Quadratic(_nzIndex.AsSpan(slot * _d, _nnz[slot]), _nzValue.AsSpan(slot * _d, _nnz[slot]));
        return Math.Sqrt(q + mu * mu);
    }

    private int NewSlot(int pattern)
    {
        if (_slots == _slotTotal.Length)
        {
            int cap = 2 * _slots;
            Array.Resize(ref _slotTotal, cap);
            Array.Resize(ref _xi, cap); Array.Resize(ref _lambda, cap); Array.Resize(ref _nnz, cap);
            Array.Resize(ref _nzIndex, cap * _d); Array.Resize(ref _nzValue, cap * _d);
        }
        int s = _slots++;
        _slotOf[pattern] = s;
        _slotTotal[s] = 0;
        _nnz[s] = Features.NonZeros(pattern, _nzIndex.AsSpan(s * _d, _d), _nzValue.AsSpan(s * _d, _d));
        return s;
    }

    /// <summary>S⁻¹ = σ⁻²I + 2 Σ_slots total·λ(ξ) φφᵀ from scratch, so rounding never accumulates over updates.</summary>
    private void RebuildPrecision()
    {
        _precision.Clear();
        for (int i = 0; i < _d; i++) _precision[i, i] = _priorPrecision;
        for (int k = 0; k < _slots; k++) AddOuter(k, 2 * _slotTotal[k] * _lambda[k]);
    }

    /// <summary>precision += c · φφᵀ for a slot's φ, over its nonzeros only.</summary>
    private void AddOuter(int slot, double c)
    {
        var p = _precision.Values; // column-major
        int o = slot * _d, nz = _nnz[slot];
        for (int a = 0; a < nz; a++)
        {
            double ca = c * _nzValue[o + a];
            int col = _nzIndex[o + a] * _d;
            for (int e = 0; e < nz; e++) p[col + _nzIndex[o + e]] += ca * _nzValue[o + e];
        }
    }

    /// <summary>m and S from the precision, by its Cholesky factor.</summary>
    private void Solve()
    {
        if (_slots == 0)
        {
            // Set, not solved: a posterior on no judgements is the prior exactly, with no rounding of 1/(1/σ²).
            _mean.Clear();
            _covariance.Clear();
            for (int i = 0; i < _d; i++) _covariance[i, i] = Settings.PriorVariance;
            return;
        }
        _cholesky.Factorize(_precision);
        _cholesky.Solve(_b, _mean);
        _cholesky.Solve(_identity, _covariance);
    }

    /// <summary>(φᵀSφ, φᵀm) over the nonzeros of φ.</summary>
    private (double Quad, double Mu) Quadratic(ReadOnlySpan<int> index, ReadOnlySpan<double> value) =>
        Quadratic(_covariance.Values, _mean.Values, _d, index, value);

    /// <summary>(φᵀSφ, φᵀm) over the nonzeros of φ, for S column-major d×d: shared with <see cref="TastePosteriorSnapshot"/>.</summary>
    internal static (double Quad, double Mu) Quadratic(ReadOnlySpan<double> s, ReadOnlySpan<double> m, int d, ReadOnlySpan<int> index, ReadOnlySpan<double> value)
    {
        double q = 0, mu = 0;
        for (int a = 0; a < index.Length; a++)
        {
            int col = index[a] * d;
            double row = 0;
            for (int e = 0; e < index.Length; e++) row += s[col + index[e]] * value[e];
            q += value[a] * row;
            mu += value[a] * m[index[a]];
        }
        return (q, mu);
    }
}
