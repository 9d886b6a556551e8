namespace ActionPerception.Agents.Listeners;

/// <summary>
/// A listener's answer to one heard pattern: an action (or none: silence is an answer) after a reaction time,
/// and what it measured while perceiving, for the session log (e.g. per-layer prediction errors).
/// </summary>
public sealed record ListenerResponse(JudgementKind? Action, double ReactionSeconds, IReadOnlyDictionary<string, double>? Measures = null)
{
    public static readonly ListenerResponse Silent = new(null, 0);
}
