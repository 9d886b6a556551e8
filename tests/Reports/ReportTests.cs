using System.Text.RegularExpressions;
using ActionPerception.Environment.Checkpoints;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Reports;
using ActionPerception.Tests.Simulations;

namespace ActionPerception.Tests.Reports;

[Collection("report")]
public class ReportTests(ReportFixture f)
{
    [Fact]
    public void The_report_holds_the_data_of_every_figure()
    {
        var figures = ReportFixture.FiguresOf(f.Html);
        string[] expected =
        [
            "across-kl-time", "across-kl-judgements", "across-like-rate", "across-like-rate-judgements",
            "across-fp-time", "across-coverage-time",
            "s1-fit", "s1-toward", "s1-rates", "s1-dataset-map", "s1-generator-map", "s1-top-patterns", "s1-listener",
            "s1-taste-plike", "s1-taste-uncertainty", "s1-taste-weights", "s1-taste-auc",
            "s2-fit", "s2-toward", "s2-rates", "s2-dataset-map", "s2-generator-map", "s2-top-patterns",
            "s2-taste-plike", "s2-taste-uncertainty", "s2-taste-weights", "s2-taste-auc",
        ];
        foreach (var name in expected) Assert.True(figures.ContainsKey(name), $"figure {name} is missing; found {string.Join(", ", figures.Keys)}");
        Assert.Contains(figures.Keys, k => k.StartsWith("s1-most-played-", StringComparison.Ordinal));
        // The panels a reader could not use are gone: the 1024-bar chart, the 3-D scatter, the flat training rate of a virtual run.
        Assert.DoesNotContain(figures.Keys, k => k.EndsWith("-distribution", StringComparison.Ordinal) || k.EndsWith("-distribution-3d", StringComparison.Ordinal));
        Assert.DoesNotContain(figures.Keys, k => k.EndsWith("-training-rate", StringComparison.Ordinal));
        Assert.Contains("training ran at its budget of 800 wake-sleep steps per audio second throughout", f.Html);

        // The fit curve is the log's KL(data‖gen), epoch by epoch.
        var log = RawLog.Read(Path.Combine(f.HelmholtzRun, SessionBuilder.LogFileName));
        var kl = log.OfType("epoch").Select(e => e.GetProperty("klDataGen").GetDouble()).ToArray();
        var times = log.OfType("epoch").Select(e => e.GetProperty("t").GetDouble()).ToArray();
        Assert.NotEmpty(kl);
        var trace = figures["s1-fit"].GetProperty("data")[0];
        Assert.Equal(kl, trace.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        Assert.Equal(times, trace.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray());

        // The dataset and the generator as 32 × 32 maps (row = beats 0–4, column = beats 5–9), the KL in the generator's title.
        var a = SessionAnalysis.Load(f.HelmholtzRun);
        var gz = figures["s1-generator-map"].GetProperty("data")[0].GetProperty("z");
        Assert.Equal(32, gz.GetArrayLength());
        for (int r = 0; r < 32; r++)
            Assert.Equal(a.Generative![(32 * r)..(32 * r + 32)], gz[r].EnumerateArray().Select(v => v.GetDouble()).ToArray());
        var data = new double[1024];
        a.Dataset!.Distribution(data);
        Assert.Equal(data[(32 * 7)..(32 * 8)], figures["s1-dataset-map"].GetProperty("data")[0].GetProperty("z")[7].EnumerateArray().Select(v => v.GetDouble()).ToArray());
        Assert.Contains("KL(data‖gen) = " + SessionAnalysis.Format(a.FinalKl), figures["s1-generator-map"].GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        // One colour scale for both maps, from white at 0.
        Assert.Equal(figures["s1-dataset-map"].GetProperty("data")[0].GetProperty("zmax").GetDouble(), figures["s1-generator-map"].GetProperty("data")[0].GetProperty("zmax").GetDouble());
        Assert.Equal("#ffffff", figures["s1-generator-map"].GetProperty("data")[0].GetProperty("colorscale")[0][1].GetString());

        // The top patterns: sorted by the dataset's share, each beside the generator's probability of the same pattern.
        var bars = figures["s1-top-patterns"].GetProperty("data");
        Assert.Equal(2, bars.GetArrayLength());
        var labels = bars[0].GetProperty("x").EnumerateArray().Select(v => v.GetString()!).ToArray();
        var shares = bars[0].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(ReportWriter.TopPatternBars, labels.Length);
        Assert.Equal(shares.OrderByDescending(x => x), shares);
        for (int k = 0; k < labels.Length; k++)
        {
            int pattern = Convert.ToInt32(labels[k].Replace('x', '1').Replace('.', '0'), 2);
            Assert.Equal(data[pattern], shares[k]);
            Assert.Equal(a.Generative![pattern], bars[1].GetProperty("y")[k].GetDouble());
        }

        // The listener figure has one surprise point per perceived pattern.
        var surprise = figures["s1-listener"].GetProperty("data")[0].GetProperty("y");
        Assert.Equal(log.OfType("perception").Count(e => e.GetProperty("measures").TryGetProperty("surprise", out _)), surprise.GetArrayLength());

        // The summary table's data: one row per session, counts as in the logs' stop events.
        var rows = ReportFixture.DataBlock(f.Html, "summary-data").GetProperty("sessions");
        Assert.Equal(2, rows.GetArrayLength());
        var stop = log.OfType("stop").Single();
        Assert.Equal(stop.GetProperty("patterns").GetInt64(), rows[0].GetProperty("patterns").GetInt64());
        Assert.Equal(stop.GetProperty("likes").GetInt64(), rows[0].GetProperty("likes").GetInt64());
        Assert.Equal("helmholtz", rows[0].GetProperty("listenerKind").GetString());
        Assert.Equal("random", rows[1].GetProperty("listenerKind").GetString());
    }

    [Fact]
    public void The_report_references_no_external_url_and_inlines_plotly_once()
    {
        // plotly.js itself holds URL strings (map tiles, its logo link) that our figures never use; the page around it must hold none.
        string html = f.Html;
        Assert.DoesNotMatch(new Regex(@"<script[^>]*\ssrc\s*=", RegexOptions.IgnoreCase), html);
        int lib = html.IndexOf("/*! For license information please see plotly.min.js", StringComparison.Ordinal);
        int libEnd = html.IndexOf("</script>", lib, StringComparison.Ordinal);
        Assert.True(lib > 0 && libEnd > lib);
        string page = html[..lib] + html[libEnd..];
        Assert.DoesNotContain("http://", page);
        Assert.DoesNotContain("https://", page);
        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase), page);
        Assert.DoesNotMatch(new Regex(@"<link\b", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"@import|url\(\s*[""']?https?:", RegexOptions.IgnoreCase), html);
        // plotly.js once: its licence banner appears once however many figures there are.
        Assert.Single(Regex.Matches(html, Regex.Escape("For license information please see plotly.min.js")));
        Assert.True(ReportFixture.FiguresOf(html).Count > 10);
    }

