namespace ActionPerception.Environment.Sessions;

/// <summary>
/// What a session has counted so far: written by the engine (patterns, judgements attributed) and the training
/// loop (judgements applied), read by any thread (the live view, the summary), so every field is atomic. The
/// counters are read one by one, not as one consistent cut.
/// </summary>
public sealed class SessionCounters
{
    private long _patterns, _likes, _dislikes, _sent, _applied, _ignored;

    public long Patterns => Interlocked.Read(ref _patterns);
    public long Likes => Interlocked.Read(ref _likes);
    public long Dislikes => Interlocked.Read(ref _dislikes);
    /// <summary>Judgements attributed to a pattern and handed to training.</summary>
    public long Sent => Interlocked.Read(ref _sent);
    /// <summary>Judgements training has applied to the niche.</summary>
    public long Applied => Interlocked.Read(ref _applied);
    /// <summary>Judgements logged as ignored (no pattern audible, after the stop, a repeated key).</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    internal void Heard() => Interlocked.Increment(ref _patterns);
    internal void Attributed() => Interlocked.Increment(ref _sent);
    internal void Ignore() => Interlocked.Increment(ref _ignored);
    internal void AppliedLike() { Interlocked.Increment(ref _likes); Interlocked.Increment(ref _applied); }
    internal void AppliedDislike() { Interlocked.Increment(ref _dislikes); Interlocked.Increment(ref _applied); }
}
