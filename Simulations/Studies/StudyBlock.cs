using System.Text.Json;

namespace ActionPerception.Simulations.Studies;

/// <summary>One block of a protocol: a named condition and what it changes in the scenario.</summary>
public sealed record StudyBlock
{
    public const string PracticeName = "practice";

    public string Condition { get; init; } = PracticeName;
    public double? DurationSeconds { get; init; }
    /// <summary>generator.niche: "counts", "posterior", or a niche another version adds (the scenario validates it).</summary>
    public string? Niche { get; init; }
    /// <summary>audio.bpm.</summary>
    public double? Bpm { get; init; }
    /// <summary>audio.kit: "builtin" or a kit folder relative to the protocol.</summary>
    public string? Kit { get; init; }
    /// <summary>Any other scenario fields, as a partial scenario merged last.</summary>
    public JsonElement? Overrides { get; init; }
}
