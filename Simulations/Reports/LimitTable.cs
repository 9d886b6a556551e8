using System.Globalization;
using ActionPerception.Agents.Niche;
using ActionPerception.Simulations.Analysis;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// The report's "Verdict and information limit" table: per session, summary.json's <c>verdict</c> sentence beside its
/// <c>informationLimit</c> (what the run's judgements could at best have taught, and how reliably the listener judged).
/// Sessions whose run folder has neither (older runs, or a log given on its own) are left out.
/// </summary>
internal static class LimitTable
{
    public static readonly string[] Header =
        ["session", "verdict", "limit: FP rate", "limit: coverage", "judgements", "reference patterns judged", "liked inside", "liked outside"];

    public static void Write(HtmlPage page, IReadOnlyList<SessionAnalysis> sessions)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var s in sessions)
            if (s.Saved is { } saved && (saved.Verdict is not null || saved.InformationLimit is not null))
                rows.Add(Cells(s.Label, saved.Verdict, saved.InformationLimit));
        if (rows.Count == 0) return;
        page.Heading("Verdict and information limit", 3);
        page.Table(Header, rows, "information-limit");
        page.Paragraph("The information limit: the same taste posterior fitted to as many judgements of uniformly drawn patterns (the listener's like and dislike rates inside and outside the reference, replayed; mean ± sd of seeded replicates), and the false-positive rate and coverage of its flat predictive target. A generator near it has learnt what its judgements could tell; one far from it is limited by the loop, not the listener.", "meta");
    }

    private static IReadOnlyList<string> Cells(string label, ConvergenceVerdict? verdict, InformationLimit? limit)
    {
        var r = limit?.Reliability;
        return [label, verdict?.Sentence ?? "—", PlusMinus(limit?.FalsePositiveRate, limit?.FalsePositiveRateSd), PlusMinus(limit?.Coverage, limit?.CoverageSd),
            limit?.Judgements.ToString(CultureInfo.InvariantCulture) ?? "—", Share(r?.JudgedShareInside), Share(r?.LikeRateInside), Share(r?.LikeRateOutside)];
    }

    private static string PlusMinus(double? v, double? sd) =>
        v is double x && sd is double s ? string.Create(CultureInfo.InvariantCulture, $"{x:F3} ± {s:F3}") : "—";

    private static string Share(double? v) => v is double x ? x.ToString("P0", CultureInfo.InvariantCulture) : "—";
}
