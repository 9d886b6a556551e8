using System.Text.Json;
using System.Text.RegularExpressions;
using ActionPerception.Agents.Tastes;
using ActionPerception.Agents.Tastes.Posterior;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Commands;
using ActionPerception.Simulations.Reports;

namespace ActionPerception.Tests.Reports;

/// <summary>The convergence, rate and taste panels hold the data they claim, read back from the page.</summary>
[Collection("report")]
public class ReportPanelTests(ReportFixture f)
{
    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetDouble())];

    [Fact]
    public void The_toward_the_listener_panel_holds_the_logs_reference_measures_and_the_chance_line()
    {
        var figures = ReportFixture.FiguresOf(f.Html);
        var log = RawLog.Read(Path.Combine(f.HelmholtzRun, SessionBuilder.LogFileName));
        var epochs = log.OfType("epoch").ToList();
        var toward = figures["s1-toward"].GetProperty("data");
        string[] names = [.. toward.EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
        Assert.Equal(["false-positive rate", "chance", "half of chance", "coverage", "KL(reference‖gen)", "entropy of gen"], names);
        Assert.Equal([.. epochs.Select(e => e.GetProperty("reference").GetProperty("falsePositiveRate").GetDouble())], Numbers(toward[0].GetProperty("y")));
        Assert.Equal([.. epochs.Select(e => e.GetProperty("t").GetDouble())], Numbers(toward[0].GetProperty("x")));
        Assert.Equal([.. epochs.Select(e => e.GetProperty("reference").GetProperty("coverage").GetDouble())], Numbers(toward[3].GetProperty("y")));
        // Without summary.json (the fixture's sessions are run directly), chance is the first epoch's rate; KL and entropy are on the right axis.
        double chance = epochs[0].GetProperty("reference").GetProperty("falsePositiveRate").GetDouble();
        Assert.All(Numbers(toward[1].GetProperty("y")), v => Assert.Equal(chance, v));
        Assert.All(Numbers(toward[2].GetProperty("y")), v => Assert.Equal(chance / 2, v));
        Assert.Equal("y2", toward[4].GetProperty("yaxis").GetString());
        Assert.Equal([0.0, 1.0], Numbers(figures["s1-toward"].GetProperty("layout").GetProperty("yaxis").GetProperty("range")));
        // The fit panel is KL(data‖gen) alone (KL(gen‖data) hidden), epoch by epoch.
        Assert.Equal([.. epochs.Select(e => e.GetProperty("klDataGen").GetDouble())], Numbers(figures["s1-fit"].GetProperty("data")[0].GetProperty("y")));
        // The convergence table's data is each run's summary.json.
        var rows = ReportFixture.DataBlock(f.Html, "convergence-data").GetProperty("sessions");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(SessionConvergence.FromLog, rows[0].GetProperty("source").GetString());
        Assert.Equal(chance, rows[0].GetProperty("convergence").GetProperty("chanceFalsePositiveRate").GetDouble());
        Assert.True(figures.ContainsKey("across-fp-time") && figures.ContainsKey("across-coverage-time"));
    }

    [Fact]
    public void The_time_to_half_chance_is_marked_and_is_recomputed_from_the_log_without_summary_json()
    {
        // An oracle reaches half of chance in about 6 audio minutes (issue 9); 10 minutes at 300 BPM take about a second.
        var s = ReportFixture.Short("oracle", 2, seconds: 600);
        string folder = Path.Combine(Fixtures.TempDir(), "oracle");
        SessionSummary result;
        using (var session = SessionBuilder.Create(s, folder, ListenerBuilder.For(s))) result = session.RunVirtual();
        // summary.json as ap simulate writes it: the session's own convergence summary at the top level.
        File.WriteAllText(Path.Combine(folder, "summary.json"), JsonSerializer.Serialize(new { schemaVersion = 2, convergence = result.Convergence }, ActionPerception.IO.JsonFiles.Write));
        var summary = SessionConvergence.FromFolder(folder);
        Assert.NotNull(summary);
        Assert.Equal(result.Convergence, summary);
        Assert.True(summary!.SecondsToHalfChance is not null, "the oracle should reach half of chance in 10 minutes");
        double at = summary.SecondsToHalfChance!.Value;

        var a = SessionAnalysis.Load(folder);
        var fig = ReportFixture.FiguresOf(ReportWriter.Render([a]))["s1-toward"];
        var shape = Assert.Single(fig.GetProperty("layout").GetProperty("shapes").EnumerateArray());
        Assert.Equal(at, shape.GetProperty("x0").GetDouble());
        Assert.Equal(at, shape.GetProperty("x1").GetDouble());

        // Without summary.json the same summary comes from the log's epochs: the log holds every epoch here (no
        // aggregation at 0.5 s epochs), timed at its end rather than its start, so the time is within one epoch.
        File.Delete(Path.Combine(folder, "summary.json"));
        var fromLog = SessionConvergence.Of(SessionAnalysis.Load(folder));
        Assert.NotNull(fromLog);
        Assert.Equal(SessionConvergence.FromLog, fromLog!.Source);
        Assert.Equal(summary.ChanceFalsePositiveRate, fromLog.Summary.ChanceFalsePositiveRate, 9);
        Assert.NotNull(fromLog.Summary.SecondsToHalfChance);
        Assert.InRange(fromLog.Summary.SecondsToHalfChance!.Value - at, -0.01, 1.0);
        Assert.Equal(summary.FalsePositiveRate!.Value, fromLog.Summary.FalsePositiveRate!.Value, 3);
    }

    [Fact]
    public void The_taste_panels_hold_the_posterior_of_the_logs_judgements()
    {
        var figures = ReportFixture.FiguresOf(f.Html);
        var (beats, judgements) = TasteCommand.JudgementsFromLog(SessionLogReader.Read(Path.Combine(f.HelmholtzRun, SessionBuilder.LogFileName)));
        Assert.Equal(10, beats);
        Assert.NotEmpty(judgements);
        var posterior = TastePosterior.FromJudgements(beats, judgements);
        var all = posterior.PredictAll();

        // 32 × 32: row r is the first five beats, column c the last five, pattern = 32 r + c.
        var heat = figures["s1-taste-plike"].GetProperty("data")[0];
        var z = heat.GetProperty("z");
        Assert.Equal(32, z.GetArrayLength());
        for (int r = 0; r < 32; r++)
        {
            var row = Numbers(z[r]);
            Assert.Equal(32, row.Length);
            for (int c = 0; c < 32; c++) Assert.Equal(all[32 * r + c].Probability, row[c], 12);
        }
        // Beat strings on the axes and in the hover.
        Assert.Equal("x....", heat.GetProperty("y")[16].GetString());
        Assert.Equal("....x", heat.GetProperty("x")[1].GetString());
        Assert.StartsWith("x........x (pattern 513)", heat.GetProperty("text")[16][1].GetString());
        var width = Numbers(figures["s1-taste-uncertainty"].GetProperty("data")[0].GetProperty("z")[3]);
        Assert.Equal(all[3 * 32 + 5].Upper - all[3 * 32 + 5].Lower, width[5], 12);

        // The weights with their 90 % intervals as error bars.
        var w = posterior.Weights();
        var trace = figures["s1-taste-weights"].GetProperty("data")[0];
        Assert.Equal([.. w.Select(x => x.Mean)], Numbers(trace.GetProperty("x")), new ToleranceComparer(1e-12));
        Assert.Equal([.. w.Select(x => x.Upper - x.Mean)], Numbers(trace.GetProperty("error_x").GetProperty("array")), new ToleranceComparer(1e-12));
        Assert.Equal([.. w.Select(x => x.Name)], trace.GetProperty("y").EnumerateArray().Select(v => v.GetString()!));

        // AUC against the listener's known set (the Helmholtz listener's well-formed taste), from no judgement to all.
        var auc = figures["s1-taste-auc"].GetProperty("data")[0];
        var n = Numbers(auc.GetProperty("x"));
        Assert.Equal(0, n[0]);
        Assert.Equal(judgements.Count, n[^1]);
        var online = new TastePosterior(beats);
        foreach (var j in judgements) online.Observe(j);
        var reference = ReferenceSet.FromTaste(TasteCatalog.WellFormedTaste(beats), "test");
        Assert.Equal(TasteEvaluation.Auc(online, reference.Support), Numbers(auc.GetProperty("y"))[^1], 12);
        Assert.Equal(0.5, Numbers(auc.GetProperty("y"))[0], 12); // the prior ranks every pattern alike
    }

    [Fact]
    public void A_scripted_listener_gets_no_empty_surprise_panel_but_a_note()
    {
        var figures = ReportFixture.FiguresOf(f.Html);
        Assert.True(figures.ContainsKey("s1-listener"), "the Helmholtz listener measures surprise");
        Assert.False(figures.ContainsKey("s2-listener"), "the random listener measures none");
        Assert.Contains("the random listener measures no surprise: no surprise panel", f.Html);
        foreach (var (name, fig) in figures)
            foreach (var trace in fig.GetProperty("data").EnumerateArray())
                if (trace.TryGetProperty("name", out var n) && n.GetString() == "listener surprise")
                    Assert.True(trace.GetProperty("y").GetArrayLength() > 0, $"{name} has an empty surprise trace");
    }

    [Fact]
    public void Portrait_titles_use_the_plural_only_for_many_and_fit_on_two_lines()
    {
        var figures = ReportFixture.FiguresOf(f.Html);
        var titles = figures.Where(kv => kv.Key.Contains("-most-", StringComparison.Ordinal))
            .Select(kv => kv.Value.GetProperty("layout").GetProperty("title").GetProperty("text").GetString()!).ToList();
        Assert.NotEmpty(titles);
        foreach (var t in titles)
        {
            Assert.DoesNotMatch(new Regex(@"\b1 (plays|likes)\b"), t);
            Assert.DoesNotMatch(new Regex(@"\b([02-9]|\d\d+) (play|like)\b(?!s)"), t);
            Assert.All(t.Split("<br>"), line => Assert.True(line.Length <= 40, $"title line too long for a small multiple: {line}"));
        }
    }

    [Fact]
    public void A_session_of_fewer_than_ten_patterns_shows_its_rates_so_far_on_a_zero_to_one_axis()
    {
        var s = ReportFixture.Short("random", 5, seconds: 12);
        string folder = Path.Combine(Fixtures.TempDir(), "short");
        using (var session = SessionBuilder.Create(s, folder, ListenerBuilder.For(s))) session.RunVirtual();
        var a = SessionAnalysis.Load(folder);
        Assert.InRange(a.Played.Count, 1, SessionAnalysis.Window - 1);
        string html = ReportWriter.Render([a]);
        var fig = ReportFixture.FiguresOf(html)["s1-rates"];
        var likes = fig.GetProperty("data")[0];
        Assert.Equal(a.Played.Count, likes.GetProperty("y").GetArrayLength());
        var expected = a.Played.Select((p, i) => (double)a.Played.Take(i + 1).Count(q => q.Likes > 0) / (i + 1)).ToArray();
        Assert.Equal(expected, Numbers(likes.GetProperty("y")), new ToleranceComparer(1e-12));
        Assert.Equal([-0.02, 1.02], Numbers(fig.GetProperty("layout").GetProperty("yaxis").GetProperty("range")));
        Assert.Contains("fewer than the rolling window", html);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
