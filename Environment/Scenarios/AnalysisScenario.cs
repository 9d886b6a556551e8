
namespace ActionPerception.Environment.Scenarios;

/// <summary>What a run's convergence is measured against (docs/scenarios.md, "analysis").</summary>
public sealed record AnalysisScenario
{
    /// <summary>
    /// The reference taste, a set-like taste by name (well-formed, mixture, sparse, dense, backbeat), as <c>--taste</c>
    /// names one. Null (the default): the listener's own taste when it has a set, else well-formed
    /// (<see cref="ReferenceTaste.Resolve"/>).
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>The taste posterior's features and prior (docs/taste-posterior.md).</summary>
    public Agents.Tastes.Posterior.TastePosteriorSettings TastePosterior { get; init; } = new();

    /// <summary>Patterns per window of the log's window events (played share inside the reference, the posterior's summary).</summary>
    public int WindowPatterns { get; init; } = 10;

    internal void Validate(Action<string, string, string> bad)
    {
        if (TastePosterior is null) bad("analysis.tastePosterior", "null", "remove it for the defaults, or give an object");
        try { TastePosterior!.Validate("analysis.tastePosterior"); }
        catch (ArgumentException e) { bad("analysis.tastePosterior", e.Message.TrimEnd('.'), "see docs/taste-posterior.md for the fields and their ranges"); }
        if (WindowPatterns < 1 || WindowPatterns > 100_000)
            bad("analysis.windowPatterns", $"{WindowPatterns}", "use 1 … 100000 patterns per window (default 10)");
        if (Reference is null) return;
        if (Reference == Agents.Tastes.TasteCatalog.User)
            bad("analysis.reference", "'user' is a dataset's counts, not a set, and a reference is a set", $"use one of {string.Join(", ", ReferenceTaste.Names)}, or leave it out for the listener's own taste when it has a set (else well-formed)");
        if (!ReferenceTaste.Names.Contains(Reference))
            bad("analysis.reference", $"'{Reference}' is not a set-like taste", $"use one of {string.Join(", ", ReferenceTaste.Names)}, or leave it out for the listener's own taste (else well-formed)");
    }
}
