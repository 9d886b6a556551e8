namespace ActionPerception.Simulations.Studies;

/// <summary>The pause between blocks: its text, and the least seconds before a key goes on (q there saves and quits).</summary>
public sealed record StudyBreak
{
    public double Seconds { get; init; }
    public string Text { get; init; } = "Take a short break.";
}
