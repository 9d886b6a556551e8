namespace ActionPerception.Agents.Listeners;

public enum JudgementKind
{
    Like,
    Dislike,
    Stop,
}
