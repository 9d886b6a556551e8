using System.Text.Json.Nodes;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// A value per pattern (a probability, P(like), an interval's width) as a square heatmap of all 2^beats patterns:
/// the first beats as rows, the last beats as columns (32 × 32 for 10 beats), each axis labelled with its beats
/// (x = hit, . = rest). A reader finds a pattern by its two halves instead of by an index among 1024 bars.
/// </summary>
public static class PatternFigures
{
    /// <param name="beatString">The pattern as beats (x = hit, . = rest), most significant bit first.</param>
    /// <param name="hover">The hover text of a pattern.</param>
    public static Figure Map(string name, string title, int beats, IReadOnlyList<double> values, Func<int, string> beatString, Func<int, string> hover,
        string colorTitle, object colorscale, double zmin, double zmax, bool reverse = false, string? caption = null)
    {
        int low = beats / 2, high = beats - low;
        int rows = 1 << high, cols = 1 << low;
        var rowLabels = Enumerable.Range(0, rows).Select(r => beatString(r << low)[..high]).ToArray();
        var colLabels = Enumerable.Range(0, cols).Select(c => beatString(c)[^low..]).ToArray();
        var z = new double[rows][];
        var text = new JsonArray();
        for (int r = 0; r < rows; r++)
        {
            z[r] = new double[cols];
            var line = new JsonArray();
            for (int c = 0; c < cols; c++)
            {
                int pattern = (r << low) | c;
                z[r][c] = values[pattern];
                line.Add(hover(pattern));
            }
            text.Add(line);
        }
        var trace = Figures.HeatmapTrace(name, z, colLabels, rowLabels);
        trace["zmin"] = zmin;
        trace["zmax"] = zmax;
        trace["colorscale"] = colorscale switch
        {
            string s => s,
            (double, string)[] stops => new JsonArray([.. stops.Select(x => (JsonNode)new JsonArray(x.Item1, x.Item2))]),
            _ => throw new ArgumentException("a colour scale is a plotly name or (position, colour) stops", nameof(colorscale)),
        };
        if (reverse) trace["reversescale"] = true;
        trace["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = colorTitle }, ["thickness"] = 10, ["len"] = 0.8 };
        trace["text"] = text;
        trace["hovertemplate"] = "%{text}<extra></extra>";
        var json = new JsonObject { ["data"] = new JsonArray(trace) };
        var layout = Figures.PageLayout(json, title, 540);
        layout["xaxis"] = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = $"beats {high}–{beats - 1}" },
            ["type"] = "category", ["tickangle"] = -90, ["tickfont"] = new JsonObject { ["family"] = Figures.Mono, ["size"] = 9 },
            ["side"] = "bottom", ["constrain"] = "domain",
        };
        layout["yaxis"] = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = $"beats 0–{high - 1}" },
            ["type"] = "category", ["autorange"] = "reversed", ["tickfont"] = new JsonObject { ["family"] = Figures.Mono, ["size"] = 9 },
            ["scaleanchor"] = "x", ["constrain"] = "domain",
        };
        layout["margin"] = new JsonObject { ["l"] = 80, ["r"] = 10, ["t"] = 50, ["b"] = 80 };
        return new Figure(name, title, json, false, caption);
    }

    /// <summary>White at 0 to dark blue at the top: an empty cell is the page's background, never the darkest.</summary>
    public static readonly (double, string)[] WhiteToBlue = [(0, "#ffffff"), (0.15, "#c6dbef"), (0.5, "#4292c6"), (1, "#08306b")];
}
