using ActionPerception.Agents.Niche;

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
