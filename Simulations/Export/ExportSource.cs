namespace ActionPerception.Simulations.Export;

/// <summary>One run folder to export, with where it stands in a study (null outside one).</summary>
/// <param name="Run">The run's name in every table: its folder relative to what was exported ('/' separated).</param>
/// <param name="Block">The block's place in the participant's order (0 the practice, 1 the first block).</param>
/// <param name="Kind">"practice", "block" or "fitted-twin" in a study; "run" outside one.</param>
/// <param name="OwnTaste">In a study: P(like) of every pattern under the participant's own taste posterior (over all
/// their finished blocks), which the own_taste_* columns measure against; null outside a study.</param>
public sealed record ExportSource(string Run, string Folder, string? Participant = null, int? Block = null, string? Condition = null,
    string Kind = ExportSource.RunKind, double[]? OwnTaste = null)
{
    public const string RunKind = "run", PracticeKind = "practice", BlockKind = "block", FittedTwinKind = "fitted-twin";
}
