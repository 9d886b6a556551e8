using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// An HTML page of figures: each figure's JSON in a &lt;script type="application/json"&gt; block that one loader script
/// draws, so the figure data can be read back from the file (the tests do). plotly.js (Plotly.NET's own embedded copy)
/// is inlined once, so a lone page renders offline as a single file; pages written side by side (the runs of a sweep)
/// can instead refer to one copy beside them by a relative path (<see cref="WritePlotlyJs"/>). No URL is referenced.
/// </summary>
public sealed class HtmlPage(string title)
{
    private readonly StringBuilder _body = new();
    private int _figures;

    public string Title { get; } = title;

    public HtmlPage Heading(string text, int level = 2)
    {
        _body.Append($"<h{level}>{Enc(text)}</h{level}>\n");
        return this;
    }

    public HtmlPage Paragraph(string text, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(Enc(text)).Append("</p>\n");
        return this;
    }

    public HtmlPage Raw(string html)
    {
        _body.Append(html).Append('\n');
        return this;
    }

    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string id)
    {
        _body.Append($"<table id=\"{id}\"><thead><tr>");
        foreach (var h in header) _body.Append("<th>").Append(Enc(h)).Append("</th>");
        _body.Append("</tr></thead><tbody>\n");
        foreach (var r in rows)
        {
            _body.Append("<tr>");
            foreach (var c in r) _body.Append("<td>").Append(Enc(c)).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody></table>\n");
        return this;
    }

    /// <summary>Machine-readable data next to the figures (e.g. the summary table), for tools and tests.</summary>
    public HtmlPage Data(string id, JsonNode data)
    {
        _body.Append($"<script type=\"application/json\" id=\"{id}\">").Append(ScriptSafe(data.ToJsonString())).Append("</script>\n");
        return this;
    }

    public HtmlPage Grid(IEnumerable<Figure> figures, bool small = false)
    {
        _body.Append(small ? "<div class=\"grid small\">\n" : "<div class=\"grid\">\n");
        foreach (var f in figures) AppendFigure(f);
        _body.Append("</div>\n");
        return this;
    }

    private void AppendFigure(Figure f)
    {
        int n = _figures++;
        string id = $"fig-{n}";
        _body.Append($"<figure class=\"{(f.Wide ? "wide" : "")}\"><div class=\"plot\" id=\"{id}\" data-name=\"{Enc(f.Name)}\"></div>");
        if (f.Caption is { } c) _body.Append("<figcaption>").Append(Enc(c)).Append("</figcaption>");
        _body.Append("</figure>\n");
        // The title and width ride along so that `--figures` can name and size each figure from the page alone.
        _body.Append($"<script type=\"application/json\" class=\"figure-data\" data-target=\"{id}\" data-name=\"{Enc(f.Name)}\" data-title=\"{Enc(f.Title)}\"{(f.Wide ? " data-wide=\"true\"" : "")}>")
            .Append(ScriptSafe(f.Json.ToJsonString())).Append("</script>\n");
    }

    /// <summary>
    /// The page with plotly.js inlined, or, given <paramref name="plotlyJsSrc"/> (a relative path such as
    /// "../../plotly-2.28.0.min.js"), referring to that copy instead.
    /// </summary>
    public string Render(string? plotlyJsSrc = null)
    {
        var sb = new StringBuilder(_body.Length + (plotlyJsSrc is null ? PlotlyJs.Value.Length : 0) + 8192);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>").Append(Enc(Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n");
        if (plotlyJsSrc is null) sb.Append("<script>\n").Append(PlotlyJs.Value).Append("\n</script>\n");
        else sb.Append("<script src=\"").Append(Enc(plotlyJsSrc.Replace('\\', '/'))).Append("\"></script>\n");
        sb.Append("</head>\n<body>\n<main>\n");
        sb.Append(_body);
        sb.Append("</main>\n<script>\n").Append(Loader).Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>The file name of the shared plotly.js copy: versioned, so reports of another version never pick up the wrong one.</summary>
    public static string PlotlyJsFileName => $"plotly-{PlotlyJsVersion}.min.js";

    /// <summary>
    /// Writes plotly.js into <paramref name="folder"/> (once: an identical copy is left alone) for pages that refer to
    /// it with <see cref="Render(string?)"/>; returns its path.
    /// </summary>
    public static string WritePlotlyJs(string folder)
    {
        string path = Path.Combine(folder, PlotlyJsFileName);
        // The version is in the name, so a file of the right length is this copy (a torn write would be shorter).
        if (File.Exists(path) && new FileInfo(path).Length == Encoding.UTF8.GetByteCount(PlotlyJs.Value)) return path;
        Directory.CreateDirectory(folder);
        ActionPerception.IO.SafeFile.WriteAllTextAtomically(path, PlotlyJs.Value, overwrite: true);
        return path;
    }

    /// <summary>plotly.js as shipped inside Plotly.NET (PlotlyJSReference.Full uses the same resource), safe inside a script element.</summary>
    public static readonly Lazy<string> PlotlyJs = new(() => ScriptSafe(PlotlyJsResource.Value.Value.Script));

    public static string PlotlyJsVersion => PlotlyJsResource.Value.Value.Version;

    /// <summary>A "&lt;/script" inside a script would end it early; "&lt;\/" means the same in JS and JSON.</summary>
    internal static string ScriptSafe(string s) => s.Replace("</", "<\\/", StringComparison.Ordinal);

    private static string Enc(string s) => WebUtility.HtmlEncode(s);

    private const string Loader = """
        (function () {
          document.querySelectorAll('script.figure-data').forEach(function (el) {
            var fig = JSON.parse(el.textContent);
            // No toolbar: it sat over the titles. Drag still zooms, a double click resets, the legend still toggles.
            var config = { displaylogo: false, responsive: true, displayModeBar: false };
            Plotly.newPlot(el.getAttribute('data-target'), fig.data, fig.layout, config);
          });
        })();

        """;

    private const string Css = """
        body { margin: 0; background: #eef0f3; color: #1d2330; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; font-size: 14px; }
        main { max-width: 1400px; margin: 0 auto; padding: 16px 24px 48px; }
        h1 { font-size: 24px; margin: 8px 0 4px; }
        h2 { font-size: 19px; margin: 28px 0 8px; padding-top: 12px; border-top: 2px solid #c9ced8; }
        h3 { font-size: 16px; margin: 18px 0 6px; }
        p.meta { color: #556; margin: 2px 0; }
        p.note { color: #8a4b00; background: #fff4e0; border-left: 4px solid #f0a020; padding: 6px 10px; margin: 6px 0; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 12px; }
        .grid.small { grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); }
        figure { margin: 0; background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.12); padding: 6px; }
        figure.wide { grid-column: 1 / -1; }
        figcaption { color: #556; font-size: 12px; padding: 2px 8px 6px; }
        table { border-collapse: collapse; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.12); margin: 8px 0; font-variant-numeric: tabular-nums; }
        th, td { padding: 5px 10px; border-bottom: 1px solid #e2e5ea; text-align: right; }
        th { background: #2f3b52; color: #fff; font-weight: 600; }
        td:first-child, th:first-child, td:nth-child(2), th:nth-child(2) { text-align: left; }

        """;
}
