using System.Text.Json.Nodes;
using Plotly.NET;
using CChart = Plotly.NET.CSharp.Chart;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// Builds the report's figures with Plotly.NET and takes each one's figure JSON, so that one page can hold many
/// figures and load plotly.js once. Layout details (titles, axes, colours) are set on that JSON: it is what plotly.js
/// reads, and it keeps the F# option plumbing out of the C# code.
/// </summary>
public static class Figures
{
    /// <summary>Colours per listener group, the same in every figure.</summary>
    public static string GroupColor(string group) => group switch
    {
        "human" => "#d62728",
        "helmholtz" => "#1f77b4",
        _ => "#2ca02c",
    };

    public static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>At most this many points per line trace: longer series are decimated with <see cref="Lttb"/> for plotting.</summary>
    public const int MaxPointsPerTrace = 2000;

    /// <summary>The series as plotted: itself when short, else its <see cref="Lttb"/> decimation to <see cref="MaxPointsPerTrace"/> points.</summary>
    public static Series Decimated(Series s, int threshold = MaxPointsPerTrace)
    {
        if (s.X.Count <= threshold) return s;
        var (x, y) = Lttb.Decimate(s.X, s.Y, threshold);
        return s with { X = x, Y = y };
    }

    public static Figure Lines(string name, string title, string xTitle, string yTitle, IEnumerable<Series> series, bool wide = false, string? caption = null, bool yFromZero = false)
    {
        var list = series.Select(s => Decimated(s)).ToList();
        var charts = list.Select(s => CChart.Line<double, double, string>(s.X, s.Y, Name: s.Name, ShowMarkers: s.X.Count < 40)).ToList();
        var json = ToJson(charts.Count == 0 ? [CChart.Line<double, double, string>(Array.Empty<double>(), Array.Empty<double>(), Name: "no data")] : charts);
        var data = (JsonArray)json["data"]!;
        for (int i = 0; i < list.Count && i < data.Count; i++)
        {
            var trace = (JsonObject)data[i]!;
            var line = trace["line"] as JsonObject ?? new JsonObject();
            line["color"] = list[i].Color ?? Palette[i % Palette.Length];
            if (list[i].Dash is { } dash) line["dash"] = dash;
            // Hidden traces keep their data in the page and come back with a click on the legend.
            if (list[i].Hidden) trace["visible"] = "legendonly";
            trace["line"] = line;
            if (trace["marker"] is JsonObject marker) marker["color"] = list[i].Color ?? Palette[i % Palette.Length];
            if (list[i].Group is { } g)
            {
                trace["legendgroup"] = g;
                trace["legendgrouptitle"] = new JsonObject { ["text"] = g };
            }
        }
        Style(json, title, xTitle, yTitle);
        if (yFromZero) ((JsonObject)json["layout"]!["yaxis"]!)["rangemode"] = "tozero";
        return new Figure(name, title, json, wide, caption);
    }

    /// <summary>Mean curves with a shaded band (e.g. a 95 % confidence interval) per series.</summary>
    public static Figure Bands(string name, string title, string xTitle, string yTitle,
        IEnumerable<(string Name, double[] X, double[] Mean, double[] Lower, double[] Upper)> series, string? caption = null)
    {
        var list = series.ToList();
        var charts = new List<GenericChart>();
        foreach (var s in list)
        {
            // The band first (upper, then lower filled up to it), the mean line over it.
            charts.Add(CChart.Line<double, double, string>(s.X, s.Upper, Name: s.Name + " upper", ShowLegend: false));
            charts.Add(CChart.Line<double, double, string>(s.X, s.Lower, Name: s.Name + " lower", ShowLegend: false));
            charts.Add(CChart.Line<double, double, string>(s.X, s.Mean, Name: s.Name));
        }
        var json = ToJson(charts);
        var data = (JsonArray)json["data"]!;
        for (int i = 0; i < list.Count; i++)
        {
            string color = Palette[i % Palette.Length];
            var upper = (JsonObject)data[3 * i]!;
            var lower = (JsonObject)data[3 * i + 1]!;
            var mean = (JsonObject)data[3 * i + 2]!;
            foreach (var band in new[] { upper, lower })
            {
                band["line"] = new JsonObject { ["width"] = 0, ["color"] = color };
                band["hoverinfo"] = "skip";
                band["legendgroup"] = list[i].Name;
                band["mode"] = "lines";
            }
            lower["fill"] = "tonexty";
            lower["fillcolor"] = Rgba(color, 0.2);
            mean["line"] = new JsonObject { ["color"] = color, ["width"] = 2 };
            mean["legendgroup"] = list[i].Name;
            mean["mode"] = "lines";
        }
        Style(json, title, xTitle, yTitle);
        return new Figure(name, title, json, Wide: true, caption);
    }

