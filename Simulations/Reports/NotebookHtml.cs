using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// HTML fragments for notebook outputs: plotly.js once (<see cref="PlotlyScript"/>, the first output), then each of
/// the project's figures as a div and one Plotly.newPlot call on its JSON, and plain tables. No iframe, no URL.
/// </summary>
public static class NotebookHtml
{
    /// <summary>
    /// plotly.js as one output. Classic Jupyter pages carry require.js, whose <c>define</c> would make plotly.js register
    /// as a module instead of <c>window.Plotly</c>; it is hidden while plotly.js runs.
    /// </summary>
    public static string PlotlyScript() =>
        "<script>window.__apDefine = window.define; window.define = undefined;</script>\n<script>\n" + HtmlPage.PlotlyJs.Value +
        "\n</script>\n<script>window.define = window.__apDefine;</script>\n" +
        $"<p style=\"color:#556;font-size:12px\">plotly.js {HtmlPage.PlotlyJsVersion} loaded once for this notebook (offline).</p>";

    private static int _next;

    /// <summary>
    /// A figure as a div and a script drawing it; the script waits for plotly.js, which an editor may load into the page
    /// after this output (outputs of one notebook share one page).
    /// </summary>
    public static string Figure(Figure f, string? caption = null)
    {
        string id = string.Create(CultureInfo.InvariantCulture, $"ap-fig-{System.Environment.ProcessId}-{Interlocked.Increment(ref _next)}");
        var layout = f.Json["layout"]?.DeepClone().AsObject() ?? new JsonObject();
        int height = FigureExport.HeightOf(f) ?? 450;
        layout["height"] = height;
        var fig = new JsonObject { ["data"] = f.Json["data"]?.DeepClone() ?? new JsonArray(), ["layout"] = layout };
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<div id=\"{id}\" class=\"ap-figure\" data-name=\"{WebUtility.HtmlEncode(f.Name)}\" style=\"width:100%;height:{height}px\"></div>\n");
        if ((caption ?? f.Caption) is { } c) sb.Append("<p style=\"color:#556;font-size:12px;margin:2px 8px 12px\">").Append(WebUtility.HtmlEncode(c)).Append("</p>\n");
        sb.Append("<script>(function draw(n) { if (window.Plotly) { var f = ")
            .Append(HtmlPage.ScriptSafe(fig.ToJsonString()))
            .Append(CultureInfo.InvariantCulture, $"; Plotly.newPlot('{id}', f.data, f.layout, {{ displaylogo: false, responsive: true, displayModeBar: false }}); }} else if (n < 200) setTimeout(function () {{ draw(n + 1); }}, 50); }})(0);</script>\n");
        return sb.ToString();
    }

    public static string Figures(IEnumerable<Figure> figures) => string.Concat(figures.Select(f => Figure(f)));

    /// <summary>A table; numbers are right-aligned, at most <paramref name="maxRows"/> rows with a line saying how many were left out.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int maxRows = 50, string? caption = null)
    {
        var sb = new StringBuilder("<table style=\"border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px;margin:6px 0\">");
        if (caption is not null) sb.Append("<caption style=\"text-align:left;color:#556\">").Append(WebUtility.HtmlEncode(caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var h in header) sb.Append("<th style=\"padding:3px 8px;border-bottom:2px solid #999;text-align:left\">").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        int n = 0, total = 0;
        foreach (var r in rows)
        {
            total++;
            if (n >= maxRows) continue;
            n++;
            sb.Append("<tr>");
            foreach (var c in r)
            {
                bool number = double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                sb.Append(number ? "<td style=\"padding:2px 8px;border-bottom:1px solid #ddd;text-align:right\">" : "<td style=\"padding:2px 8px;border-bottom:1px solid #ddd\">")
                    .Append(WebUtility.HtmlEncode(c)).Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (total > n) sb.Append(CultureInfo.InvariantCulture, $"<p style=\"color:#556;font-size:12px\">{n} of {total} rows shown.</p>");
        return sb.ToString();
    }

    public static string Table(NotebookTable t, int maxRows = 50, string? caption = null) => Table(t.Header, t.Rows, maxRows, caption);

    /// <summary>A whole page of fragments, for the file-based twins of the notebooks (one file a browser opens offline).</summary>
    public static string Page(string title, IEnumerable<string> fragments)
    {
        var sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        sb.Append(WebUtility.HtmlEncode(title)).Append("</title>\n</head>\n<body style=\"font-family:system-ui,sans-serif;max-width:1200px;margin:0 auto;padding:16px\">\n");
        sb.Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n").Append(PlotlyScript()).Append('\n');
        foreach (var f in fragments) sb.Append(f).Append('\n');
        return sb.Append("</body>\n</html>\n").ToString();
    }
}
