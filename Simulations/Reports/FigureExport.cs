using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ActionPerception.IO;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// A report's figures as PNG and SVG files, drawn by plotly.js's own <c>Plotly.toImage</c> in a headless Chromium, from
/// the same figure JSON the HTML report draws: one page holding every figure, one browser run, one PNG and one SVG per
/// figure, named after its position and title.
/// </summary>
public static class FigureExport
{
    /// <summary>PNG pixels per CSS pixel: twice the page's resolution, sharp in print and on high-density screens.</summary>
    public const int PngScale = 2;

    public const int Width = 800;
    public const int WideWidth = 1200;
    public const int DefaultHeight = 450;

    /// <summary>What was written: the files in figure order, and the browser that drew them (its user agent and path).</summary>
    public sealed record Result(IReadOnlyList<(Figure Figure, string Png, string Svg)> Files, string Browser);

    /// <summary>One figure drawn: the PNG's bytes and the SVG's text.</summary>
    public sealed record Image(byte[] Png, string Svg);

    /// <summary>
    /// Every figure of a report page written by <see cref="HtmlPage"/>, in page order, read back from its figure-data
    /// blocks: the exact JSON the page draws, so the files show what the report shows.
    /// </summary>
    public static IReadOnlyList<Figure> FromHtml(string html)
    {
        var figures = new List<Figure>();
        foreach (Match m in FigureData.Matches(html))
        {
            string attrs = m.Groups["attrs"].Value;
            string name = WebUtility.HtmlDecode(Attr(attrs, "data-name") ?? $"figure-{figures.Count + 1}");
            var json = JsonNode.Parse(m.Groups["json"].Value)!.AsObject();
            string title = Attr(attrs, "data-title") is { } t ? WebUtility.HtmlDecode(t)
                : json["layout"]?["title"]?["text"]?.GetValue<string>() ?? name;
            figures.Add(new Figure(name, title, json, Wide: Attr(attrs, "data-wide") == "true"));
        }
        return figures;
    }

    /// <summary>
    /// The file stem of each figure: its 1-based position (two digits, three past 99) and its title reduced to
    /// lower-case ASCII letters, digits and hyphens; the same on every machine and culture, and unique in the report.
    /// </summary>
    public static IReadOnlyList<string> FileStems(IReadOnlyList<Figure> figures)
    {
        string format = figures.Count > 99 ? "D3" : "D2";
        return [.. figures.Select((f, i) => (i + 1).ToString(format, CultureInfo.InvariantCulture) + "-" + Slug(f.Title, f.Name))];
    }

    /// <summary>A title as a safe file name part: tags and accents dropped, anything else not a letter or digit a hyphen, at most 80 characters.</summary>
    public static string Slug(string title, string fallback = "figure")
    {
        string text = Regex.Replace(WebUtility.HtmlDecode(title), "<[^>]*>", " ");
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
            else if (Latin.TryGetValue(c, out string? plain)) sb.Append(plain);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        string slug = sb.ToString().Trim('-');
        if (slug.Length > 80) slug = slug[..80].TrimEnd('-');
        return slug.Length > 0 ? slug : fallback == title ? "figure" : Slug(fallback, "figure");
    }

    /// <summary>
    /// Accented Latin letters as plain ones, written out: the project runs with invariant globalization, where
    /// string normalisation does not decompose them.
    /// </summary>
    private static readonly Dictionary<char, string> Latin = BuildLatin();

    private static Dictionary<char, string> BuildLatin()
    {
        var map = new Dictionary<char, string>();
        foreach (var (chars, plain) in new[]
        {
            ("àáâãäåāăąÀÁÂÃÄÅĀĂĄ", "a"), ("çćčÇĆČ", "c"), ("ďđĎĐ", "d"), ("èéêëēėęěÈÉÊËĒĖĘĚ", "e"), ("ğĞ", "g"),
            ("ìíîïīįıÌÍÎÏĪĮİ", "i"), ("łŁ", "l"), ("ñńňÑŃŇ", "n"), ("òóôõöøōőÒÓÔÕÖØŌŐ", "o"), ("řŘ", "r"), ("śšşŚŠŞ", "s"),
            ("ťţŤŢ", "t"), ("ùúûüūůűųÙÚÛÜŪŮŰŲ", "u"), ("ýÿÝŸ", "y"), ("źżžŹŻŽ", "z"), ("ß", "ss"), ("æÆ", "ae"), ("œŒ", "oe"),
        })
            foreach (char c in chars) map[c] = plain;
        return map;
    }

