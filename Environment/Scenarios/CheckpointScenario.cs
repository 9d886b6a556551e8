
namespace ActionPerception.Environment.Scenarios;

public sealed record CheckpointScenario
{
    public const int DefaultKeep = 3;

    /// <summary>Write a checkpoint every this many epochs; 0 writes one only at stop.</summary>
    public int EveryEpochs { get; init; }

    /// <summary>How many of the newest checkpoints to keep on disk; 0 keeps every one (the generator's whole trajectory).</summary>
    public int Keep { get; init; } = DefaultKeep;
}