    public static Figure Columns(string name, string title, string xTitle, string yTitle, IEnumerable<(string Name, double[] X, double[] Y, string Color)> bars, string? caption = null)
    {
        var list = bars.ToList();
        var json = ToJson(list.Select(b => CChart.Column<double, double, string>(b.Y, Keys: b.X, Name: b.Name)).ToList());
        var data = (JsonArray)json["data"]!;
        for (int i = 0; i < list.Count; i++)
        {
            var trace = (JsonObject)data[i]!;
            trace["marker"] = new JsonObject { ["color"] = list[i].Color };
            trace["opacity"] = 0.75;
        }
        Style(json, title, xTitle, yTitle);
        var layout = (JsonObject)json["layout"]!;
        layout["barmode"] = "overlay";
        layout["bargap"] = 0;
        layout["legend"] = new JsonObject { ["orientation"] = "h", ["y"] = 1.12, ["x"] = 0 };
        return new Figure(name, title, json, Wide: true, caption);
    }

    public static Figure Scatter3D(string name, string title, string xTitle, string yTitle, string zTitle,
        IEnumerable<(string Name, double[] X, double[] Y, double[] Z, string Color)> points, string? caption = null)
    {
        var list = points.ToList();
        var json = ToJson(list.Select(p => CChart.Point3D<double, double, double, string>(p.X, p.Y, p.Z, Name: p.Name)).ToList());
        var data = (JsonArray)json["data"]!;
        for (int i = 0; i < list.Count; i++)
            ((JsonObject)data[i]!)["marker"] = new JsonObject { ["color"] = list[i].Color, ["size"] = 3, ["opacity"] = 0.8 };
        var layout = (JsonObject)json["layout"]!;
        layout["title"] = new JsonObject { ["text"] = title, ["font"] = new JsonObject { ["size"] = 15 } };
        // Few, small ticks (an index axis of 32 values overlaps at dtick 1) and short titles, and the camera a little
        // further out than plotly's default, so that no axis title is cut by the figure's edge.
        double maxX = list.SelectMany(p => p.X).DefaultIfEmpty(0).Max(), maxY = list.SelectMany(p => p.Y).DefaultIfEmpty(0).Max();
        JsonObject Axis(string text, double? max) => new()
        {
            ["title"] = new JsonObject { ["text"] = text, ["font"] = new JsonObject { ["size"] = 11 } },
            ["tickfont"] = new JsonObject { ["size"] = 9 },
            ["nticks"] = 5,
            ["dtick"] = max is double m && m > 8 ? Math.Pow(2, Math.Max(0, Math.Floor(Math.Log2(m + 1)) - 2)) : null,
            ["tickmode"] = max is null ? null : "linear",
            ["tick0"] = max is null ? null : 0,
        };
        layout["scene"] = new JsonObject
        {
            ["xaxis"] = Axis(xTitle, maxX),
            ["yaxis"] = Axis(yTitle, maxY),
            ["zaxis"] = Axis(zTitle, null),
            ["camera"] = new JsonObject { ["eye"] = new JsonObject { ["x"] = 1.5, ["y"] = 1.5, ["z"] = 0.9 } },
            ["domain"] = new JsonObject { ["x"] = new JsonArray(0.04, 0.96), ["y"] = new JsonArray(0.08, 1.0) },
        };
        RemoveNulls(layout);
        layout["margin"] = new JsonObject { ["l"] = 10, ["r"] = 10, ["t"] = 50, ["b"] = 10 };
        layout.Remove("width");
        layout["autosize"] = true;
        layout["height"] = 440;
        layout["legend"] = new JsonObject { ["orientation"] = "h", ["y"] = 0, ["x"] = 0 };
        return new Figure(name, title, json, false, caption);
    }