    /// <summary>
    /// Writes <paramref name="figures"/> into <paramref name="dir"/> as NN-title.png and NN-title.svg. Every target is
    /// checked before the browser runs, and the files are written only after every figure was drawn: an existing file
    /// (without <paramref name="force"/>) or a failed render leaves the folder as it was.
    /// </summary>
    public static Result Write(IReadOnlyList<Figure> figures, string dir, bool force, HeadlessChromium chromium)
    {
        var targets = Targets(figures, dir, force);
        var (images, browser) = Render(figures, chromium);
        Directory.CreateDirectory(dir);
        for (int i = 0; i < figures.Count; i++)
        {
            var image = images[i];
            SafeFile.WriteAtomically(targets[i].Png, s => s.Write(image.Png), force);
            SafeFile.WriteAllTextAtomically(targets[i].Svg, image.Svg, force);
        }
        return new Result([.. figures.Select((f, i) => (f, targets[i].Png, targets[i].Svg))], browser);
    }

    /// <summary>The PNG and SVG path of each figure; an existing one is refused (exit 3) unless <paramref name="force"/>.</summary>
    public static IReadOnlyList<(string Png, string Svg)> Targets(IReadOnlyList<Figure> figures, string dir, bool force)
    {
        if (File.Exists(dir))
            throw new IOException($"{dir}: this is a file, not a folder; it was left untouched. Fix: give --figures a folder name.");
        if (figures.Count == 0)
            throw new InputFileException(dir, null, "the report has no figures to export", "report sessions that have patterns");
        var targets = FileStems(figures).Select(s => (Path.Combine(dir, s + ".png"), Path.Combine(dir, s + ".svg"))).ToList();
        if (!force)
        {
            var taken = targets.SelectMany(t => new[] { t.Item1, t.Item2 }).Where(File.Exists).ToList();
            if (taken.Count > 0)
                throw new IOException($"{taken[0]}: the file exists already{(taken.Count > 1 ? $" (and {taken.Count - 1} more figure files)" : "")}; nothing was written. Fix: choose another --figures folder, or pass --force to replace them.");
        }
        return targets;
    }

