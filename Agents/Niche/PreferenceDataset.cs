using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Niche;

/// <summary>
/// The preference niche: counts over all 2^n_d patterns that the listener's judgements reshape
/// (the listener's explicit action, niche construction). Counts may be fractional so that datasets saved
/// as float arrays by the original load unchanged.
/// </summary>
public sealed class PreferenceDataset : IEpochSource
{
    public const int DefaultEpochSize = 500;
    /// <summary>The largest total of a dataset file: below 2^53, so that adding and removing whole counts stays exact.</summary>
    public const double MaxTotal = 1e15;
    private readonly double[] _counts;

    public PreferenceDataset(int patternLength, ReadOnlySpan<double> counts, double likeIncrement = 10, double dislikeDecrement = 5)
    {
        if (patternLength < 1 || patternLength > 16)
            throw new ArgumentException($"patternLength must be 1..16 beats (got {patternLength}).");
        if (counts.Length != 1 << patternLength)
            throw new ArgumentException($"{counts.Length} counts given for {patternLength} beats; expected 2^{patternLength} = {1 << patternLength}.");
        for (int i = 0; i < counts.Length; i++)
            if (!double.IsFinite(counts[i]) || counts[i] < 0)
                throw new ArgumentException($"count of pattern {i} is {counts[i]}; counts must be finite and ≥ 0.");
        if (!(likeIncrement >= 0) || !double.IsFinite(likeIncrement)) throw new ArgumentException($"likeIncrement must be finite and ≥ 0 (got {likeIncrement}).");
        if (!(dislikeDecrement >= 0) || !double.IsFinite(dislikeDecrement)) throw new ArgumentException($"dislikeDecrement must be finite and ≥ 0 (got {dislikeDecrement}).");
        PatternLength = patternLength;
        _counts = counts.ToArray();
        LikeIncrement = likeIncrement;
        DislikeDecrement = dislikeDecrement;
        Total = ExactTotal();
    }

    /// <summary>The counts summed afresh in index order: no drift from many small updates of <see cref="Total"/>.</summary>
    private double ExactTotal()
    {
        double t = 0;
        foreach (double c in _counts) t += c;
        return t;
    }

    /// <summary>How many copies of a pattern of <paramref name="count"/> an epoch of <paramref name="nData"/> holds: round(count/total · nData), half to even (as numpy).</summary>
    private static long Copies(double count, double total, long nData) => (long)Math.Round(count / total * nData, MidpointRounding.ToEven);

    /// <summary>The original's start: every 5th pattern index (0, 5, 10, …) with count 1.</summary>
    public static PreferenceDataset Default(int patternLength = 10, double likeIncrement = 10, double dislikeDecrement = 5)
    {
        var counts = new double[1 << patternLength];
        for (int i = 0; i < counts.Length; i += 5) counts[i] = 1;
        return new PreferenceDataset(patternLength, counts, likeIncrement, dislikeDecrement);
    }

    public int PatternLength { get; }
    public int PatternCount => _counts.Length;
    public double LikeIncrement { get; }
    public double DislikeDecrement { get; }
    public double Total { get; private set; }
    public ReadOnlySpan<double> Counts => _counts;
    public double this[int pattern] => _counts[pattern];

    public PreferenceDataset Clone() => new(PatternLength, _counts, LikeIncrement, DislikeDecrement);

    public void Like(int pattern)
    {
        _counts[pattern] += LikeIncrement;
        Total += LikeIncrement;
    }

    /// <summary>Removes min(decrement, count): a count never goes below zero.</summary>
    public void Dislike(int pattern)
    {
        double d = Math.Min(DislikeDecrement, _counts[pattern]);
        _counts[pattern] -= d;
        Total -= d;
        if (Total < 0) Total = 0;
    }

    /// <summary>
    /// The first count ("counts[i]") or the running total ("total") that is not finite or, for the total, exceeds
    /// <paramref name="maxTotal"/> (past <see cref="MaxTotal"/> whole counts no longer add exactly); null when healthy.
    /// Likes add without a ceiling, so a session checks this as it checks the weights: a large likeIncrement
    /// overflows the total to infinity after a few judgements.
    /// </summary>
    public (string Where, double Value)? FirstUnhealthy(double maxTotal = double.MaxValue)
    {
        for (int i = 0; i < _counts.Length; i++)
            if (!double.IsFinite(_counts[i]) || _counts[i] < 0) return ($"counts[{i}]", _counts[i]);
        if (!(Total <= maxTotal)) return ("total", Total);
        return null;
    }