    public static Figure Heatmap(string name, string title, double[][] z, string[] rows, int columns, string[][]? text = null, string? caption = null)
    {
        var beats = Enumerable.Range(0, columns).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var chart = CChart.Heatmap<double, string, string, string>(z.Select(r => (IEnumerable<double>)r), X: beats, Y: rows, Name: name);
        var json = ToJson([chart]);
        var trace = (JsonObject)((JsonArray)json["data"]!)[0]!;
        trace["zmin"] = 0;
        trace["zmax"] = 1;
        trace["colorscale"] = "YlOrRd";
        trace["reversescale"] = true;
        trace["xgap"] = 2;
        trace["ygap"] = 2;
        trace["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "dynamic" }, ["thickness"] = 10 };
        if (text is not null)
        {
            trace["text"] = new JsonArray([.. text.Select(r => (JsonNode)new JsonArray([.. r.Select(s => (JsonNode)JsonValue.Create(s)!)]))]);
            trace["hovertemplate"] = "beat %{x}, %{y}: dynamic %{z:.2f}, %{text}<extra></extra>";
        }
        Style(json, title, "beat", "");
        var layout = (JsonObject)json["layout"]!;
        // Small multiples are narrow: a smaller title font, and room for a title of two lines (split with <br>).
        ((JsonObject)layout["title"]!)["font"] = new JsonObject { ["size"] = 12 };
        ((JsonObject)layout["title"]!)["x"] = 0.02;
        ((JsonObject)layout["title"]!)["xanchor"] = "left";
        layout["height"] = 280;
        layout["margin"] = new JsonObject { ["l"] = 90, ["r"] = 10, ["t"] = title.Contains("<br>", StringComparison.Ordinal) ? 58 : 40, ["b"] = 40 };
        ((JsonObject)layout["xaxis"]!)["dtick"] = 1;
        ((JsonObject)layout["yaxis"]!)["autorange"] = "reversed";
        // Small multiples: the zoom buttons would cover the title.
        return new Figure(name, title, json, false, caption, ModeBar: false);
    }

    /// <summary>Moves the given traces onto a second y axis on the right, e.g. a rate in [0, 1] beside nats.</summary>
    public static Figure WithRightAxis(Figure f, IEnumerable<int> traces, string title, double? min = null, double? max = null)
    {
        var data = (JsonArray)f.Json["data"]!;
        foreach (int i in traces) ((JsonObject)data[i]!)["yaxis"] = "y2";
        var axis = new JsonObject { ["title"] = new JsonObject { ["text"] = title }, ["overlaying"] = "y", ["side"] = "right", ["showgrid"] = false, ["zeroline"] = false };
        if (min is double lo && max is double hi) axis["range"] = new JsonArray(lo, hi);
        var layout = (JsonObject)f.Json["layout"]!;
        layout["yaxis2"] = axis;
        ((JsonObject)layout["margin"]!)["r"] = 60;
        return f;
    }

    /// <summary>Fixes the y axis to [min, max] (a rate: 0–1, whatever the data).</summary>
    public static Figure WithYRange(Figure f, double min, double max)
    {
        var y = (JsonObject)f.Json["layout"]!["yaxis"]!;
        y.Remove("rangemode");
        y["range"] = new JsonArray(min, max);
        y["autorange"] = false;
        return f;
    }

    /// <summary>A vertical dotted line across the plot at x, labelled at the top (e.g. the time to half of chance).</summary>
    public static Figure WithVerticalMark(Figure f, double x, string label, string color = "#444")
    {
        var layout = (JsonObject)f.Json["layout"]!;
        Add(layout, "shapes", new JsonObject
        {
            ["type"] = "line", ["xref"] = "x", ["yref"] = "paper", ["x0"] = x, ["x1"] = x, ["y0"] = 0, ["y1"] = 1,
            ["line"] = new JsonObject { ["color"] = color, ["width"] = 1.5, ["dash"] = "dot" },
            ["name"] = label,
        });
        Add(layout, "annotations", new JsonObject
        {
            ["x"] = x, ["xref"] = "x", ["y"] = 1, ["yref"] = "paper", ["yanchor"] = "bottom", ["text"] = label,
            ["showarrow"] = false, ["font"] = new JsonObject { ["size"] = 11, ["color"] = color },
        });
        return f;
    }

    /// <summary>Draws the given traces as plain lines without markers (e.g. a constant reference line of two points).</summary>
    public static Figure LinesOnly(Figure f, params int[] traces)
    {
        var data = (JsonArray)f.Json["data"]!;
        foreach (int i in traces) if (i >= 0 && i < data.Count) ((JsonObject)data[i]!)["mode"] = "lines";
        return f;
    }

    /// <summary>A horizontal line across the plot at y (e.g. a chance level), labelled at the right.</summary>
    public static Figure WithHorizontalMark(Figure f, double y, string label, string dash = "dash", string color = "#7f7f7f")
    {
        var layout = (JsonObject)f.Json["layout"]!;
        Add(layout, "shapes", new JsonObject
        {
            ["type"] = "line", ["xref"] = "paper", ["yref"] = "y", ["x0"] = 0, ["x1"] = 1, ["y0"] = y, ["y1"] = y,
            ["line"] = new JsonObject { ["color"] = color, ["width"] = 1.5, ["dash"] = dash },
            ["name"] = label,
        });
        Add(layout, "annotations", new JsonObject
        {
            ["x"] = 1, ["xref"] = "paper", ["xanchor"] = "right", ["y"] = y, ["yref"] = "y", ["yanchor"] = "bottom", ["text"] = label,
            ["showarrow"] = false, ["font"] = new JsonObject { ["size"] = 11, ["color"] = color },
        });
        return f;
    }

    /// <summary>A text in the middle of the plot area (e.g. why a panel has nothing to show).</summary>
    public static Figure WithMessage(Figure f, string text)
    {
        Add((JsonObject)f.Json["layout"]!, "annotations", new JsonObject
        {
            ["x"] = 0.5, ["xref"] = "paper", ["y"] = 0.5, ["yref"] = "paper", ["text"] = text, ["showarrow"] = false,
            ["font"] = new JsonObject { ["size"] = 13, ["color"] = "#556" },
        });
        return f;
    }

    /// <summary>"1 play", "3 plays".</summary>
    public static string Count(long n, string noun, string? plural = null) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n} {(n == 1 ? noun : plural ?? noun + "s")}");

