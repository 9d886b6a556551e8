using ActionPerception.Agents.Drums;

namespace ActionPerception.Agents.Listeners;

public enum JudgementKind
{
    Like,
    Dislike,
    Stop,
}

/// <summary>What a listener is told when a pattern becomes audible (times in seconds on the session clock).</summary>
/// <param name="Serial">The session's id of this playing (0, 1, 2, …).</param>
/// <param name="Pattern">The dream's visible pattern s_0 (beat 0 the most significant bit).</param>
/// <param name="Drums">What is heard per instrument (hits, dynamics, divisions); shared, read-only for listeners.</param>
/// <param name="Start">When it became audible.</param>
/// <param name="Duration">How long it stays audible.</param>
public sealed record HeardPattern(long Serial, int Pattern, DrumSample? Drums, double Start, double Duration);

/// <summary>
/// A listener's answer to one heard pattern: an action (or none: silence is an answer) after a reaction time,
/// and what it measured while perceiving, for the session log (e.g. per-layer prediction errors).
/// </summary>
public sealed record ListenerResponse(JudgementKind? Action, double ReactionSeconds, IReadOnlyDictionary<string, double>? Measures = null)
{
    public static readonly ListenerResponse Silent = new(null, 0);
}

/// <summary>
/// The listener contract, as small as Gymnasium's: "this became audible at t" in, "judgement at t + reaction" out.
/// Simulated listeners own a seeded random source given at construction. The human bridge is not an IListener:
/// its judgements come from the keyboard at the edge of the environment.
/// </summary>
public interface IListener
{
    /// <summary>"helmholtz", "oracle", "template", "random", … (grouping key in reports).</summary>
    string Kind { get; }

    /// <summary>Every setting, for the session log header.</summary>
    IReadOnlyDictionary<string, object> Describe();

    ListenerResponse Hear(HeardPattern heard);
}

/// <summary>A listener whose taste is a distribution over patterns (exact), for the loop's measures.</summary>
public interface ITasteful
{
    /// <summary>The listener's current distribution over all patterns (changes with habituation).</summary>
    ReadOnlySpan<double> TasteDistribution { get; }

    /// <summary>The taste's support, for set-like tastes (e.g. well-formed); null where the taste is not a set.</summary>
    IReadOnlyList<bool>? TasteSupport { get; }
}

/// <summary>The names of judgement kinds as the log, the console and the reports write them.</summary>
public static class JudgementKinds
{
    public static string Name(JudgementKind kind) => kind switch
    {
        JudgementKind.Like => "like",
        JudgementKind.Dislike => "dislike",
        _ => "stop",
    };
}
