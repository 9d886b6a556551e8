using ActionPerception.Agents.Niche;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// What each epoch is built from (<c>generator.niche</c>). Called by the training loop, on its thread, at the start
/// of every epoch; what it reads from other loops must be published immutable (as the taste posterior's P(like) is).
/// </summary>
internal interface INiche
{
    /// <summary>The weights the trainer builds the next epoch from.</summary>
    PreferenceDataset EpochData(PreferenceDataset dataset);
}

/// <summary>The original's niche: the dataset's counts as they are.</summary>
internal sealed class CountsNiche : INiche
{
    public PreferenceDataset EpochData(PreferenceDataset dataset) => dataset;
}

/// <summary>
/// The posterior niche: the dataset's counts, each weighted by the taste posterior's P(like) of that pattern, so a
/// judgement also moves patterns that share its features (though never one with a count of zero).
/// </summary>
internal sealed class PosteriorNiche(TasteTracker taste) : INiche
{
    public PreferenceDataset EpochData(PreferenceDataset dataset)
    {
        if (taste.PLike is not { } pLike) return dataset;
        var counts = dataset.Counts;
        var weighted = new double[counts.Length];
        for (int i = 0; i < weighted.Length; i++) weighted[i] = counts[i] * pLike[i];
        return new PreferenceDataset(dataset.PatternLength, weighted, dataset.LikeIncrement, dataset.DislikeDecrement);
    }
}