    [Fact]
    public void The_dataset_rebuilt_from_the_log_equals_the_checkpoint_dataset()
    {
        foreach (var run in new[] { f.HelmholtzRun, f.RandomRun })
        {
            var a = SessionAnalysis.Load(run);
            var cp = Checkpoint.Load(a.CheckpointPath!);
            Assert.NotNull(a.Dataset);
            Assert.True(a.JudgementsApplied > 0, "the session should have applied judgements for this test to mean something");
            Assert.Equal(cp.Dataset.Counts.ToArray(), a.Dataset!.Counts.ToArray());
        }
    }

    [Fact]
    public void A_log_without_checkpoint_degrades_gracefully_and_says_so()
    {
        string folder = Fixtures.TempDir();
        File.Copy(Path.Combine(f.RandomRun, SessionBuilder.LogFileName), Path.Combine(folder, SessionBuilder.LogFileName));
        // A corrupt line in the middle is skipped and named, the rest still counts.
        File.AppendAllText(Path.Combine(folder, SessionBuilder.LogFileName), "{\"type\":\"pattern\",\"t\":99,\"ser\n");
        var a = SessionAnalysis.Load(folder);
        Assert.Null(a.Generative);
        Assert.Contains(a.Notes, n => n.Contains("no checkpoint", StringComparison.Ordinal));
        Assert.Contains(a.Notes, n => n.Contains("line ", StringComparison.Ordinal));
        Assert.NotNull(a.Summary.GenerativeEntropy); // from the log's last epoch
        string html = ReportWriter.Render([a]);
        Assert.Contains("no checkpoint", html);
        var figures = ReportFixture.FiguresOf(html);
        Assert.False(figures.ContainsKey("s1-generator-map"));
        Assert.True(figures.ContainsKey("s1-dataset-map"));
        Assert.Single(figures["s1-top-patterns"].GetProperty("data").EnumerateArray());
    }