    /// <summary>counts / total; all zeros when the dataset is empty.</summary>
    public void Distribution(Span<double> into)
    {
        if (into.Length != _counts.Length) throw new ArgumentException("Wrong length.", nameof(into));
        double t = ExactTotal();
        if (t <= 0) { into.Clear(); return; }
        for (int i = 0; i < _counts.Length; i++) into[i] = _counts[i] / t;
    }

    /// <summary>How many patterns an epoch of <paramref name="nData"/> holds after rounding (what <see cref="BuildEpoch"/> returns).</summary>
    public long EpochLength(int nData)
    {
        double t = ExactTotal();
        if (t <= 0) return 0;
        long k = 0;
        foreach (double c in _counts) k += Copies(c, t, nData);
        return k;
    }

    /// <summary>
    /// The smallest nData for which some pattern gets a copy (its share of nData rounds to at least 1); 0 for an empty
    /// dataset. A flat dataset of 1024 patterns needs 513: at 500 every share is 0.49 and rounds to none.
    /// </summary>
    public long MinimumNData()
    {
        double t = ExactTotal(), max = 0;
        foreach (double c in _counts) max = Math.Max(max, c);
        if (t <= 0) return 0;
        long n = Math.Max(1, (long)Math.Floor(0.5 * t / max));
        while (Copies(max, t, n) < 1) n++;
        return n;
    }

    /// <summary>The most patterns an epoch of <paramref name="nData"/> can hold after rounding (multinomial epochs hold exactly nData).</summary>
    public int EpochCapacity(int nData) => nData + _counts.Length;

    /// <summary>
    /// An epoch: round(count/total · nData) copies of each pattern (round half to even, as numpy), shuffled by
    /// <paramref name="rng"/>. Returns how many were written to <paramref name="into"/>; 0 for an empty dataset.
    /// </summary>
    public int BuildEpoch(int nData, SeededRandom rng, Span<int> into)
    {
        if (nData < 1) throw new ArgumentOutOfRangeException(nameof(nData), "n_data must be at least 1.");
        double t = ExactTotal();
        if (t <= 0) return 0;
        int k = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            long copies = Copies(_counts[i], t, nData);
            for (int c = 0; c < copies; c++) into[k++] = i;
        }
        rng.Shuffle(into[..k]);
        return k;
    }

    /// <summary>
    /// An epoch of exactly <paramref name="nData"/> independent draws from count/total (one uniform of
    /// <paramref name="rng"/> each, by inverse CDF), already in random order, so not shuffled. No rounding
    /// threshold: a pattern with count c appears nData·c/total times in expectation. <paramref name="cumulative"/> is
    /// scratch of <see cref="PatternCount"/> entries (so no allocation here). Returns nData; 0 for an empty dataset.
    /// </summary>
    public int BuildMultinomialEpoch(int nData, SeededRandom rng, Span<int> into, Span<double> cumulative)
    {
        if (nData < 1) throw new ArgumentOutOfRangeException(nameof(nData), "n_data must be at least 1.");
        if (cumulative.Length < _counts.Length) throw new ArgumentException($"cumulative needs {_counts.Length} entries.", nameof(cumulative));
        if (into.Length < nData) throw new ArgumentException($"into needs {nData} entries.", nameof(into));
        double t = 0;
        int last = -1;
        for (int i = 0; i < _counts.Length; i++)
        {
            t += _counts[i];
            cumulative[i] = t;
            if (_counts[i] > 0) last = i;
        }
        if (!(t > 0)) return 0;
        var cum = cumulative[.._counts.Length];
        for (int k = 0; k < nData; k++)
        {
            double u = rng.Uniform() * t;
            // The first pattern whose cumulative count exceeds u: a zero count (equal neighbours) is never chosen.
            int lo = 0, hi = last;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (cum[mid] > u) hi = mid; else lo = mid + 1;
            }
            into[k] = lo;
        }
        return nData;
    }

    /// <summary>An epoch by <paramref name="mode"/>: <see cref="BuildEpoch"/> or <see cref="BuildMultinomialEpoch"/>.</summary>
    public int BuildEpoch(int nData, SeededRandom rng, Span<int> into, EpochData mode, Span<double> cumulative) => mode switch
    {
        EpochData.Rounded => BuildEpoch(nData, rng, into),
        EpochData.Multinomial => BuildMultinomialEpoch(nData, rng, into, cumulative),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown epoch data mode"),
    };
}
