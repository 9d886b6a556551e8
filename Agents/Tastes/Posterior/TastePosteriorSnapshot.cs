namespace ActionPerception.Agents.Tastes.Posterior;

/// <summary>
/// A taste posterior frozen at one moment: its mean m and covariance S copied, so that a reader on another thread
/// (the training loop's niche, synthesis choosing what to play) predicts from it while the owner goes on observing.
/// Immutable once built; every method only reads. Made by <see cref="TastePosterior.Snapshot"/>.
/// </summary>
public sealed class TastePosteriorSnapshot
{
    private readonly double[] _mean;
    private readonly double[] _covariance; // column-major d×d, as MathNet stores it
    private readonly int _d;

    internal TastePosteriorSnapshot(TasteFeatureSet features, int judgements, ReadOnlySpan<double> mean, ReadOnlySpan<double> covariance)
    {
        Features = features;
        Judgements = judgements;
        _d = features.Dimension;
        if (mean.Length != _d || covariance.Length != _d * _d)
            throw new ArgumentException($"a snapshot of {_d} features needs {_d} means and {_d * _d} covariances.");
        _mean = mean.ToArray();
        _covariance = covariance.ToArray();
    }

    /// <summary>The prior N(0, σ²I) of <paramref name="settings"/> at <paramref name="beats"/>, as a snapshot of no judgements.</summary>
    public static TastePosteriorSnapshot Prior(int beats, TastePosteriorSettings? settings = null) => new TastePosterior(beats, settings).Snapshot();

    public TasteFeatureSet Features { get; }
    public int Beats => Features.Beats;
    public int PatternCount => Features.PatternCount;
    /// <summary>Judgements the posterior rested on when it was taken.</summary>
    public int Judgements { get; }
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The posterior predictive of one pattern, as <see cref="TastePosterior.Predict"/> would have given it then.</summary>
    public TastePrediction Predict(int pattern)
    {
        Span<int> index = stackalloc int[_d];
        Span<double> value = stackalloc double[_d];
        int nz = Features.NonZeros(pattern, index, value);
        var (q, mu) = TastePosterior.Quadratic(_covariance, _mean, _d, index[..nz], value[..nz]);
        return TastePosterior.Prediction(pattern, mu, Math.Sqrt(Math.Max(q, 0)));
    }

    /// <summary>The predictive of every pattern, index order, into <paramref name="into"/> (length 2^n); allocates nothing.</summary>
    public void PredictAll(Span<TastePrediction> into)
    {
        if (into.Length != PatternCount)
            throw new ArgumentException($"{into.Length} places for {PatternCount} patterns.", nameof(into));
        Span<int> index = stackalloc int[_d];
        Span<double> value = stackalloc double[_d];
        for (int p = 0; p < into.Length; p++)
        {
            int nz = Features.NonZeros(p, index, value);
            var (q, mu) = TastePosterior.Quadratic(_covariance, _mean, _d, index[..nz], value[..nz]);
            into[p] = TastePosterior.Prediction(p, mu, Math.Sqrt(Math.Max(q, 0)));
        }
    }
}
