using ActionPerception.Agents.Drums;

namespace ActionPerception.Agents.Listeners;

/// <summary>What a listener is told when a pattern becomes audible (times in seconds on the session clock).</summary>
/// <param name="Serial">The session's id of this playing (0, 1, 2, …).</param>
/// <param name="Pattern">The dream's visible pattern s_0 (beat 0 the most significant bit).</param>
/// <param name="Drums">What is heard per instrument (hits, dynamics, divisions); shared, read-only for listeners.</param>
/// <param name="Start">When it became audible.</param>
/// <param name="Duration">How long it stays audible.</param>
public sealed record HeardPattern(long Serial, int Pattern, DrumSample? Drums, double Start, double Duration);
