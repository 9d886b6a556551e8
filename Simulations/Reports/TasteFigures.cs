using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.IO;
using ActionPerception.Agents.Tastes.Posterior;
using ActionPerception.Simulations.Analysis;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// "What the machine believes you like" (issue 10): the taste posterior rebuilt from a session's judgements, as a
/// heatmap of P(like) over every pattern (first beats as rows, last beats as columns), its uncertainty, the feature
/// weights with 90 % intervals, and for a known taste the AUC as judgements came in; for a person and a machine, the
/// two posteriors side by side and the patterns where they disagree most.
/// </summary>
public static class TasteFigures
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The per-session section: a heading, a line of summary, and the figures.</summary>
    public static void Section(HtmlPage page, SessionAnalysis s, TasteView v, string prefix, string? referenceNote)
    {
        var p = v.Posterior;
        page.Heading(s.ListenerGroup == "human" ? "What the machine believes you like" : "What the machine believes the listener likes", 3);
        var top = p.TopPatterns(5);
        page.Paragraph(p.Count == 0
            ? "No applied like or dislike in the log: the posterior is the prior, P(like) = 0.5 for every pattern."
            : string.Create(Inv, $"Bayesian logistic regression on beats, adjacent beat pairs and the onset count (Gaussian prior, Jaakkola–Jordan bound; as ap taste), rebuilt from {Figures.Count(p.Count, "applied judgement")} ({Figures.Count(p.Likes, "like")}, {Figures.Count(p.Dislikes, "dislike")}) of {Figures.Count(p.DistinctPatterns, "distinct pattern")}. Most likely liked: ")
              + string.Join(", ", top.Select(t => string.Create(Inv, $"{v.BeatString(t.Pattern)} {t.Probability:0.00} [{t.Lower:0.00}, {t.Upper:0.00}]"))) + ".", "meta");
        if (referenceNote is not null) page.Paragraph(referenceNote, "note");
        var figures = new List<Figure>
        {
            Heatmap(prefix + "taste-plike", "P(like) per pattern (posterior mean)", v, v.Predictions.Select(x => x.Probability).ToArray(), "P(like)", "RdBu", 0, 1,
                "Posterior-predictive P(like) of every pattern: rows are the first beats, columns the last (x = hit, . = rest); hover for the pattern and its 90 % interval."),
            Heatmap(prefix + "taste-uncertainty", "Uncertainty: width of the 90 % interval of P(like)", v, v.Predictions.Select(x => x.Upper - x.Lower).ToArray(), "width", "Greys", 0, 1,
                "Width of the 90 % credible interval of σ(φᵀw) per pattern: dark where the judgements leave the taste open."),
            Weights(prefix + "taste-weights", v),
        };
        if (v.Auc.Count > 0) figures.Add(AucCurve(prefix + "taste-auc", v));
        page.Grid(figures);
    }

    /// <summary>A P(like) (or any per-pattern value in [0, 1]) heatmap: first beats as rows, last beats as columns.</summary>
    public static Figure Heatmap(string name, string title, TasteView v, double[] values, string colorTitle, string colorscale, double zmin, double zmax, string? caption = null) =>
        // plotly's RdBu runs blue → red and Greys black → white: reversed, a like is blue and a wide interval dark.
        PatternFigures.Map(name, title, v.Beats, values, v.BeatString, pattern =>
        {
            var pr = v.Predictions[pattern];
            return string.Create(Inv, $"{v.BeatString(pattern)} (pattern {pattern})<br>P(like) {pr.Probability:0.000} [{pr.Lower:0.000}, {pr.Upper:0.000}]");
        }, colorTitle, colorscale, zmin, zmax, reverse: true, caption);

    /// <summary>Posterior mean of every feature weight with its 90 % interval as error bars.</summary>
    public static Figure Weights(string name, TasteView v)
    {
        var w = v.Weights;
        var names = w.Select(x => x.Name).ToArray();
        var trace = new JsonObject
        {
            ["type"] = "scatter", ["name"] = "posterior mean", ["x"] = Figures.Numbers([.. w.Select(x => x.Mean)]), ["y"] = Figures.Strings(names),
        };
        var json = new JsonObject { ["data"] = new JsonArray(trace) };
        trace["mode"] = "markers";
        trace["marker"] = new JsonObject { ["color"] = "#1f77b4", ["size"] = 7 };
        trace["error_x"] = new JsonObject
        {
            ["type"] = "data", ["symmetric"] = false,
            ["array"] = new JsonArray([.. w.Select(x => (JsonNode)JsonValue.Create(x.Upper - x.Mean))]),
            ["arrayminus"] = new JsonArray([.. w.Select(x => (JsonNode)JsonValue.Create(x.Mean - x.Lower))]),
            ["color"] = "#1f77b4", ["thickness"] = 1.5, ["width"] = 3,
        };
        trace["customdata"] = new JsonArray([.. w.Select(x => (JsonNode)new JsonArray(x.Lower, x.Upper))]);
        trace["hovertemplate"] = "%{y}: %{x:+.2f} [%{customdata[0]:+.2f}, %{customdata[1]:+.2f}]<extra></extra>";
        var layout = Figures.PageLayout(json, "Feature weights (posterior mean, 90 % interval)", Math.Max(340, 22 * w.Count + 90));
        layout["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "weight (log-odds of a like)" }, ["zeroline"] = true, ["zerolinecolor"] = "#888" };
        layout["yaxis"] = new JsonObject { ["type"] = "category", ["autorange"] = "reversed", ["tickfont"] = new JsonObject { ["size"] = 10 } };
        layout["margin"] = new JsonObject { ["l"] = 80, ["r"] = 20, ["t"] = 50, ["b"] = 50 };
        layout["showlegend"] = false;
        return new Figure(name, "Feature weights", json, false,
            "Each feature's weight in the log-odds of a like: > 0 makes a like more likely. Bars: 90 % credible interval (mean ∓ 1.645 sd). \"beat k\": beat k is a hit; \"beats k·k+1\": both are; onsets/n: the share of hits.");
    }

    public static Figure AucCurve(string name, TasteView v)
    {
        var auc = v.Auc;
        int? reached = TasteEvaluation.JudgementsToReach(auc);
        var f = Figures.Lines(name, "How well it knows the taste: AUC against the known set", "applied judgements", "AUC",
        [
            new("AUC of P(like)", [.. auc.Select(a => (double)a.Judgements)], [.. auc.Select(a => a.Auc)], "#1f77b4"),
            new("chance", [0, Math.Max(1, auc[^1].Judgements)], [0.5, 0.5], ConvergenceFigures.ChanceColor, Dash: "dash"),
            new("0.9", [0, Math.Max(1, auc[^1].Judgements)], [0.9, 0.9], ConvergenceFigures.ChanceColor, Dash: "dot"),
        ], caption: string.Create(Inv, $"AUC of the posterior's P(like) for telling the reference set \u201c{v.Reference!.Name}\u201d ({v.Reference.Size} of {v.Reference.Support.Length} patterns) from the rest, updated online after every judgement and measured {(v.AucEvery == 1 ? "after each" : $"every {v.AucEvery}")}. ")
            + (reached is int r ? $"AUC 0.9 reached after {Figures.Count(r, "judgement")}." : "AUC 0.9 not reached."));
        f = Figures.LinesOnly(Figures.WithYRange(f, 0, 1.02), 1, 2);
        if (reached is int at) Figures.WithVerticalMark(f, at, $"0.9 at {at}");
        return f;
    }

    /// <summary>
    /// A person's and a machine's posteriors side by side, and the patterns where their P(like) differ most.
    /// </summary>
    public static void Compare(HtmlPage page, (SessionAnalysis S, TasteView V) human, (SessionAnalysis S, TasteView V) machine, int k = 10)
    {
        page.Heading("What each listener is believed to like: person and machine");
        page.Paragraph($"The taste posteriors of {human.S.Label} and {machine.S.Label}, each rebuilt from its own session's applied judgements, on one colour scale; below, the {k} patterns where their P(like) differ most.", "meta");
        if (human.V.Beats != machine.V.Beats)
        {
            page.Paragraph($"The sessions have {human.V.Beats} and {machine.V.Beats} beats: their patterns cannot be compared.", "note");
            return;
        }
        page.Grid(
        [
            Heatmap("taste-compare-human", $"P(like): {human.S.Label}", human.V, [.. human.V.Predictions.Select(x => x.Probability)], "P(like)", "RdBu", 0, 1,
                Figures.Count(human.V.Posterior.Count, "judgement") + "."),
            Heatmap("taste-compare-machine", $"P(like): {machine.S.Label}", machine.V, [.. machine.V.Predictions.Select(x => x.Probability)], "P(like)", "RdBu", 0, 1,
                Figures.Count(machine.V.Posterior.Count, "judgement") + "."),
        ]);
        var d = TasteAnalysis.Disagreements(human.V, machine.V, k);
        page.Table(["pattern", "beats", $"P(like) {human.S.Label}", "90 %", $"P(like) {machine.S.Label}", "90 %", "difference"],
            d.Select(x => (IReadOnlyList<string>)
            [
                x.Pattern.ToString(Inv), x.Beats, x.A.ToString("0.00", Inv), string.Create(Inv, $"[{x.ALower:0.00}, {x.AUpper:0.00}]"),
                x.B.ToString("0.00", Inv), string.Create(Inv, $"[{x.BLower:0.00}, {x.BUpper:0.00}]"), x.Difference.ToString("+0.00;-0.00;0.00", Inv),
            ]), "taste-disagreement");
        page.Data("taste-disagreement-data", new JsonObject
        {
            ["schemaVersion"] = 1,
            ["a"] = human.S.Label,
            ["b"] = machine.S.Label,
            ["patterns"] = JsonSerializer.SerializeToNode(d, JsonFiles.Write),
        });
    }
}
