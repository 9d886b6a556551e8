namespace ActionPerception.Simulations.Export;

/// <summary>One run folder to export, with where it stands in a study (null outside one).</summary>
/// <param name="Run">The run's name in every table: its folder relative to what was exported ('/' separated).</param>
/// <param name="Block">The block's place in the participant's order (0 the practice, 1 the first block).</param>
/// <param name="Kind">"practice", "block" or "fitted-twin" in a study; "run" outside one.</param>
public sealed record ExportSource(string Run, string Folder, string? Participant = null, int? Block = null, string? Condition = null,
    string Kind = ExportSource.RunKind)
{
    public const string RunKind = "run";
}
