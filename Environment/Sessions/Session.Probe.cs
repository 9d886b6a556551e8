namespace ActionPerception.Environment.Sessions;

public sealed partial class Session
{
    /// <summary>
    /// Bytes allocated on this thread per synthesised buffer (dream, drum sample, render, synthesis history) and per
    /// published snapshot, measured over <paramref name="count"/> of each after a warm-up. For <c>ap bench</c>: a
    /// running session should allocate only the small per-pattern record that the timeline and the log keep.
    /// </summary>
    public (double BytesPerBuffer, double BytesPerPublish) AllocationProbe(int count)
    {
        var buffer = new float[BufferFrames];
        for (int i = 0; i < 5; i++) { _synthesizer.Synthesize(i, _training.Snapshots, buffer); _training.Publish(); }
        double Per(Action step)
        {
            // The least of three rounds: tiered compilation may allocate once while a round runs.
            long least = long.MaxValue;
            for (int round = 0; round < 3; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < count; i++) step();
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return (double)least / count;
        }
        long serial = 5;
        double perBuffer = Per(() => _synthesizer.Synthesize(serial++, _training.Snapshots, buffer));
        double perPublish = Per(_training.Publish);
        return (perBuffer, perPublish);
    }
}
