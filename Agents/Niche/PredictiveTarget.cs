using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes.Posterior;

namespace ActionPerception.Agents.Niche;

/// <summary>
/// The predictive niche: a target over all 2^n patterns built from the taste posterior, so that a pattern never
/// heard can enter what the generator trains toward (the counts give it zero weight forever). With
/// <see cref="TargetShape.Flat"/> the target is uniform over S = {x : upper end of the 90 % interval of
/// P(like | x) ≥ τ}, or over the k most likely patterns when |S| &lt; k; with <see cref="TargetShape.Power"/>,
/// q ∝ P(like)^β. Before any judgement it is uniform, so a loop without judgements stays at chance.
/// </summary>
/// <remarks>
/// One owner refreshes and draws (the training loop); refresh from a <see cref="TastePosteriorSnapshot"/> when the
/// posterior lives on another thread. All buffers are made once: <see cref="Refresh(ReadOnlySpan{TastePrediction}, int)"/>
/// and <see cref="BuildEpoch(int, SeededRandom, Span{int})"/> allocate nothing.
/// </remarks>
public sealed class PredictiveTarget : IEpochSource
{
    private readonly double[] _target, _cumulative, _keys;
    private readonly int[] _order;
    private readonly TastePrediction[] _predictions;
    private int _last; // the last pattern with mass: a draw never lands past it

    public PredictiveTarget(int beats, PredictiveSettings? settings = null)
    {
        if (beats < 1 || beats > 16) throw new ArgumentException($"the predictive target needs 1 … 16 beats (got {beats}).");
        Settings = settings ?? new PredictiveSettings();
        Settings.Validate();
        PatternLength = beats;
        PatternCount = 1 << beats;
        _target = new double[PatternCount];
        _cumulative = new double[PatternCount];
        _keys = new double[PatternCount];
        _order = new int[PatternCount];
        _predictions = new TastePrediction[PatternCount];
        Reset();
    }

    public PredictiveSettings Settings { get; }
    public int PatternLength { get; }
    public int PatternCount { get; }
    /// <summary>q, the target over all patterns (sums to 1).</summary>
    public ReadOnlySpan<double> Target => _target;
    /// <summary>Judgements of the posterior the target was last built from (0: the uniform start).</summary>
    public int Judgements { get; private set; }
    /// <summary>|S|: patterns whose upper 90 % end of P(like) reached the threshold at the last refresh (all of them before any judgement).</summary>
    public int OptimisticSetSize { get; private set; }
    /// <summary>Patterns with mass in the target.</summary>
    public int Support { get; private set; }
    /// <summary>True when the flat target fell back to the k most likely patterns because |S| &lt; k.</summary>
    public bool FellBack { get; private set; }
    /// <summary>Refreshes so far (for the log and tests).</summary>
    public long Refreshes { get; private set; }

    /// <summary>Back to the uniform target of no judgements.</summary>
    public void Reset()
    {
        Array.Fill(_target, 1.0 / PatternCount);
        Judgements = 0;
        OptimisticSetSize = Support = PatternCount;
        FellBack = false;
        Accumulate();
    }

    /// <summary>The target from a posterior (its predictive of every pattern, into a buffer this target owns).</summary>
    public void Refresh(TastePosterior posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        CheckBeats(posterior.Beats);
        posterior.PredictAll(_predictions);
        Refresh(_predictions, posterior.Count);
    }

    /// <summary>The target from a published posterior snapshot (a reader on another thread).</summary>
    public void Refresh(TastePosteriorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        CheckBeats(snapshot.Beats);
        snapshot.PredictAll(_predictions);
        Refresh(_predictions, snapshot.Judgements);
    }

