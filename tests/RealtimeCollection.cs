namespace ActionPerception.Tests;

/// <summary>Tests that run a session on the real-time clock: never in parallel with others, so the clock is not starved.</summary>
[CollectionDefinition("realtime", DisableParallelization = true)]
public sealed class RealtimeCollection;