    [Fact]
    public void The_time_to_a_50_percent_like_rate_is_the_first_full_window_with_half_liked()
    {
        var a = SessionAnalysis.Load(f.RandomRun);
        var liked = a.Played.Select(p => p.Likes > 0).ToArray();
        double? expected = null;
        for (int i = SessionAnalysis.Window - 1; i < liked.Length && expected is null; i++)
            if (liked.Skip(i - SessionAnalysis.Window + 1).Take(SessionAnalysis.Window).Count(x => x) * 2 >= SessionAnalysis.Window)
                expected = a.Played[i].End;
        Assert.Equal(expected, a.Summary.TimeToLikeRate50);
        Assert.Equal(a.Played.Count - SessionAnalysis.Window + 1, a.Rates.Count);
    }

    [Fact]
    public void Report_command_refuses_to_overwrite_and_names_a_bad_log_by_file_and_line()
    {
        string dir = Fixtures.TempDir();
        string html = Path.Combine(dir, "r.html");
        var ok = Ap.Run(dir, "report", f.RandomRun, "--out", html);
        Assert.True(ok.ExitCode == 0, ok.Err);
        Assert.Contains("wrote", ok.Out);
        var again = Ap.Run(dir, "report", f.RandomRun, "--out", html);
        Assert.Equal(3, again.ExitCode);
        Assert.Contains("--force", again.Err);
        Assert.Equal(0, Ap.Run(dir, "report", f.RandomRun, "--out", html, "--force").ExitCode);

        string bad = Path.Combine(dir, "bad.jsonl");
        File.WriteAllText(bad, "this is not json\n");
        var r = Ap.Run(dir, "report", bad, "--out", Path.Combine(dir, "bad.html"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.jsonl", r.Err);
        Assert.Contains("line 1", r.Err);
        Assert.False(File.Exists(Path.Combine(dir, "bad.html")));
    }
}

[Collection("realtime")]
public class HumanSessionReportTests
{
    [Fact]
    public void A_real_time_session_with_keyboard_judgements_is_reported_as_human()
    {
        // A real-time session paced by the null output, judgements submitted from outside as the keyboard bridge does.
        var scenario = ReportFixture.Short("human", 1, seconds: 4) with { Mode = ActionPerception.Environment.Scenarios.SessionMode.Realtime };
        string folder = Fixtures.TempDir();
        var session = SessionBuilder.Create(scenario, folder, ActionPerception.Environment.Scenarios.ListenerBuilder.For(scenario));
        session.PatternStarted += p =>
        {
            if (p.Serial == 0) return;
            ThreadPool.QueueUserWorkItem(_ => { Thread.Sleep(100); session.Submit(ActionPerception.Agents.Listeners.JudgementKind.Like, "human:keyboard"); });
        };
        SessionSummary summary;
        using (session) summary = session.RunRealtime();
        ActionPerception.Simulations.Runs.RunSummary.Of(summary, deterministic: false).Save(folder);

        string html = Path.Combine(folder, "report.html");
        var sessions = ReportWriter.Write([folder], html, overwrite: false);
        // The person is measured against the taste their judgements reveal, named so.
        var own = summary.OwnTaste!;
        Assert.Equal(summary.Taste!.Judgements, own.Judgements);
        string page = File.ReadAllText(html);
        Assert.Contains("Toward the own taste (P ≥ 0.5)", page);
        Assert.Contains("id=\"own-taste\"", page);
        var a = Assert.Single(sessions);
        Assert.Equal("human", a.ListenerGroup);
        Assert.Equal("realtime", a.Mode);
        Assert.Empty(a.Surprise);
        var figures = ReportFixture.FiguresOf(File.ReadAllText(html));
        Assert.False(figures.ContainsKey("s1-listener"), "a human has no machine-listener figure");
        Assert.True(figures.ContainsKey("s1-fit"));
        // In real time the rate is measured, not fixed by the budget: the panel stays, with the steps per wall second.
        if (a.TrainingRate.Count > 1) Assert.True(figures.ContainsKey("s1-training-rate"), "a real-time session keeps its training-rate panel");
        Assert.False(figures.ContainsKey("s1-taste-auc"), "a person's taste is not known: no AUC curve");
        Assert.True(figures.ContainsKey("s1-taste-plike"));
        // The dataset rebuilt from the log equals the checkpoint's, whatever the thread timing was.
        Assert.Equal(Checkpoint.Load(a.CheckpointPath!).Dataset.Counts.ToArray(), a.Dataset!.Counts.ToArray());

        // Beside a machine's session: both posteriors side by side and the patterns where they disagree most.
        var ms = ReportFixture.Short("helmholtz", 2, seconds: 30);
        string machine = Path.Combine(Fixtures.TempDir(), "machine");
        using (var m = SessionBuilder.Create(ms, machine, ActionPerception.Environment.Scenarios.ListenerBuilder.For(ms))) m.RunVirtual();
        var b = SessionAnalysis.Load(machine);
        string both = ReportWriter.Render([a, b]);
        var compare = ReportFixture.FiguresOf(both);
        Assert.True(compare.ContainsKey("taste-compare-human") && compare.ContainsKey("taste-compare-machine"));
        var ta = TasteAnalysis.Of(a, null);
        var tb = TasteAnalysis.Of(b, null);
        var rows = ReportFixture.DataBlock(both, "taste-disagreement-data").GetProperty("patterns");
        Assert.Equal(10, rows.GetArrayLength());
        double previous = double.PositiveInfinity;
        foreach (var row in rows.EnumerateArray())
        {
            int pattern = row.GetProperty("pattern").GetInt32();
            double pa = row.GetProperty("a").GetDouble(), pb = row.GetProperty("b").GetDouble();
            Assert.Equal(ta.Predictions[pattern].Probability, pa, 12);
            Assert.Equal(tb.Predictions[pattern].Probability, pb, 12);
            Assert.True(Math.Abs(pa - pb) <= previous + 1e-15, "rows are ordered by disagreement");
            previous = Math.Abs(pa - pb);
        }
        // No other pattern disagrees more than the tenth.
        Assert.All(Enumerable.Range(0, 1024), p => Assert.True(Math.Abs(ta.Predictions[p].Probability - tb.Predictions[p].Probability) <= previous + 1e-12
            || rows.EnumerateArray().Any(r => r.GetProperty("pattern").GetInt32() == p)));
    }

    [Fact]
    public void A_log_line_missing_a_field_is_refused_in_one_line_not_a_stack_trace()
    {
        string dir = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(dir, "h.jsonl"), "{\"type\":\"header\"}\n{\"type\":\"pattern\",\"t\":0}\n");
        var r = Ap.Run(dir, "report", "h.jsonl", "--out", "r.html");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("h.jsonl", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }
}
