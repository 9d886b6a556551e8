using System.Text.Json.Serialization;
using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Logging.Events;

/// <summary>A judgement as made, and what became of it: applied to a pattern, ignored (with the reason), or a stop.</summary>
public sealed record JudgementEvent : LogEvent
{
    /// <summary>Written "like", "dislike" or "stop".</summary>
    [JsonConverter(typeof(CamelCaseEnum<JudgementKind>))]
    public required JudgementKind Kind { get; init; }
    public required double Made { get; init; }
    /// <summary>The moment the judgement applies to (made − the attribution shift).</summary>
    public double? AttributedTo { get; init; }
    public required string Source { get; init; }
    /// <summary>For a simulated listener, the playing it was reacting to.</summary>
    public long? HeardSerial { get; init; }
    /// <summary>Written "applied", "ignored" or "stop".</summary>
    public required JudgementStatus Status { get; init; }
    public long? Serial { get; init; }
    public int? Pattern { get; init; }
    public string? Reason { get; init; }

    public bool IsApplied => Status == JudgementStatus.Applied;
}

/// <summary>What became of a judgement.</summary>
[JsonConverter(typeof(CamelCaseEnum<JudgementStatus>))]
public enum JudgementStatus
{
    /// <summary>Attributed to an audible pattern and handed to training.</summary>
    Applied,
    /// <summary>Logged with the reason and otherwise ignored (no pattern audible, after the stop, a repeated key).</summary>
    Ignored,
    /// <summary>A stop: it ends the session and applies to no pattern.</summary>
    Stop,
}
