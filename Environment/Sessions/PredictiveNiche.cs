using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Tastes.Posterior;

namespace ActionPerception.Environment.Sessions;

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
