using System.Globalization;
using System.Text.Json.Nodes;
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
            if (Read(Path.Combine(s.RunFolder, "summary.json")) is { } root && (root["verdict"] is JsonObject || root["informationLimit"] is JsonObject))
                rows.Add(Cells(s.Label, root["verdict"] as JsonObject, root["informationLimit"] as JsonObject));
        if (rows.Count == 0) return;
        page.Heading("Verdict and information limit", 3);
        page.Table(Header, rows, "information-limit");
        page.Paragraph("The information limit: the same taste posterior fitted to as many judgements of uniformly drawn patterns (the listener's like and dislike rates inside and outside the reference, replayed; mean ± sd of seeded replicates), and the false-positive rate and coverage of its flat predictive target. A generator near it has learnt what its judgements could tell; one far from it is limited by the loop, not the listener.", "meta");
    }

    private static JsonObject? Read(string path)
    {
        try { return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null; }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException or UnauthorizedAccessException) { return null; }
    }

    private static IReadOnlyList<string> Cells(string label, JsonObject? verdict, JsonObject? limit)
    {
        string sentence = verdict?["sentence"]?.GetValue<string>() ?? "—";
        var reliability = limit?["reliability"] as JsonObject;
        return [label, sentence, PlusMinus(limit, "falsePositiveRate"), PlusMinus(limit, "coverage"),
            limit?["judgements"]?.ToString() ?? "—", Share(reliability, "judgedShareInside"), Share(reliability, "likeRateInside"), Share(reliability, "likeRateOutside")];
    }

    private static string PlusMinus(JsonObject? o, string name) =>
        o?[name] is JsonNode v && o[name + "Sd"] is JsonNode sd
            ? string.Create(CultureInfo.InvariantCulture, $"{v.GetValue<double>():F3} ± {sd.GetValue<double>():F3}")
            : "—";

    private static string Share(JsonObject? o, string name) =>
        o?[name] is JsonNode v ? v.GetValue<double>().ToString("P0", CultureInfo.InvariantCulture) : "—";
}
