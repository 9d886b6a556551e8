using ActionPerception.Agents.Niche;

namespace ActionPerception.Environment.Sessions;

/// <summary>The original's niche: the dataset's counts as they are.</summary>
internal sealed class CountsNiche : INiche
{
    public IEpochSource EpochData(PreferenceDataset dataset) => dataset;
}
