namespace ActionPerception.Audio;

/// <summary>
/// The frames an output reports as played: never backwards (devices' delay estimates jitter) and never past what was
/// written, whichever threads read it and however their reads interleave with the writer's.
/// </summary>
/// <remarks>
/// A reader takes a snapshot of the write count, asks the device, and publishes the larger of its estimate and the
/// highest published so far. Another reader may have published a value computed from a newer snapshot than this
/// reader's, so the snapshot is no upper bound on its own (clamping between the two is what threw
/// "'4408' cannot be greater than 4188"); the published maximum is, since it never exceeded a count that was written
/// and the write count only grows.
/// </remarks>
internal sealed class PlayedCounter
{
    private long _max;

    /// <summary>The highest value published so far.</summary>
    public long Current => Interlocked.Read(ref _max);

    /// <summary>
    /// Publishes <paramref name="estimate"/> bounded by <paramref name="writtenSnapshot"/> (read before the estimate
    /// was made) and returns the counter: at least every value returned before, at most the frames written now.
    /// </summary>
    public long Advance(long estimate, long writtenSnapshot)
    {
        long candidate = Math.Min(estimate, writtenSnapshot);
        long seen = Interlocked.Read(ref _max);
        while (candidate > seen)
        {
            long was = Interlocked.CompareExchange(ref _max, candidate, seen);
            if (was == seen) return candidate;
            seen = was;
        }
        return seen;
    }
}
