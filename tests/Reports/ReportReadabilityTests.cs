using System.Text.Json;
using System.Text.RegularExpressions;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Reports;
using ActionPerception.Simulations.Runs;

namespace ActionPerception.Tests.Reports;

/// <summary>Issue 18 part 5 and issue 17 part 2: panels a reader can use, bands within the measure's range, plotly.js shared.</summary>
[Collection("report")]
public class ReportReadabilityTests(ReportFixture f)
{
    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble())];

    [Fact]
    public void Bands_are_clipped_to_the_measures_range_and_the_mean_is_left_alone()
    {
        double[] x = [0, 1, 2], mean = [0.02, 0.5, 0.98], lower = [-0.1, 0.3, 0.9], upper = [0.2, 0.7, 1.1];
        var rate = Figures.Bands("b", "rate", "t", "rate", [("g", x, mean, lower, upper)], max: 1).Json["data"]!.AsArray();
        Assert.Equal([0.2, 0.7, 1.0], rate[0]!["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal([0.0, 0.3, 0.9], rate[1]!["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal(mean, rate[2]!["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        // A KL has no upper bound but is never negative: the default range is [0, ∞).
        var kl = Figures.Bands("k", "kl", "t", "nats", [("g", x, [0.1, 2, 5], [-0.3, 1, 4], [0.5, 3, 6])]).Json["data"]!.AsArray();
        Assert.Equal([0.0, 1, 4], kl[1]!["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal([0.5, 3, 6], kl[0]!["y"]!.AsArray().Select(v => v!.GetValue<double>()));
    }

    [Fact]
    public void Kl_by_judgements_has_one_settled_point_per_count_not_a_sawtooth()
    {
        var a = SessionAnalysis.Load(f.HelmholtzRun);
        var trace = ReportFixture.FiguresOf(f.Html)["across-kl-judgements"].GetProperty("data")[0];
        var x = Numbers(trace.GetProperty("x"));
        var y = Numbers(trace.GetProperty("y"));
        Assert.True(a.Epochs.Select(e => e.AppliedJudgements).Distinct().Count() < a.Epochs.Count, "the fixture should have several epochs per judgement count");
        for (int i = 1; i < x.Length; i++) Assert.True(x[i] > x[i - 1], $"x must rise strictly (a count drawn twice is a vertical tooth): {x[i - 1]}, {x[i]}");
        // Each point is the last epoch of its count: the fit just before the next judgement.
        for (int i = 0; i < x.Length; i++)
            Assert.Equal(a.Epochs.Last(e => e.AppliedJudgements == x[i]).KlDataGen, y[i]);
    }

    [Fact]
    public void Most_liked_patterns_get_their_own_row_only_when_they_differ_from_the_most_played()
    {
        var figures = ReportFixture.FiguresOf(f.Html);
        foreach (var (run, i) in new[] { (f.HelmholtzRun, 1), (f.RandomRun, 2) })
        {
            var a = SessionAnalysis.Load(run);
            bool same = a.MostLiked.Select(p => p.Pattern).SequenceEqual(a.MostPlayed.Select(p => p.Pattern));
            Assert.Equal(!same && a.MostLiked.Count > 0, figures.Keys.Any(k => k.StartsWith($"s{i}-most-liked-", StringComparison.Ordinal)));
        }
        // The same rule on a session whose most liked are its most played: one row, said in its heading.
        var s = SessionAnalysis.Load(f.HelmholtzRun);
        var merged = new SessionAnalysis
        {
            LogPath = s.LogPath, RunFolder = s.RunFolder, Label = s.Label, ListenerKind = s.ListenerKind, ListenerGroup = s.ListenerGroup, Mode = s.Mode,
            Beats = s.Beats, Instruments = s.Instruments, BufferSeconds = s.BufferSeconds, Problems = s.Problems, Epochs = s.Epochs, Played = s.Played,
            Rates = s.Rates, Surprise = s.Surprise, TrainingRate = s.TrainingRate, MostPlayed = s.MostPlayed, MostLiked = s.MostPlayed,
            Dataset = s.Dataset, Generative = s.Generative, CheckpointPath = s.CheckpointPath, FinalKl = s.FinalKl, Summary = s.Summary, Notes = s.Notes,
            JudgementsApplied = s.JudgementsApplied, Header = s.Header, Judgements = s.Judgements,
        };
        string html = ReportWriter.Render([merged]);
        Assert.Contains("Most played patterns, which are also the most liked", html);
        Assert.DoesNotContain(ReportFixture.FiguresOf(html).Keys, k => k.Contains("-most-liked-", StringComparison.Ordinal));
    }

    [Fact]
    public void The_confusion_matrix_shows_zero_as_white_and_counts_darker()
    {
        var twin = new TwinSummary("run", true, "helmholtz", 0.5, 0.2, new TwinConfusion(["like", "dislike", "none"], [[3, 0, 1], [2, 1, 0], [0, 0, 3]]), 6, 10);
        var trace = TwinFigures.Confusion("c", twin).Json["data"]![0]!;
        Assert.Equal(0, trace["zmin"]!.GetValue<int>());
        var scale = trace["colorscale"]!.AsArray();
        Assert.Equal("#ffffff", scale[0]![1]!.GetValue<string>());
        Assert.Null(trace["reversescale"]);
        Assert.Equal("#08306b", scale[^1]![1]!.GetValue<string>());
    }

    [Fact]
    public void No_toolbar_covers_a_title_and_titles_start_at_the_left()
    {
        Assert.Contains("displayModeBar: false", f.Html);
        Assert.DoesNotContain("data-modebar", f.Html);
        foreach (var (name, fig) in ReportFixture.FiguresOf(f.Html))
            Assert.True(fig.GetProperty("layout").GetProperty("title").GetProperty("xanchor").GetString() == "left", $"{name}: title not left-aligned");
    }

    [Fact]
    public void A_report_beside_a_shared_plotly_js_refers_to_it_and_is_small()
    {
        string dir = Fixtures.TempDir();
        string js = HtmlPage.WritePlotlyJs(dir);
        Assert.Equal(HtmlPage.PlotlyJs.Value, File.ReadAllText(js));
        string html = Path.Combine(dir, "runs", "r1", "report.html");
        ReportWriter.Write([SessionAnalysis.Load(f.RandomRun)], html, overwrite: false, sharedPlotlyJs: js);
        string page = File.ReadAllText(html);
        Assert.Matches(new Regex($"<script src=\"\\.\\./\\.\\./{Regex.Escape(HtmlPage.PlotlyJsFileName)}\"></script>"), page);
        Assert.DoesNotContain("For license information please see plotly.min.js", page);
        Assert.True(page.Length < HtmlPage.PlotlyJs.Value.Length / 2, $"the page holds {page.Length} characters");
        Assert.True(ReportFixture.FiguresOf(page).Count > 5);
        // Written once: a second call leaves the copy as it is.
        var written = File.GetLastWriteTimeUtc(js);
        Assert.Equal(js, HtmlPage.WritePlotlyJs(dir));
        Assert.Equal(written, File.GetLastWriteTimeUtc(js));
    }
}
