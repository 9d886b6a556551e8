
namespace ActionPerception.Environment.Scenarios;

public sealed record LoggingScenario
{
    /// <summary>
    /// Epoch events are logged at most this often, in seconds of audio (0: every epoch). Epochs in between are
    /// folded into the next event (count, steps, mean losses), so free-running training does not write gigabytes.
    /// </summary>
    public double EpochIntervalSeconds { get; init; } = 0.1;
}
