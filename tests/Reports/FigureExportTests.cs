using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using ActionPerception.Simulations.Reports;
using ActionPerception.Tests.Simulations;

namespace ActionPerception.Tests.Reports;

/// <summary>
/// Runs where the exporter finds a browser (AP_CHROMIUM, else chromium, chromium-browser or google-chrome on the PATH);
/// skipped with the reason elsewhere, except in CI (CI=true), which installs chromium, where it runs and fails.
/// </summary>
public sealed class FigureChromiumFactAttribute : FactAttribute
{
    public FigureChromiumFactAttribute()
    {
        if (Browser is null && !Chromium.InCi)
            Skip = "no headless Chromium for --figures (apt-get install chromium, or set AP_CHROMIUM); with CI=true this test fails instead";
    }

    public static HeadlessChromium? Browser
    {
        get
        {
            try { return HeadlessChromium.Find("the test's figures"); }
            catch (ActionPerception.Simulations.Cli.UsageException) { return null; }
        }
    }
}

[Collection("report")]
public class FigureExportTests(ReportFixture f)
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];

    [Fact]
    public void A_title_becomes_a_safe_lower_case_ascii_file_name()
    {
        // Only ASCII letters and digits survive, lower-cased without a culture: "İ" loses its dot rather than becoming "i̇".
        Assert.Equal("like-rate-info-kl-data-gen-1-72", FigureExport.Slug("Like RATE<br>İnfo: KL(data‖gen) = 1.72"));
        Assert.Equal("most-played-1-x-x-pattern-709", FigureExport.Slug("most played #1: x..x.<br>pattern 709"));
        Assert.Equal("uber-cafe-a-b", FigureExport.Slug("Über café &amp; a/b\\"));
        Assert.Equal("fallback-name", FigureExport.Slug("‖ — ‖", "fallback-name"));
        Assert.Equal("figure", FigureExport.Slug("κ", "λ"));
        string longSlug = FigureExport.Slug(string.Join(' ', Enumerable.Repeat("word", 40)));
        Assert.True(longSlug.Length <= 80 && !longSlug.EndsWith('-'), longSlug);
    }

    [Fact]
    public void File_names_are_numbered_in_page_order_and_unique_even_for_equal_titles()
    {
        Figure F(string title) => new("n", title, new JsonObject());
        Assert.Equal(["01-like-rate", "02-like-rate", "03-kl"], FigureExport.FileStems([F("Like rate"), F("Like rate"), F("KL")]));
        var many = FigureExport.FileStems([.. Enumerable.Range(0, 100).Select(_ => F("x"))]);
        Assert.Equal("001-x", many[0]);
        Assert.Equal("100-x", many[99]);
    }

    [Fact]
    public void The_figures_are_read_back_from_the_report_page_with_their_titles_and_widths()
    {
        var figures = FigureExport.FromHtml(f.Html);
        var embedded = ReportFixture.FiguresOf(f.Html);
        Assert.Equal(embedded.Count, figures.Count);
        Assert.Equal(embedded.Keys.Order(), figures.Select(x => x.Name).Order());
        foreach (var fig in figures)
        {
            Assert.False(string.IsNullOrWhiteSpace(fig.Title), fig.Name);
            Assert.NotNull(fig.Json["data"]);
        }
        // The report has wide figures (the top-pattern bars) and narrow ones; each keeps its own.
        Assert.Contains(figures, x => x.Wide);
        Assert.Contains(figures, x => !x.Wide);
        Assert.Equal(figures.Count, FigureExport.FileStems(figures).Distinct().Count());
    }

    [Fact]
    public void Existing_figure_files_are_refused_before_anything_is_drawn()
    {
        string dir = Fixtures.TempDir();
        var figures = FigureExport.FromHtml(f.Html).Take(2).ToList();
        string taken = FigureExport.Targets(figures, dir, force: false)[1].Svg;
        File.WriteAllText(taken, "mine");
        var e = Assert.Throws<IOException>(() => FigureExport.Targets(figures, dir, force: false));
        Assert.Contains(taken, e.Message);
        Assert.Contains("--force", e.Message);
        Assert.Equal(2, FigureExport.Targets(figures, dir, force: true).Count);
        Assert.Equal("mine", File.ReadAllText(taken));
    }

    [FigureChromiumFact]
    public void One_figure_is_drawn_as_a_png_and_an_svg_of_its_size()
    {
        var browser = FigureChromiumFactAttribute.Browser;
        Assert.True(browser is not null, "no chromium: .ci/run must apt-get install chromium");
        var figure = FigureExport.FromHtml(f.Html).First(x => !x.Wide && x.Json["layout"]?["height"] is not null);
        int height = (int)figure.Json["layout"]!["height"]!.GetValue<double>();
        string dir = Path.Combine(Fixtures.TempDir(), "figures");

        var result = FigureExport.Write([figure], dir, force: false, browser!);

        var (_, png, svg) = Assert.Single(result.Files);
        Assert.Equal([Path.GetFileName(png), Path.GetFileName(svg)], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(PngSignature, bytes.Take(8));
        var (w, h, rgb) = Png.Decode(bytes);
        Assert.Equal(FigureExport.Width * FigureExport.PngScale, w);
        Assert.Equal(height * FigureExport.PngScale, h);
        var colours = new HashSet<int>();
        for (int i = 0; i < w * h; i++) colours.Add((rgb[3 * i] << 16) | (rgb[3 * i + 1] << 8) | rgb[3 * i + 2]);
        Assert.True(colours.Count > 20, $"only {colours.Count} colours: the PNG looks blank");
        var root = XDocument.Load(svg).Root!;
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), root.Name);
        Assert.Equal(FigureExport.Width.ToString(CultureInfo.InvariantCulture), (string?)root.Attribute("width"));
        // plotly's SVG carries the figure's own text, e.g. its axis titles.
        string xTitle = figure.Json["layout"]!["xaxis"]!["title"]!["text"]!.GetValue<string>();
        Assert.Contains(xTitle, root.ToString());
        Assert.Matches("^(Chromium|Google Chrome) [0-9.]+ ", result.Browser);
    }

    [FigureChromiumFact]
    public void Ap_report_writes_every_figure_and_then_refuses_to_overwrite_them()
    {
        string work = Fixtures.TempDir();
        string figures = Path.Combine(work, "figs");
        var first = Ap.Run(work, "report", f.RandomRun, "--figures", figures);
        Assert.True(first.ExitCode == 0, first.Err);
        Assert.Contains("drawn by", first.Out);
        var files = Directory.GetFiles(figures).Select(Path.GetFileName).Order().ToList();
        int expected = FigureExport.FromHtml(ReportWriterPage(f.RandomRun)).Count;
        Assert.True(expected > 3, $"only {expected} figures in the report");
        Assert.Equal(2 * expected, files.Count);
        Assert.All(files, n => Assert.Matches("^[0-9]{2}-[a-z0-9-]+\\.(png|svg)$", n!));
        // Without --out, no HTML is written with --figures (the run folder keeps its own report untouched).
        Assert.False(File.Exists(Path.Combine(work, "report.html")));

        var stamp = File.GetLastWriteTimeUtc(Path.Combine(figures, files[0]!));
        var again = Ap.Run(work, "report", f.RandomRun, "--figures", figures);
        Assert.Equal(3, again.ExitCode);
        Assert.Contains("--force", again.Err);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(figures, files[0]!)));
    }

    [FigureChromiumFact]
    public void Ap_study_report_and_ap_report_of_a_sweep_write_their_figures_too()
    {
        string work = Fixtures.TempDir();
        Fixtures.WritePilotStudyProtocol(Path.Combine(work, "proto.json"), blockSeconds: 20);
        Assert.Equal(0, Ap.Run(work, "study", "simulate", "proto.json", "--participants", "2", "--study", "s").ExitCode);
        var study = Ap.Run(work, "study", "report", "s", "--figures", "study-figs");
        Assert.True(study.ExitCode == 0, study.Err);
        int studyFigures = FigureExport.FromHtml(File.ReadAllText(Path.Combine(work, "s", "report.html"))).Count;
        Assert.True(studyFigures > 0);
        Assert.Equal(2 * studyFigures, Directory.GetFiles(Path.Combine(work, "study-figs")).Length);
        Assert.True(File.Exists(Path.Combine(work, "study-figs", "01-like-rate-over-time.svg")));

        File.WriteAllText(Path.Combine(work, "sweep.json"), """
            { "schemaVersion": 1, "format": "actionperception.sweep", "name": "tiny",
              "scenario": { "durationSeconds": 20, "audio": { "bpm": 300 }, "listener": { "kind": "oracle" } },
              "grid": { "listener.kind": ["oracle", "random"] }, "seeds": [1] }
            """);
        Assert.Equal(0, Ap.Run(work, "sweep", "run", "sweep.json", "--out", "sw").ExitCode);
        var sweep = Ap.Run(work, "report", "sw", "--figures", "sweep-figs");
        Assert.True(sweep.ExitCode == 0, sweep.Err);
        var files = Directory.GetFiles(Path.Combine(work, "sweep-figs"));
        Assert.True(files.Length >= 2 && files.Length % 2 == 0, string.Join(", ", files));
        // --figures without --out writes no HTML: the sweep folder gets no report it did not ask for.
        Assert.False(File.Exists(Path.Combine(work, "sw", "sweep-report.html")));
        var mixed = Ap.Run(work, "report", "sw", "sw/runs", "--figures", "x");
        Assert.Equal(2, mixed.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(work, "x")));
    }

    [Fact]
    public async Task A_missing_browser_is_exit_2_naming_the_fix_and_nothing_is_written()
    {
        string work = Fixtures.TempDir();
        string figures = Path.Combine(work, "figs"), html = Path.Combine(work, "r.html");
        var psi = Ap.StartInfo(work, ["report", f.RandomRun, "--figures", figures, "--out", html]);
        psi.Environment[HeadlessChromium.EnvironmentVariable] = Path.Combine(work, "no-such-chromium");
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(timeout.Token);
        string err = await stderr;
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("AP_CHROMIUM=", err);
        Assert.Contains("apt-get install chromium", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(figures));
        Assert.False(File.Exists(html));
    }

    private static string ReportWriterPage(string run) => ReportWriter.Render(ActionPerception.Simulations.Analysis.SessionAnalysis.LoadMany([run]));
}
