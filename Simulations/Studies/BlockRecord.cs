namespace ActionPerception.Simulations.Studies;

/// <summary>One block of a participant: its place, condition and state; the run folder it was played into and what followed.</summary>
public sealed record BlockRecord
{
    public const string Pending = "pending", Running = "running", Finished = "finished";

    /// <summary>0 the practice, then 1, 2, … in the participant's order.</summary>
    public required int Index { get; init; }
    public required string Condition { get; init; }
    public bool Practice { get; init; }
    /// <summary>"pending", "running" (started, not yet finished: a quit or a crash) or "finished".</summary>
    public string Status { get; set; } = Pending;
    /// <summary>The run folder of the finished (or running) attempt, relative to the participant's folder.</summary>
    public string? Folder { get; set; }
    /// <summary>Run folders of attempts that a quit or a crash left unfinished: kept, never reused.</summary>
    public List<string> Abandoned { get; init; } = [];
    public string? StopReason { get; set; }
    public List<AnswerRecord> Answers { get; init; } = [];
    /// <summary>Run folders of the block's twins (relative to the participant's folder).</summary>
    public string? Counterfactual { get; set; }
    public string? FittedTwin { get; set; }
}
