namespace ActionPerception.Tests;

/// <summary>
/// Tests that run against the wall clock share this collection: xunit runs it alone, after the parallel ones, so a
/// busy CPU does not make a real-time session underrun or miss its moment. They assert what the clock guarantees.
/// </summary>
[CollectionDefinition("realtime", DisableParallelization = true)]
public sealed class RealtimeCollection;
