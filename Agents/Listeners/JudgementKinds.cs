namespace ActionPerception.Agents.Listeners;

/// <summary>The names of judgement kinds as the log, the console and the reports write them.</summary>
public static class JudgementKinds
{
    public static string Name(JudgementKind kind) => kind switch
    {
        JudgementKind.Like => "like",
        JudgementKind.Dislike => "dislike",
        _ => "stop",
    };
}
