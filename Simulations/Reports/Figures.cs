using System.Text.Json.Nodes;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// Builds the report's figures as plotly.js figure JSON (data and layout), so that one page can hold many figures and
/// load plotly.js once. The JSON is written directly rather than through Plotly.NET's chart objects: building and
/// serialising those cost about 0.2 s per figure, more than the rest of a report together (issue 18).
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
        var data = new JsonArray();
        for (int i = 0; i < list.Count; i++)
        {
            var s = list[i];
            string color = s.Color ?? Palette[i % Palette.Length];
            var line = new JsonObject { ["color"] = color };
            if (s.Dash is { } dash) line["dash"] = dash;
            var trace = Trace("scatter", s.Name, s.X, s.Y);
            trace["mode"] = s.X.Count < 40 ? "lines+markers" : "lines";
            trace["line"] = line;
            trace["marker"] = new JsonObject { ["color"] = color };
            // Hidden traces keep their data in the page and come back with a click on the legend.
            if (s.Hidden) trace["visible"] = "legendonly";
            if (s.Group is { } g)
            {
                trace["legendgroup"] = g;
                trace["legendgrouptitle"] = new JsonObject { ["text"] = g };
            }
            data.Add(trace);
        }
        if (data.Count == 0) data.Add(Trace("scatter", "no data", [], []));
        var json = new JsonObject { ["data"] = data };
        Style(json, title, xTitle, yTitle);
        if (yFromZero) ((JsonObject)json["layout"]!["yaxis"]!)["rangemode"] = "tozero";
        return new Figure(name, title, json, wide, caption);
    }

    /// <summary>
    /// Mean curves with a shaded band (e.g. a 95 % confidence interval) per series, the band clipped to the measure's
    /// range [<paramref name="min"/>, <paramref name="max"/>]: a normal-approximation interval knows nothing of the
    /// bounds, and a KL or a share below 0 (a rate above 1) is no value the measure can take.
    /// </summary>
    public static Figure Bands(string name, string title, string xTitle, string yTitle,
        IEnumerable<(string Name, double[] X, double[] Mean, double[] Lower, double[] Upper)> series, string? caption = null,
        double min = 0, double max = double.PositiveInfinity)
    {
        var data = new JsonArray();
        int i = 0;
        foreach (var s in series)
        {
            string color = Palette[i++ % Palette.Length];
            // The band first (upper, then lower filled up to it), the mean line over it.
            var upper = Trace("scatter", s.Name + " upper", s.X, Clip(s.Upper, min, max));
            var lower = Trace("scatter", s.Name + " lower", s.X, Clip(s.Lower, min, max));
            foreach (var band in new[] { upper, lower })
            {
                band["showlegend"] = false;
                band["line"] = new JsonObject { ["width"] = 0, ["color"] = color };
                band["hoverinfo"] = "skip";
                band["legendgroup"] = s.Name;
                band["mode"] = "lines";
            }
            lower["fill"] = "tonexty";
            lower["fillcolor"] = Rgba(color, 0.2);
            var mean = Trace("scatter", s.Name, s.X, s.Mean);
            mean["line"] = new JsonObject { ["color"] = color, ["width"] = 2 };
            mean["legendgroup"] = s.Name;
            mean["mode"] = "lines";
            data.Add(upper);
            data.Add(lower);
            data.Add(mean);
        }
        var json = new JsonObject { ["data"] = data };
        Style(json, title, xTitle, yTitle);
        return new Figure(name, title, json, Wide: true, caption);
    }

    /// <summary>The values clipped to [min, max]; a missing (non-finite) value stays missing.</summary>
    public static double[] Clip(IReadOnlyList<double> values, double min, double max)
    {
        var r = new double[values.Count];
        for (int i = 0; i < r.Length; i++) r[i] = double.IsFinite(values[i]) ? Math.Clamp(values[i], min, max) : values[i];
        return r;
    }

    /// <summary>Grouped bars over categories (e.g. patterns by their beats), one trace per series, in the given order.</summary>
    public static Figure Bars(string name, string title, string xTitle, string yTitle, IReadOnlyList<string> categories,
        IEnumerable<(string Name, double[] Y, string Color, string[]? Hover)> bars, bool wide = false, string? caption = null)
    {
        var data = new JsonArray();
        foreach (var b in bars)
        {
            var trace = new JsonObject
            {
                ["type"] = "bar",
                ["name"] = b.Name,
                ["x"] = Strings(categories),
                ["y"] = Numbers(b.Y),
                ["marker"] = new JsonObject { ["color"] = b.Color },
            };
            if (b.Hover is { } h)
            {
                trace["text"] = Strings(h);
                trace["textposition"] = "none";
                trace["hovertemplate"] = "%{text}<extra></extra>";
            }
            data.Add(trace);
        }
        var json = new JsonObject { ["data"] = data };
        Style(json, title, xTitle, yTitle);
        var layout = (JsonObject)json["layout"]!;
        layout["barmode"] = "group";
        layout["xaxis"]!["type"] = "category";
        layout["xaxis"]!["tickangle"] = -60;
        layout["xaxis"]!["tickfont"] = new JsonObject { ["family"] = Mono, ["size"] = 10 };
        layout["margin"] = new JsonObject { ["l"] = 60, ["r"] = 20, ["t"] = 50, ["b"] = 110 };
        layout["height"] = 380;
        layout["legend"] = new JsonObject { ["orientation"] = "h", ["x"] = 0, ["y"] = 1.0, ["yanchor"] = "bottom" };
        ((JsonObject)layout["title"]!)["y"] = 0.98;
        ((JsonObject)layout["title"]!)["yanchor"] = "top";
        layout["margin"]!["t"] = 70;
        return new Figure(name, title, json, wide, caption);
    }

    public const string Mono = "'DejaVu Sans Mono', Menlo, Consolas, monospace";

    public static Figure Heatmap(string name, string title, double[][] z, string[] rows, int columns, string[][]? text = null, string? caption = null)
    {
        var beats = Enumerable.Range(0, columns).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var trace = HeatmapTrace(name, z, beats, rows);
        trace["zmin"] = 0;
        trace["zmax"] = 1;
        trace["colorscale"] = "YlOrRd";
        trace["reversescale"] = true;
        trace["xgap"] = 2;
        trace["ygap"] = 2;
        trace["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "dynamic" }, ["thickness"] = 10 };
        if (text is not null)
        {
            trace["text"] = new JsonArray([.. text.Select(r => (JsonNode)Strings(r))]);
            trace["hovertemplate"] = "beat %{x}, %{y}: dynamic %{z:.2f}, %{text}<extra></extra>";
        }
        var json = new JsonObject { ["data"] = new JsonArray(trace) };
        Style(json, title, "beat", "");
        var layout = (JsonObject)json["layout"]!;
        // Small multiples are narrow: a smaller title font, and room for a title of two lines (split with <br>).
        ((JsonObject)layout["title"]!)["font"] = new JsonObject { ["size"] = 12 };
        layout["height"] = 280;
        layout["margin"] = new JsonObject { ["l"] = 90, ["r"] = 10, ["t"] = title.Contains("<br>", StringComparison.Ordinal) ? 58 : 40, ["b"] = 40 };
        ((JsonObject)layout["xaxis"]!)["dtick"] = 1;
        ((JsonObject)layout["yaxis"]!)["autorange"] = "reversed";
        return new Figure(name, title, json, false, caption);
    }

    /// <summary>A heatmap trace: z as rows of columns, with the columns' and rows' labels.</summary>
    internal static JsonObject HeatmapTrace(string name, IReadOnlyList<double[]> z, IReadOnlyList<string> x, IReadOnlyList<string> y) => new()
    {
        ["type"] = "heatmap",
        ["name"] = name,
        ["z"] = new JsonArray([.. z.Select(r => (JsonNode)Numbers(r))]),
        ["x"] = Strings(x),
        ["y"] = Strings(y),
    };

    /// <summary>A trace of the given plotly type with its name and x, y values.</summary>
    internal static JsonObject Trace(string type, string name, IReadOnlyList<double> x, IReadOnlyList<double> y) => new()
    {
        ["type"] = type,
        ["name"] = name,
        ["x"] = Numbers(x),
        ["y"] = Numbers(y),
    };

    /// <summary>Numbers as a JSON array; a non-finite value is written as null, which plotly draws as a gap.</summary>
    internal static JsonArray Numbers(IReadOnlyList<double> values)
    {
        var a = new JsonArray();
        foreach (double v in values) a.Add(double.IsFinite(v) ? JsonValue.Create(v) : null);
        return a;
    }

    internal static JsonArray Strings(IReadOnlyList<string> values)
    {
        var a = new JsonArray();
        foreach (string v in values) a.Add(JsonValue.Create(v));
        return a;
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

    private static void Style(JsonObject fig, string title, string xTitle, string yTitle)
    {
        var layout = PageLayout(fig, title, 340);
        layout["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = xTitle }, ["zeroline"] = false };
        layout["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = yTitle }, ["zeroline"] = false };
        layout["margin"] = new JsonObject { ["l"] = 60, ["r"] = 20, ["t"] = 50, ["b"] = 40 };
        layout["legend"] = new JsonObject { ["orientation"] = "h", ["x"] = 0, ["y"] = -0.3, ["yanchor"] = "top" };
    }

    /// <summary>The report's look for any figure: title, height, the page's width, colours and font; returns the layout.</summary>
    internal static JsonObject PageLayout(JsonObject fig, string title, int height)
    {
        var layout = fig["layout"] as JsonObject ?? new JsonObject();
        fig["layout"] = layout;
        // Titles start at the left: plotly centres them, and a long centred title ran under the chart's toolbar.
        layout["title"] = new JsonObject { ["text"] = title, ["font"] = new JsonObject { ["size"] = 15 }, ["x"] = 0.01, ["xanchor"] = "left" };
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
