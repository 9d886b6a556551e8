using System.Text.Json.Nodes;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Sweeps;
using ActionPerception.Tests.Simulations;

namespace ActionPerception.Tests.Reports;

/// <summary>A small seeded sweep of a random listener against the no-judgement loop, run once for the tests below.</summary>
public sealed class RandomVsNoneSweep
{
    public const string Json = """
        {
          "schemaVersion": 1,
          "name": "random-vs-none",
          "scenario": { "durationSeconds": 90, "audio": { "bpm": 300 }, "analysis": { "reference": "well-formed" } },
          "grid": { "listener.kind": ["random", "none"] },
          "seeds": [1, 2, 3, 4]
        }
        """;

    public string Folder { get; }

    public RandomVsNoneSweep()
    {
        Folder = Path.Combine(Fixtures.TempDir(), "sweep");
        var plan = SweepPlan.Parse("random-vs-none.sweep.json", Json, ".");
        SweepRunner.Run(plan, plan.Runs, Folder, null, 2);
    }
}

public class SweepAnalysisTests(RandomVsNoneSweep sweep) : IClassFixture<RandomVsNoneSweep>
{
    [Fact]
    public void The_sweep_report_says_random_is_not_distinguishable_from_none()
    {
        // The short label names the baseline here as in sweep convergence.
        var r = Ap.Run(sweep.Folder, "sweep", "report", sweep.Folder, "--baseline", "none", "--out", Path.Combine(sweep.Folder, "report.html"), "--force");
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        Assert.Contains("against the baseline listener.kind=none:", r.Out, StringComparison.Ordinal);
        var line = r.Out.Split('\n').Single(l => l.TrimStart().StartsWith("falsePositiveRate, listener.kind=random:", StringComparison.Ordinal));
        // 4 + 4 seeds can reach p < 0.05 (least p 2/70), so a p above it is a verdict.
        Assert.Contains("not distinguishable from the baseline (p = ", line, StringComparison.Ordinal);
        Assert.Contains("; Welch p = ", line, StringComparison.Ordinal);
        // Both are at chance: the no-judgement loop's starting rate is the chance level of every run. The effect comes first.
        Assert.Contains("chanceFalsePositiveRate, listener.kind=random: difference 0.0000, 95 % CI [0.0000, 0.0000] (0.7500 ± 0.0000, n 4 vs 0.7500 ± 0.0000, n 4)", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_convergence_prints_every_comparison_effect_first()
    {
        var r = Ap.Run(sweep.Folder, "sweep", "convergence", sweep.Folder, "--baseline", "listener.kind=none", "--at", "0.5", "--out", Path.Combine(sweep.Folder, "conv.html"), "--force");
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        Assert.Contains("against the baseline none:", r.Out, StringComparison.Ordinal);
        var line = r.Out.Split('\n').Single(l => l.TrimStart().StartsWith("FP at 0.5 min, random:", StringComparison.Ordinal));
        Assert.Matches(@"^  FP at 0\.5 min, random: difference -?\d\.\d{4}, 95 % CI \[-?\d\.\d{4}, -?\d\.\d{4}\] \(", line);
    }

    [Fact]
    public void Every_run_folder_holds_its_convergence_object_and_the_rows_carry_it()
    {
        var (_, _, _, rows) = SweepRunner.ReadSummary(sweep.Folder);
        Assert.Equal(8, rows.Count);
        foreach (var row in rows)
        {
            var c = SweepRunner.ReadConvergence(Path.Combine(sweep.Folder, row.Folder));
            Assert.Equal(0.75, c["chanceFalsePositiveRate"], 9);
            Assert.Equal(row.FalsePositiveRate!.Value, c["falsePositiveRate"], 9);
            Assert.Equal(row.Coverage!.Value, c["coverage"], 9);
        }
        // The none loop never judges, so it never moves to half of chance.
        Assert.All(rows.Where(r => r.Point == "listener.kind=none"), r => Assert.Null(r.SecondsToHalfChance));
    }

    [Fact]
    public void Loading_a_sweep_gives_each_run_its_grid_values_seed_and_reference_series()
    {
        var a = SweepAnalysis.Load(sweep.Folder);
        Assert.Equal("random-vs-none", a.Name);
        Assert.Equal(["listener.kind"], a.Keys);
        Assert.Equal(["listener.kind=random", "listener.kind=none"], a.Groups);
        Assert.Equal(["random", "none"], a.Groups.Select(a.LabelOfGroup));
        Assert.Equal([1UL, 2UL, 3UL, 4UL, 1UL, 2UL, 3UL, 4UL], a.Runs.Select(r => r.Seed));
        foreach (var r in a.Runs)
        {
            Assert.Equal(r.Label, r.ListenerKind);
            Assert.Equal("well-formed", r.Reference);
            Assert.Equal(500, r.NData);
            Assert.NotEmpty(r.Series);
            // The first epoch is measured on the starting generator: its rate is the chance level.
            Assert.Equal(r.Row.ChanceFalsePositiveRate!.Value, r.Series[0].FalsePositiveRate, 6);
            Assert.True(r.Series.Zip(r.Series.Skip(1)).All(p => p.Second.T >= p.First.T));
            Assert.All(r.Series, p => Assert.InRange(p.FalsePositiveRate, 0, 1));
            // FalsePositiveAt is the newest epoch at or before t, and nothing past the run's end.
            var mid = r.Series[r.Series.Count / 2];
            Assert.Equal(mid.FalsePositiveRate, r.FalsePositiveAt(mid.T));
            Assert.Equal(r.Series[^1].FalsePositiveRate, r.FalsePositiveAt(90));
            Assert.Null(r.FalsePositiveAt(91));
            Assert.Null(r.FalsePositiveAt(r.Series[0].T / 2));
        }
        Assert.Equal("listener.kind=none", a.FindGroup("none"));
        Assert.Equal("listener.kind=none", a.FindGroup("listener.kind=none"));
    }

    [Fact]
    public void Group_summaries_are_the_across_seed_statistics_of_the_runs()
    {
        var a = SweepAnalysis.Load(sweep.Folder);
        var at = a.FalsePositiveAt(60);
        foreach (var (g, m) in a.Groups.Zip(at))
        {
            var xs = a.RunsOf(g).Select(r => r.FalsePositiveAt(60)!.Value).ToArray();
            Assert.Equal(4, m.N);
            Assert.Equal(Statistics.Mean(xs), m.Mean!.Value, 12);
            Assert.Equal(Statistics.StandardDeviation(xs), m.Sd!.Value, 12);
        }
        var cov = a.Coverage();
        Assert.Equal(a.RunsOf("listener.kind=none").Average(r => r.Row.Coverage!.Value), cov[1].Mean!.Value, 8); // the rows round to 9 places
        Assert.All(a.TimeToHalfChance().Where(h => h.Label == "none"), h => Assert.Equal(0, h.Reached));

        // The band is SweepReport.Mean over the runs' step functions: at each sample the mean of the runs' values there.
        var band = a.FalsePositiveBands(samples: 50);
        Assert.Equal(2, band.Count);
        foreach (var (g, c) in a.Groups.Zip(band))
        {
            Assert.Equal(50, c.T.Length);
            Assert.Equal(4, c.Runs);
            int k = 37;
            double mean = a.RunsOf(g).Average(r => r.FalsePositiveAt(c.T[k])!.Value);
            Assert.Equal(mean, c.Mean[k], 9);
            Assert.True(c.Lower[k] <= c.Mean[k] && c.Mean[k] <= c.Upper[k]);
        }
    }

    [Fact]
    public void Comparisons_with_the_baseline_are_the_sweep_reports()
    {
        var a = SweepAnalysis.Load(sweep.Folder);
        var rows = SweepRunner.ReadSummary(sweep.Folder).Rows;
        Assert.Equal(SweepReport.Compare(rows, "listener.kind=none"), a.CompareWithBaseline("none"));
        var fp = a.CompareWithBaseline("none", "FP at 60 s", r => r.FalsePositiveAt(60));
        var one = Assert.Single(fp);
        Assert.Equal("listener.kind=random", one.Group);
        var x = a.RunsOf("listener.kind=random").Select(r => r.FalsePositiveAt(60)!.Value).ToArray();
        var y = a.RunsOf("listener.kind=none").Select(r => r.FalsePositiveAt(60)!.Value).ToArray();
        Assert.Equal(Statistics.PermutationTest(x, y).P, one.P!.Value, 12);
        Assert.True(one.Exact);

        string md = ConvergenceTable.Markdown(a, "none", 30, 90);
        var lines = md.Trim().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("| listener | runs | chance FP | FP at 0.5 min | p | FP at 1.5 min | p |", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("| random | 4 | 0.750 ± 0.000 |", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("| none (baseline) | 4 |", lines[3], StringComparison.Ordinal);
        Assert.EndsWith("| never | 0/4 |", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void The_threshold_crossing_is_the_first_epoch_above_the_total()
    {
        var row = new SweepRow(1, "run-0001", "p", 1, new Dictionary<string, JsonNode?>(), "runs/run-0001", 10, 0, 0, 0, 0, null, null, null);
        var run = new SweepRunAnalysis(row, "p", "oracle", "oracle", "well-formed", 500,
            [new(1, 1, 0.5, 1, 0.1, 6, 990), new(2, 2, 0.4, 1, 0.1, 6, 1000), new(3, 3, 0.1, 1, 0.1, 6, 1010), new(4, 4, 0.2, 1, 0.1, 6, 1020)],
            new Dictionary<string, double>());
        Assert.Equal(3, run.FirstEpochAboveTotal(1000));
        Assert.Null(run.FirstEpochAboveTotal(2000));
        Assert.Equal(0.45, run.MeanFalsePositive(0, 3)!.Value, 12);
        Assert.Equal(0.15, run.MeanFalsePositive(3, 10)!.Value, 12);
        Assert.Null(run.MeanFalsePositive(5, 10));
        var md = ThresholdTable.Markdown(new SweepAnalysis { Folder = ".", Name = "t", Keys = [], Runs = [run] }, windowSeconds: 2);
        Assert.Contains("| oracle | 3 | 0.450 | 0.150 | never |", md, StringComparison.Ordinal);
        // The short random-vs-none sweep never passes 2·nData.
        Assert.Contains("| none | never |", ThresholdTable.Markdown(SweepAnalysis.Load(sweep.Folder)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_convergence_view_draws_its_figures_in_process_where_Plotly_NET_loads()
    {
        var a = SweepAnalysis.Load(sweep.Folder);
        var charts = ActionPerception.Simulations.Reports.SweepConvergenceFigures.Charts(a);
        Assert.Equal(3, charts.Count);
        Assert.All(charts, c => Assert.IsAssignableFrom<Plotly.NET.GenericChart>(c));
        var figures = ActionPerception.Simulations.Reports.SweepConvergenceFigures.Figures(a);
        Assert.Equal(["sweep-fp", "sweep-kl-reference", "sweep-half-chance", "sweep-coverage"], figures.Select(f => f.Name));
        // The FP figure: a band and a mean per group, then the chance and half-chance lines.
        var data = (JsonArray)figures[0].Json["data"]!;
        Assert.Equal(2 * 3 + 2, data.Count);
        Assert.StartsWith("chance (0.750)", (string)data[^2]!["name"]!, StringComparison.Ordinal);
        // Bands and error bars stay within each measure's range: a rate in [0, 1], a KL and a coverage never below 0.
        static IEnumerable<double> Ys(JsonNode t) => t["y"]!.AsArray().Where(v => v is not null).Select(v => v!.GetValue<double>());
        foreach (var t in data.Take(6)) Assert.All(Ys(t!), v => Assert.InRange(v, 0, 1));
        foreach (var t in ((JsonArray)figures[1].Json["data"]!).Where(t => ((string)t!["name"]!).EndsWith(" lower", StringComparison.Ordinal)))
            Assert.All(Ys(t!), v => Assert.True(v >= 0, $"KL band below 0: {v}"));
        var bar = figures[3].Json["data"]![0]!;
        var means = bar["y"]!.AsArray().Select(v => v?.GetValue<double>()).ToArray();
        var up = bar["error_y"]!["array"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var down = bar["error_y"]!["arrayminus"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        for (int i = 0; i < means.Length; i++)
            if (means[i] is double m) { Assert.InRange(m + up[i], 0, 1 + 1e-12); Assert.InRange(m - down[i], -1e-12, 1); }
        string html = ActionPerception.Simulations.Reports.SweepConvergenceFigures.Render(a, "none", 30, 90);
        Assert.Contains("Against the baseline none", html, StringComparison.Ordinal);
        Assert.Contains("<td>random</td>", html, StringComparison.Ordinal);
        Assert.Contains("FP at 1.5 min", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grid_point_is_labelled_by_its_listener_kind_and_other_keys()
    {
        static SweepRow Row(params (string Key, JsonNode? Value)[] ps) =>
            new(1, "run-0001", "p", 1, ps.ToDictionary(p => p.Key, p => p.Value), "runs/run-0001", 1, 0, 0, 0, 0, null, null, null);
        Assert.Equal("oracle", SweepAnalysis.LabelOf(Row(("listener.kind", "oracle"))));
        Assert.Equal("template, generator.epochData=multinomial", SweepAnalysis.LabelOf(Row(
            ("listener", JsonNode.Parse("""{"kind":"template","template":{"taste":{"name":"well-formed"}}}""")), ("generator.epochData", "multinomial"))));
        Assert.Equal("audio.bpm=120", SweepAnalysis.LabelOf(Row(("audio.bpm", 120))));
        Assert.Equal("all", SweepAnalysis.LabelOf(Row()));
    }
}