    /// <summary>
    /// The target from the predictive of every pattern (index order) of a posterior resting on
    /// <paramref name="judgements"/> judgements. With none the target is uniform whatever the predictions say: the
    /// prior's intervals already cover τ for every pattern at the default σ² = 4, and a smaller prior variance must
    /// not turn "nothing heard yet" into a target.
    /// </summary>
    public void Refresh(ReadOnlySpan<TastePrediction> predictions, int judgements)
    {
        if (predictions.Length != PatternCount)
            throw new ArgumentException($"{predictions.Length} predictions for a target of {PatternCount} patterns.", nameof(predictions));
        if (judgements < 0) throw new ArgumentOutOfRangeException(nameof(judgements), "judgements must be ≥ 0.");
        Refreshes++;
        if (judgements == 0)
        {
            Reset();
            return;
        }
        Judgements = judgements;
        double tau = Settings.Threshold;
        int inSet = 0;
        for (int p = 0; p < PatternCount; p++) if (predictions[p].Upper >= tau) inSet++;
        OptimisticSetSize = inSet;
        FellBack = false;
        if (Settings.TargetShape == TargetShape.Power)
        {
            double beta = Settings.Beta, sum = 0;
            for (int p = 0; p < PatternCount; p++) sum += _target[p] = Math.Pow(predictions[p].Probability, beta);
            if (!(sum > 0) || !double.IsFinite(sum)) { Reset(); return; } // every P(like)^β underflowed: nothing to prefer
            int support = 0;
            for (int p = 0; p < PatternCount; p++) if ((_target[p] /= sum) > 0) support++;
            Support = support;
        }
        else
        {
            int k = Math.Min(Settings.MinPatterns, PatternCount);
            if (inSet >= k)
            {
                double w = 1.0 / inSet;
                for (int p = 0; p < PatternCount; p++) _target[p] = predictions[p].Upper >= tau ? w : 0;
                Support = inSet;
            }
            else
            {
                FellBack = true;
                MostLikely(predictions, k);
                Support = k;
            }
        }
        Accumulate();
    }

    /// <summary>Uniform over the k patterns of highest P(like), ties by lower index.</summary>
    private void MostLikely(ReadOnlySpan<TastePrediction> predictions, int k)
    {
        for (int p = 0; p < PatternCount; p++)
        {
            _keys[p] = -predictions[p].Probability;
            _order[p] = p;
        }
        // Sorting spans of doubles with their items allocates nothing; the sort is unstable, so equal keys are then
        // put back in index order, which makes the chosen k the same on every runtime.
        _keys.AsSpan().Sort(_order.AsSpan());
        for (int i = 0; i < PatternCount;)
        {
            int j = i + 1;
            while (j < PatternCount && _keys[j] == _keys[i]) j++;
            if (j - i > 1) _order.AsSpan(i, j - i).Sort();
            i = j;
        }
        Array.Clear(_target);
        double w = 1.0 / k;
        for (int i = 0; i < k; i++) _target[_order[i]] = w;
    }

    private void Accumulate()
    {
        double t = 0;
        _last = 0;
        for (int p = 0; p < PatternCount; p++)
        {
            t += _target[p];
            _cumulative[p] = t;
            if (_target[p] > 0) _last = p;
        }
    }

    private void CheckBeats(int beats)
    {
        if (beats != PatternLength)
            throw new ArgumentException($"the posterior has {beats} beats but the predictive target {PatternLength}.");
    }

    public void Distribution(Span<double> into)
    {
        if (into.Length != PatternCount) throw new ArgumentException($"{into.Length} places for {PatternCount} patterns.", nameof(into));
        _target.AsSpan().CopyTo(into);
    }

    /// <summary>An epoch here always holds exactly nData draws.</summary>
    public int EpochCapacity(int nData) => nData;

    /// <summary>
    /// An epoch of exactly <paramref name="nData"/> independent draws from q (one uniform of <paramref name="rng"/>
    /// each, by inverse CDF over the cumulative target built at refresh), already in random order. Allocates nothing.
    /// </summary>
    public int BuildEpoch(int nData, SeededRandom rng, Span<int> into)
    {
        if (nData < 1) throw new ArgumentOutOfRangeException(nameof(nData), "n_data must be at least 1.");
        if (into.Length < nData) throw new ArgumentException($"into needs {nData} entries.", nameof(into));
        double total = _cumulative[PatternCount - 1];
        for (int k = 0; k < nData; k++)
        {
            double u = rng.Uniform() * total;
            // The first pattern whose cumulative mass exceeds u: a pattern of zero mass (equal neighbours) is never drawn.
            int lo = 0, hi = _last;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_cumulative[mid] > u) hi = mid; else lo = mid + 1;
            }
            into[k] = lo;
        }
        return nData;
    }

    /// <summary>
    /// Always multinomial, whatever <paramref name="mode"/>: rounded copies of a flat target over more than 2·nData
    /// patterns would hold nothing at all (every share rounds to zero copies).
    /// </summary>
    int IEpochSource.BuildEpoch(int nData, SeededRandom rng, Span<int> into, EpochData mode, Span<double> cumulative) =>
        BuildEpoch(nData, rng, into);
}