    /// <summary>
    /// Draws every figure in one headless browser run; returns the images in figure order and the browser's description.
    /// A figure plotly.js cannot draw is an <see cref="IOException"/> naming it.
    /// </summary>
    public static (IReadOnlyList<Image> Images, string Browser) Render(IReadOnlyList<Figure> figures, HeadlessChromium chromium, TimeSpan? timeout = null)
    {
        string temp = Path.Combine(Path.GetTempPath(), "ap-figures-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        try
        {
            HtmlPage.WritePlotlyJs(temp);
            string page = Path.Combine(temp, "export.html");
            File.WriteAllText(page, ExportPage(figures), new UTF8Encoding(false));
            string dom = chromium.DumpDom(page, Path.Combine(temp, "profile"), timeout ?? TimeSpan.FromMinutes(5));
            return Parse(dom, figures, chromium.Executable);
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); }
            catch (IOException) { } // a browser helper still closing its profile: the temp folder is left, not the export failed
        }
    }

    private static (IReadOnlyList<Image>, string) Parse(string dom, IReadOnlyList<Figure> figures, string executable)
    {
        if (Regex.Match(dom, "<pre class=\"figure-error\" data-index=\"(\\d+)\">(.*?)</pre>", RegexOptions.Singleline) is { Success: true } e)
        {
            var f = figures[int.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture)];
            throw new IOException($"plotly.js could not draw the figure \"{f.Name}\" ({WebUtility.HtmlDecode(e.Groups[2].Value)}); nothing was written.");
        }
        var done = Regex.Match(dom, "<pre id=\"export-done\" data-agent=\"([^\"]*)\">");
        var png = new string?[figures.Count];
        var svg = new string?[figures.Count];
        foreach (Match m in Regex.Matches(dom, "<pre class=\"figure-image\" data-index=\"(\\d+)\" data-format=\"(png|svg)\">([^<]*)</pre>"))
        {
            int i = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (m.Groups[2].Value == "png") png[i] = m.Groups[3].Value; else svg[i] = m.Groups[3].Value;
        }
        int drawn = Enumerable.Range(0, figures.Count).Count(i => png[i] is not null && svg[i] is not null);
        if (!done.Success || drawn < figures.Count)
            throw new IOException($"{executable} drew {drawn} of {figures.Count} figures before it stopped; nothing was written. Fix: retry; if it persists, check that this browser renders pages headless (chromium --headless --dump-dom file:///…).");
        var images = new List<Image>(figures.Count);
        for (int i = 0; i < figures.Count; i++)
            images.Add(new Image(DecodePng(png[i]!, figures[i]), DecodeSvg(svg[i]!, figures[i])));
        return (images, $"{WebUtility.HtmlDecode(done.Groups[1].Value)} ({executable})");
    }

    private const string PngPrefix = "data:image/png;base64,";
    private const string SvgPrefix = "data:image/svg+xml,";

    private static byte[] DecodePng(string dataUrl, Figure f) =>
        dataUrl.StartsWith(PngPrefix, StringComparison.Ordinal) ? Convert.FromBase64String(dataUrl[PngPrefix.Length..])
            : throw new IOException($"the browser returned no PNG for the figure \"{f.Name}\"; nothing was written.");

    private static string DecodeSvg(string dataUrl, Figure f) =>
        dataUrl.StartsWith(SvgPrefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(dataUrl[SvgPrefix.Length..])
            : throw new IOException($"the browser returned no SVG for the figure \"{f.Name}\"; nothing was written.");

    /// <summary>The figure's own layout height in pixels, if it sets one (an int or a real, as built or as parsed).</summary>
    public static int? HeightOf(Figure f) =>
        f.Json["layout"]?["height"] is JsonValue h && h.GetValueKind() == System.Text.Json.JsonValueKind.Number
        && double.TryParse(h.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 ? (int)Math.Round(v) : null;

    /// <summary>The page the browser runs: the figures as JSON blocks, plotly.js beside it, and a script that draws each and reports its images as text.</summary>
    private static string ExportPage(IReadOnlyList<Figure> figures)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>figure export</title>\n");
        sb.Append("<script src=\"").Append(HtmlPage.PlotlyJsFileName).Append("\"></script>\n</head>\n<body>\n<div id=\"out\"></div>\n");
        for (int i = 0; i < figures.Count; i++)
        {
            var f = figures[i];
            int height = HeightOf(f) ?? DefaultHeight;
            sb.Append(CultureInfo.InvariantCulture, $"<script type=\"application/json\" class=\"figure\" data-width=\"{(f.Wide ? WideWidth : Width)}\" data-height=\"{height}\">")
                .Append(f.Json.ToJsonString().Replace("</", "<\\/", StringComparison.Ordinal)).Append("</script>\n");
        }
        sb.Append("<script>\n").Append(CultureInfo.InvariantCulture, $"var pngScale = {PngScale};\n").Append(ExportScript).Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    // Each image is put into the page as text (base64, or the URI-encoded SVG), which --dump-dom prints unescaped.
    private const string ExportScript = """
        (async function () {
          var out = document.getElementById('out');
          function put(cls, attrs, text) {
            var p = document.createElement('pre');
            p.className = cls;
            for (var k in attrs) p.setAttribute(k, attrs[k]);
            p.textContent = text;
            out.appendChild(p);
          }
          var blocks = document.querySelectorAll('script.figure');
          for (var i = 0; i < blocks.length; i++) {
            var el = blocks[i];
            var w = +el.getAttribute('data-width'), h = +el.getAttribute('data-height');
            var div = document.createElement('div');
            div.style.width = w + 'px';
            document.body.appendChild(div);
            try {
              var fig = JSON.parse(el.textContent);
              var layout = Object.assign({}, fig.layout, { width: w, height: h, autosize: false });
              await Plotly.newPlot(div, fig.data, layout, { staticPlot: true, displaylogo: false });
              put('figure-image', { 'data-index': i, 'data-format': 'png' }, await Plotly.toImage(div, { format: 'png', width: w, height: h, scale: pngScale }));
              put('figure-image', { 'data-index': i, 'data-format': 'svg' }, await Plotly.toImage(div, { format: 'svg', width: w, height: h }));
            } catch (e) {
              put('figure-error', { 'data-index': i }, String(e && e.message || e));
            }
            Plotly.purge(div);
            div.remove();
          }
          // The user agent hides the minor version; the high-entropy brand list names the browser exactly.
          var agent = navigator.userAgent;
          try {
            var brands = (await navigator.userAgentData.getHighEntropyValues(['fullVersionList'])).fullVersionList;
            var named = brands.filter(function (b) { return b.brand === 'Google Chrome'; }).concat(brands.filter(function (b) { return b.brand === 'Chromium'; }));
            if (named.length > 0) agent = named[0].brand + ' ' + named[0].version;
          } catch (e) { }
          var done = document.createElement('pre');
          done.id = 'export-done';
          done.setAttribute('data-agent', agent);
          out.appendChild(done);
        })();

        """;

    private static readonly Regex FigureData = new(
        "<script type=\"application/json\" class=\"figure-data\"(?<attrs>[^>]*)>(?<json>.*?)</script>", RegexOptions.Singleline | RegexOptions.Compiled);

    private static string? Attr(string attrs, string name) =>
        Regex.Match(attrs, $"\\s{Regex.Escape(name)}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;
}
