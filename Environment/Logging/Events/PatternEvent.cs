namespace ActionPerception.Environment.Logging.Events;

/// <summary>A pattern became audible: frames [StartFrame, EndFrame) of the session clock, and what was played.</summary>
public sealed record PatternEvent : LogEvent
{
    public required long Serial { get; init; }
    public required int Pattern { get; init; }
    public required int DatasetIndex { get; init; }
    public required string Beats { get; init; }
    public required long StartFrame { get; init; }
    public required long EndFrame { get; init; }
    public required double Start { get; init; }
    public required double End { get; init; }
    /// <summary>The version of the generator's weights it was dreamt from.</summary>
    public required long Snapshot { get; init; }
    public required int Epoch { get; init; }
    public required IReadOnlyList<InstrumentPlay> Instruments { get; init; }
}

/// <summary>One instrument of a played pattern, per beat: hit (0/1), dynamic, division.</summary>
public sealed record InstrumentPlay(string Name, int[] Hits, double[] Dynamics, int[] Divisions);
