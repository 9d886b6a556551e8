using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionPerception.Environment.Scenarios;

public sealed record TrainingScenario
{
    /// <summary>Wake-sleep steps per second of audio; null is "max" (free-running, real time only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? StepsPerSecond { get; init; } = 800;

    internal void Validate(Action<string, string, string> bad, SessionMode mode)
    {
        if (StepsPerSecond is double b && !(b >= 0 && b <= Agents.Limits.MaxStepsPerSecond))
            bad("training.stepsPerSecond", $"{b} is out of range", $"use 0 … {Agents.Limits.MaxStepsPerSecond} wake-sleep steps per second of audio (default 800), or null for max in real time");
        if (StepsPerSecond is null && mode == SessionMode.Virtual)
            bad("training.stepsPerSecond", "max is not defined on a virtual clock", "give a number of steps per second of audio, e.g. 800");
    }
}
