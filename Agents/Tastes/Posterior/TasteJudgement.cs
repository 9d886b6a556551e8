namespace ActionPerception.Agents.Tastes.Posterior;

/// <summary>One like (<paramref name="Like"/> true) or dislike of a pattern index (beat 0 the most significant bit).</summary>
public readonly record struct TasteJudgement(int Pattern, bool Like);
