namespace ActionPerception.Tests;

/// <summary>
/// Tests that switch the layer loops to their one-unit-at-a-time path (<c>WeightMatrix.Vectorised</c>, a process-wide
/// setting) share this collection: xunit runs it alone, so no other test runs while the switch is flipped.
/// </summary>
[CollectionDefinition("scalar-paths", DisableParallelization = true)]
public sealed class ScalarPathsCollection;
