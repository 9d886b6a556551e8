using System.Globalization;
using System.Text.Json.Nodes;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// The steps of notebooks/study.ipynb and its twin study.cs, so that both stay a few lines a cell: a pilot of the
/// example protocol simulated in seconds, its tidy tables, the conditions compared from them, and a figure of the
/// like rate by condition in the project's figure JSON. `ap` runs out of process, as a researcher would run it.
/// </summary>
public static class StudyNotebook
{
    /// <summary>
    /// docs/examples/study.json with short blocks (<paramref name="blockSeconds"/> at <paramref name="bpm"/>) and a
    /// short practice: the same conditions, order and questions, a pilot that simulates in seconds.
    /// </summary>
    public static string PilotProtocol(string exampleProtocol, string outDir, double blockSeconds = 120, int bpm = 240)
    {
        var p = JsonNode.Parse(File.ReadAllText(exampleProtocol))!.AsObject();
        p["name"] = p["name"]!.GetValue<string>() + "-pilot";
        var overrides = p["overrides"] as JsonObject ?? new JsonObject();
        var audio = overrides["audio"] as JsonObject ?? new JsonObject();
        audio["bpm"] = bpm;
        overrides["audio"] = audio;
        p["overrides"] = overrides;
        if (p["practice"] is JsonObject practice) practice["durationSeconds"] = Math.Min(30, blockSeconds);
        foreach (var b in p["blocks"]!.AsArray()) b!["durationSeconds"] = blockSeconds;
        string path = Path.Combine(outDir, "pilot-study.json");
        File.WriteAllText(path, p.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>`ap study simulate` into <paramref name="studyDir"/> (replaced: a notebook run starts clean); returns what ap printed.</summary>
    public static string Simulate(string protocol, string studyDir, int participants)
    {
        if (Directory.Exists(studyDir)) Directory.Delete(studyDir, recursive: true);
        return ReportProcess.Ap(["study", "simulate", protocol, "--participants", participants.ToString(CultureInfo.InvariantCulture), "--study", studyDir]);
    }

    /// <summary>`ap export STUDY --tables DIR --format csv` (DIR replaced); returns the folder.</summary>
    public static string ExportTables(string studyDir, string tablesDir)
    {
        if (Directory.Exists(tablesDir)) Directory.Delete(tablesDir, recursive: true);
        ReportProcess.Ap(["export", studyDir, "--tables", tablesDir, "--format", "csv"]);
        return tablesDir;
    }

    /// <summary>
    /// Per condition, from the blocks table (kind <c>block</c>: the participants' own blocks, not practice or twins):
    /// participants, mean like rate and patterns; then, for each condition after the first (in name order), the
    /// within-participant difference in like rate with its mean and range.
    /// </summary>
    public static NotebookTable Conditions(NotebookTable blocks)
    {
        var own = blocks.Where(r => blocks.Cell(r, "kind") == "block").Rows;
        var byCondition = own.GroupBy(r => blocks.Cell(r, "condition")).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        string F(double v) => double.IsFinite(v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "";
        var rows = new List<IReadOnlyList<string>>();
        foreach (var g in byCondition)
            rows.Add([g.Key, g.Select(r => blocks.Cell(r, "participant")).Distinct().Count().ToString(CultureInfo.InvariantCulture),
                F(g.Average(r => blocks.Number(r, "patterns"))), F(g.Average(r => blocks.Number(r, "like_rate"))), "", ""]);
        if (byCondition.Count > 1)
        {
            var first = byCondition[0].ToDictionary(r => blocks.Cell(r, "participant"), r => blocks.Number(r, "like_rate"));
            foreach (var g in byCondition.Skip(1))
            {
                var d = g.Where(r => first.ContainsKey(blocks.Cell(r, "participant")))
                    .Select(r => blocks.Number(r, "like_rate") - first[blocks.Cell(r, "participant")]).Where(double.IsFinite).ToList();
                if (d.Count == 0) continue;
                rows.Add([$"{g.Key} − {byCondition[0].Key}", d.Count.ToString(CultureInfo.InvariantCulture), "", F(d.Average()), F(d.Min()), F(d.Max())]);
            }
        }
        return new NotebookTable(["condition", "participants", "mean patterns", "mean like rate", "min difference", "max difference"], rows);
    }

    /// <summary>
    /// The share of liked patterns at each place in the block (the n-th pattern heard), per condition, averaged over the
    /// participants' own blocks and smoothed over <paramref name="window"/> patterns: from the patterns table.
    /// </summary>
    public static Figure LikeRateByCondition(NotebookTable patterns, int window = 10)
    {
        var own = patterns.Where(r => patterns.Cell(r, "kind") == "block").Rows;
        var series = new List<Series>();
        foreach (var g in own.GroupBy(r => patterns.Cell(r, "condition")).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // Place in the block: patterns of one run in the order heard.
            var runs = g.GroupBy(r => patterns.Cell(r, "run")).Select(run => run.Select(r => patterns.Cell(r, "judgement") == "like" ? 1.0 : 0.0).ToArray()).ToList();
            int n = runs.Max(r => r.Length);
            var x = new List<double>();
            var y = new List<double>();
            for (int k = 0; k < n; k++)
            {
                var shares = runs.Where(r => r.Length > k).Select(r => r.Skip(Math.Max(0, k + 1 - window)).Take(Math.Min(window, k + 1)).Average()).ToList();
                x.Add(k + 1);
                y.Add(shares.Average());
            }
            series.Add(new Series($"{g.Key} ({runs.Count} blocks)", x, y));
        }
        return Figures.Lines("study-like-rate-by-condition", $"Like rate by condition (last {window} patterns, mean over participants)", "pattern heard in the block", "share liked", series, yFromZero: true,
            caption: "From the tidy patterns table: each participant's own blocks (no practice, no twins); a pattern counts as liked when its last applied judgement was a like.");
    }
}