    private static void Add(JsonObject layout, string key, JsonObject item)
    {
        if (layout[key] is not JsonArray list) { list = []; layout[key] = list; }
        list.Add(item);
    }

    private static void RemoveNulls(JsonObject o)
    {
        foreach (var key in o.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList()) o.Remove(key);
        foreach (var (_, v) in o) if (v is JsonObject child) RemoveNulls(child);
    }

    /// <summary>A chart's figure JSON (several charts combined), without Plotly.NET's animation frames.</summary>
    internal static JsonObject ToJson(IReadOnlyList<GenericChart> charts)
    {
        var chart = charts.Count == 1 ? charts[0] : CChart.Combine(charts);
        var node = JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();
        node.Remove("frames");
        return node;
    }

    private static void Style(JsonObject fig, string title, string xTitle, string yTitle)
    {
        var layout = PageLayout(fig, title, 340);
        layout["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = xTitle }, ["zeroline"] = false };
        layout["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = yTitle }, ["zeroline"] = false };
        layout["margin"] = new JsonObject { ["l"] = 60, ["r"] = 20, ["t"] = 50, ["b"] = 40 };
        layout["legend"] = new JsonObject { ["orientation"] = "h", ["x"] = 0, ["y"] = -0.22, ["yanchor"] = "top" };
    }

    /// <summary>The report's look for any figure: title, height, the page's width, colours and font; returns the layout.</summary>
    internal static JsonObject PageLayout(JsonObject fig, string title, int height)
    {
        var layout = fig["layout"] as JsonObject ?? new JsonObject();
        fig["layout"] = layout;
        layout["title"] = new JsonObject { ["text"] = title, ["font"] = new JsonObject { ["size"] = 15 } };
        layout["height"] = height;
        // Plotly.NET sets a fixed width; the page's grid decides it instead.
        layout.Remove("width");
        layout["autosize"] = true;
        layout["paper_bgcolor"] = "#ffffff";
        layout["plot_bgcolor"] = "#f7f7f9";
        layout["font"] = new JsonObject { ["family"] = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif", ["size"] = 12 };
        return layout;
    }

    private static string Rgba(string hex, double alpha)
    {
        int r = Convert.ToInt32(hex[1..3], 16), g = Convert.ToInt32(hex[3..5], 16), b = Convert.ToInt32(hex[5..7], 16);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rgba({r},{g},{b},{alpha})");
    }
}
