using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Tastes.Posterior;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// What each epoch is built from (<c>generator.niche</c>). Called by the training loop, on its thread, at the start
/// of every epoch; what it reads from other loops must be published immutable (as the taste posterior's P(like) is).
/// </summary>
internal interface INiche
{
    /// <summary>What the trainer builds the next epoch from.</summary>
    IEpochSource EpochData(PreferenceDataset dataset);

    /// <summary>A judgement was applied (after the taste posterior saw it): a niche that follows the posterior refreshes.</summary>
    void Applied() { }
}

/// <summary>The original's niche: the dataset's counts as they are.</summary>
internal sealed class CountsNiche : INiche
{
    public IEpochSource EpochData(PreferenceDataset dataset) => dataset;
}

/// <summary>
/// The posterior niche: the dataset's counts, each weighted by the taste posterior's P(like) of that pattern, so a
/// judgement also moves patterns that share its features (though never one with a count of zero).
/// </summary>
internal sealed class PosteriorNiche(TasteTracker taste) : INiche
{
    public IEpochSource EpochData(PreferenceDataset dataset)
    {
        if (taste.PLike is not { } pLike) return dataset;
        var counts = dataset.Counts;
        var weighted = new double[counts.Length];
        for (int i = 0; i < weighted.Length; i++) weighted[i] = counts[i] * pLike[i];
        return new PreferenceDataset(dataset.PatternLength, weighted, dataset.LikeIncrement, dataset.DislikeDecrement);
    }
}

/// <summary>
/// The predictive niche: not the counts but a target over all patterns from the taste posterior
/// (<see cref="PredictiveTarget"/>), refreshed from the posterior's published snapshot after each applied judgement, so a
/// pattern never heard can enter what the generator trains toward. Uniform before the first judgement.
/// </summary>
internal sealed class PredictiveNiche(TasteTracker taste, int beats, PredictiveSettings settings) : INiche
{
    private readonly PredictiveTarget _target = new(beats, settings);
    private TastePosteriorSnapshot? _from;

    public IEpochSource EpochData(PreferenceDataset dataset) => _target;

    public void Applied()
    {
        // The snapshot was published when the judgement was attributed, before it reached training; refresh once per new one.
        if (taste.Snapshot is not { } snapshot || ReferenceEquals(snapshot, _from)) return;
        _target.Refresh(snapshot);
        _from = snapshot;
    }
}
