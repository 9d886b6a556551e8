namespace ActionPerception.Simulations.Export;

/// <summary>One answer to a question after a block: a Likert point (1–7) or a choice, with the seconds it took.</summary>
public sealed record ExportAnswer(string Participant, int Block, string Condition, string Question, string Kind, int? Value, string? Text, double? Seconds);
