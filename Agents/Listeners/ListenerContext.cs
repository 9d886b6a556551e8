using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Listeners;

/// <summary>
/// What a listener is built for: a generator of <paramref name="Beats"/> beats, the listener's own seeded source
/// (e.g. <c>SeededRandom.Derive(sessionSeed, "listener")</c>; every draw it makes comes from it) and the generator's
/// layer sizes (the Helmholtz listener's default).
/// </summary>
public sealed record ListenerContext(int Beats, SeededRandom Random, IReadOnlyList<int>? GeneratorLayers = null);
