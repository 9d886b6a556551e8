using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Niche;

/// <summary>
/// What a training epoch is drawn from: a distribution over all 2^n patterns and a way to fill an epoch with them.
/// The original's <see cref="PreferenceDataset"/> (counts) and the <see cref="PredictiveTarget"/> (a target built
/// from the taste posterior) both are one; the trainer sees only this.
/// </summary>
public interface IEpochSource
{
    /// <summary>Beats of a pattern (n).</summary>
    int PatternLength { get; }

    /// <summary>2^n.</summary>
    int PatternCount { get; }

    /// <summary>The distribution an epoch follows, into <paramref name="into"/> (length 2^n); all zeros when there is none.</summary>
    void Distribution(Span<double> into);

    /// <summary>The most patterns an epoch of <paramref name="nData"/> can hold.</summary>
    int EpochCapacity(int nData);

    /// <summary>
    /// An epoch of about <paramref name="nData"/> patterns into <paramref name="into"/>, in the order to train on, by
    /// <paramref name="mode"/> where the source has a choice; <paramref name="cumulative"/> is scratch of 2^n entries.
    /// Returns how many were written; 0 when the source gives no epoch.
    /// </summary>
    int BuildEpoch(int nData, SeededRandom rng, Span<int> into, EpochData mode, Span<double> cumulative);
}
