using System.Text.Json.Serialization;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Sessions;

/// <summary>Why a session stopped. Exit codes and reports branch on this, never on the words.</summary>
[JsonConverter(typeof(CamelCaseEnum<StopCode>))]
public enum StopCode
{
    /// <summary>The scenario's duration of audio was played.</summary>
    DurationReached,
    /// <summary>A simulated listener's stop judgement.</summary>
    Listener,
    /// <summary>A person pressed a stop key.</summary>
    Human,
    /// <summary>Ctrl+C (SIGINT).</summary>
    Interrupted,
    /// <summary>SIGTERM.</summary>
    Terminated,
    /// <summary>A step made a weight, loss or divergence non-finite; the last finite state was kept.</summary>
    Diverged,
    /// <summary>A loop failed (the audio device, a full disk …).</summary>
    Failed,
}

/// <summary>A stop reason: its code and, for failures, the words that explain it.</summary>
public readonly record struct StopReason(StopCode Code, string? Detail = null)
{
    public override string ToString() => Code switch
    {
        StopCode.DurationReached => "duration reached",
        StopCode.Listener => "stopped by the listener",
        StopCode.Human => "stopped by the listener (human)",
        StopCode.Interrupted => "interrupted",
        StopCode.Terminated => "terminated (SIGTERM)",
        StopCode.Diverged => "diverged" + (Detail is null ? "" : ": " + Detail),
        _ => "failed" + (Detail is null ? "" : ": " + Detail),
    };
}
