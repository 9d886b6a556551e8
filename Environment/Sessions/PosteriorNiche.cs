using ActionPerception.Agents.Niche;

namespace ActionPerception.Environment.Sessions;

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
