
namespace ActionPerception.Simulations.Analysis;

/// <summary>The row of the summary table.</summary>
public sealed record SummaryRow(
    string Label,
    string ListenerKind,
    string Mode,
    double DurationSeconds,
    long Patterns,
    long Likes,
    long Dislikes,
    long Ignored,
    double? FinalKlDataGen,
    double? TimeToLikeRate50,
    double? GenerativeEntropy,
    string EntropySource);
