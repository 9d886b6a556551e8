namespace ActionPerception.Agents.Listeners;

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
