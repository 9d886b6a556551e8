namespace ActionPerception.Simulations.Studies;

/// <summary>An answer to a question after a block: the key's value (Likert point or option number), its text and the seconds it took.</summary>
public sealed record AnswerRecord(string Question, string Kind, int Value, string Text, double Seconds);
