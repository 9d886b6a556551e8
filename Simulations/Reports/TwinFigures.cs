using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.IO;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Runs;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// The report's "Twin" section: a machine listener against the person whose run it replays — the confusion matrix
/// as a heatmap (rows the person, columns the machine), the agreement on the person's judged patterns and Cohen's κ.
/// </summary>
public static class TwinFigures
{
    /// <summary>Adds the Twin section for a run folder that holds a twin.json; does nothing otherwise.</summary>
    public static void AddTo(HtmlPage page, SessionAnalysis s, int i)
    {
        if (TwinFile.TryLoad(s.RunFolder) is { } twin) Section(page, twin, $"s{i}-");
    }

    public static void Section(HtmlPage page, TwinFile twin, string prefix, int level = 3)
    {
        var t = twin.Twin;
        page.Heading("Twin: the machine listener against the person", level);
        page.Paragraph(Numbers(t), "meta");
        if (t.Note is { } note) page.Paragraph(note, "note");
        page.Grid([Confusion(prefix + "twin-confusion", t)]);
    }

    public static string Numbers(TwinSummary t)
    {
        string F(double? v) => v is double d ? d.ToString("F3", CultureInfo.InvariantCulture) : "—";
        return $"Twin of {t.Of} · listener {t.Listener} · {(t.Counterfactual ? "counterfactual: it judged exactly the patterns the person heard" : "its own loop in virtual time")} · " +
            $"agreement {F(t.Agreement)} on the {t.JudgedByPerson} patterns the person judged · Cohen's κ {F(t.CohensKappa)} over {t.Patterns} heard patterns (like / dislike / none; 1 perfect, 0 chance level).";
    }

    /// <summary>The confusion matrix as a heatmap of counts, rows the person, columns the machine.</summary>
    public static Figure Confusion(string name, TwinSummary t)
    {
        var labels = t.Confusion.Labels.ToArray();
        var z = t.Confusion.Matrix.Select(r => r.Select(v => (double)v).ToArray()).ToArray();
        var trace = Figures.HeatmapTrace(name, z, labels, labels);
        var json = new JsonObject { ["data"] = new JsonArray(trace) };
        // plotly's "Blues" runs dark → light, which made the empty cells the darkest: zero is white here.
        trace["colorscale"] = new JsonArray([.. PatternFigures.WhiteToBlue.Select(x => (JsonNode)new JsonArray(x.Item1, x.Item2))]);
        trace["zmin"] = 0;
        trace["xgap"] = 2;
        trace["ygap"] = 2;
        trace["text"] = new JsonArray([.. t.Confusion.Matrix.Select(r => (JsonNode)new JsonArray([.. r.Select(v => (JsonNode)JsonValue.Create(v.ToString(CultureInfo.InvariantCulture))!)]))]);
        trace["texttemplate"] = "%{text}";
        trace["hovertemplate"] = "person %{y}, machine %{x}: %{z} patterns<extra></extra>";
        trace["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "patterns" }, ["thickness"] = 10 };
        string title = "Confusion: person (rows) × machine (columns)";
        json["layout"] = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = title, ["font"] = new JsonObject { ["size"] = 15 } },
            ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "machine listener" }, ["side"] = "bottom" },
            ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "person" }, ["autorange"] = "reversed" },
            ["height"] = 340,
            ["autosize"] = true,
            ["margin"] = new JsonObject { ["l"] = 80, ["r"] = 20, ["t"] = 50, ["b"] = 50 },
        };
        return new Figure(name, title, json, Caption: "Each cell counts heard patterns by what the person did (row) and what the machine listener did (column); the diagonal is agreement.");
    }

    /// <summary>The report of a counterfactual twin (it has no session log of its own): the Twin section and the compared patterns.</summary>
    public static void WriteReport(TwinFile twin, string htmlPath)
    {
        string title = "ActionPerception twin report";
        var page = new HtmlPage(title);
        page.Heading(title, 1);
        Section(page, twin, "", level: 2);
        page.Heading("Compared patterns", 3);
        page.Table(["serial", "start (s)", "pattern", "person", "machine"],
            twin.Patterns.Select(p => (IReadOnlyList<string>)[p.Serial.ToString(CultureInfo.InvariantCulture), p.Start.ToString("F2", CultureInfo.InvariantCulture), p.Beats, p.Person, p.Machine]),
            "twin-patterns");
        page.Data("twin-data", JsonSerializer.SerializeToNode(twin.Twin, JsonFiles.Write)!);
        SafeFile.WriteAllTextAtomically(htmlPath, page.Render(), overwrite: true);
    }
}
