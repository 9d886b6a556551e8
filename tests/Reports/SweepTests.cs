using ActionPerception.Simulations.Sweeps;
using ActionPerception.Tests.Simulations;

namespace ActionPerception.Tests.Reports;

public class SweepTests
{
    // 300 BPM: 2 s buffers; 30 s sessions keep the suite fast on two cores.
    private const string Sweep = """
        {
          "schemaVersion": 1,
          "name": "test-sweep",
          "scenario": { "durationSeconds": 30, "audio": { "bpm": 300 }, "listener": { "kind": "random" } },
          "grid": { "listener.random.likeProbability": [0.2, 0.6], "dataset.likeIncrement": [5, 10] },
          "seeds": [1, 2]
        }
        """;

    // Four runs for the tests that run sessions: two grid values × two seeds.
    private const string SmallSweep = """
        {
          "schemaVersion": 1,
          "name": "small-sweep",
          "scenario": { "durationSeconds": 30, "audio": { "bpm": 300 }, "listener": { "kind": "random" } },
          "grid": { "listener.random.likeProbability": [0.2, 0.6] },
          "seeds": [1, 2]
        }
        """;

    private static SweepPlan Plan() => SweepPlan.Parse("test-sweep.json", Sweep, ".");

    [Fact]
    public void The_grid_expands_in_a_stable_order_first_key_slowest_seed_fastest()
    {
        var plan = Plan();
        Assert.Equal(8, plan.Runs.Count);
        Assert.Equal("run-0001", plan.Runs[0].Id);
        Assert.Equal("listener.random.likeProbability=0.2, dataset.likeIncrement=5", plan.Runs[0].Point);
        Assert.Equal([1UL, 2UL, 1UL, 2UL, 1UL, 2UL, 1UL, 2UL], plan.Runs.Select(r => r.Seed));
        Assert.Equal("listener.random.likeProbability=0.6, dataset.likeIncrement=10", plan.Runs[7].Point);
        Assert.Equal(10, plan.Runs[7].Scenario.Dataset.LikeIncrement);
        Assert.Equal([2, 5, 8], plan.Shard(1, 3).Select(r => r.Index));
    }

    [Fact]
    public void A_sweep_is_deterministic_and_its_shards_merged_equal_the_unsharded_sweep()
    {
        var plan = SweepPlan.Parse("small-sweep.json", SmallSweep, ".");
        string root = Fixtures.TempDir();
        string whole = Path.Combine(root, "whole"), again = Path.Combine(root, "again");
        SweepRunner.Run(plan, plan.Runs, whole, null, 2);
        SweepRunner.Run(plan, plan.Runs, again, null, 1);
        string summary = File.ReadAllText(Path.Combine(whole, SweepRunner.SummaryJson));
        Assert.Equal(summary, File.ReadAllText(Path.Combine(again, SweepRunner.SummaryJson)));
        Assert.Equal(File.ReadAllText(Path.Combine(whole, SweepRunner.SummaryCsv)), File.ReadAllText(Path.Combine(again, SweepRunner.SummaryCsv)));
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "runs", "run-0003", "session.jsonl")), File.ReadAllText(Path.Combine(again, "runs", "run-0003", "session.jsonl")));

        var shards = Enumerable.Range(0, 3).Select(i =>
        {
            string dir = Path.Combine(root, $"shard-{i}");
            SweepRunner.Run(plan, plan.Shard(i, 3), dir, (i, 3), 2);
            return dir;
        }).ToList();
        string merged = Path.Combine(root, "merged");
        // Order of the shard folders does not matter.
        SweepRunner.Merge([shards[2], shards[0], shards[1]], merged);
        Assert.Equal(summary, File.ReadAllText(Path.Combine(merged, SweepRunner.SummaryJson)));
        Assert.Equal(File.ReadAllText(Path.Combine(whole, SweepRunner.SummaryCsv)), File.ReadAllText(Path.Combine(merged, SweepRunner.SummaryCsv)));
        Assert.True(File.Exists(Path.Combine(merged, "runs", "run-0004", "session.jsonl")));
        // Each run has its report, which refers to the one plotly.js of its sweep folder; the reports are deterministic,
        // so the merged shards hold the same bytes as the unsharded sweep.
        string js = ActionPerception.Simulations.Reports.HtmlPage.PlotlyJsFileName;
        foreach (var folder in new[] { whole, merged })
        {
            Assert.True(File.Exists(Path.Combine(folder, js)), $"{folder} has no {js}");
            Assert.Single(Directory.EnumerateFiles(folder, "*.js", SearchOption.AllDirectories));
        }
        string report = File.ReadAllText(Path.Combine(whole, "runs", "run-0003", "report.html"));
        Assert.Contains($"<script src=\"../../{js}\"></script>", report);
        Assert.Equal(report, File.ReadAllText(Path.Combine(merged, "runs", "run-0003", "report.html")));
        Assert.Equal(report, File.ReadAllText(Path.Combine(again, "runs", "run-0003", "report.html")));

        // A missing shard and a shard twice are refused.
        Assert.Throws<ArgumentException>(() => SweepRunner.Merge([shards[0], shards[1]], Path.Combine(root, "partial")));
        Assert.Throws<ArgumentException>(() => SweepRunner.Merge([shards[0], shards[0], shards[1], shards[2]], Path.Combine(root, "twice")));
        // A run folder is never written over.
        Assert.Throws<IOException>(() => SweepRunner.Run(plan, plan.Runs, whole, null, 2));

        // The sweep report holds a mean curve per grid point.
        string html = SweepReport.Write(merged, null, overwrite: false);
        var curves = ReportFixture.DataBlock(File.ReadAllText(html), "sweep-curves");
        Assert.Equal(2, curves.GetProperty("kl").GetArrayLength());
        Assert.Equal(2, curves.GetProperty("kl")[0].GetProperty("runs").GetInt32());
        // Toward the listener: a false-positive-rate band per grid point from the runs' logs, and the convergence table.
        Assert.Equal(2, curves.GetProperty("falsePositiveRate").GetArrayLength());
        Assert.Equal(2, curves.GetProperty("falsePositiveRate")[1].GetProperty("runs").GetInt32());
        string page = File.ReadAllText(html);
        Assert.True(ReportFixture.FiguresOf(page).ContainsKey("sweep-fp"));
        Assert.Contains("<table id=\"sweep-convergence\">", page);
    }

    [Theory]
    [InlineData("""{"schemaVersion": 1, "grid": {"audio.bpm": [120, 1000]}}""", "audio.bpm")]
    [InlineData("""{"schemaVersion": 1, "grid": {"audio.bpm": []}}""", "non-empty array")]
    [InlineData("""{"schemaVersion": 1, "seeds": [1, -2]}""", "seeds")]
    [InlineData("""{"schemaVersion": 2}""", "schema version")]
    [InlineData("""{"schemaVersion": 1, "grids": {}}""", "unknown field 'grids'")]
    [InlineData("""{"schemaVersion": 1, "grid": {"audio.bmp": [120]}}""", "bmp")]
    [InlineData("""{"schemaVersion": 1, "scenario": {"listener": {"kind": "human"}}}""", "human")]
    [InlineData("""{"schemaVersion": 1, "scenario": {"durationSeconds": 10, "dataset": {"file": "missing.json"}}, "seeds": [1, 2]}""", "missing.json")]
    [InlineData("""{"schemaVersion": 1, "grid": {}, "grid": {}}""", "twice")]
    public void A_bad_sweep_file_is_refused_with_the_place_and_the_fix(string json, string expected)
    {
        var e = Assert.ThrowsAny<Exception>(() => SweepPlan.Parse("bad-sweep.json", json, "."));
        Assert.Contains(expected, e.Message);
        Assert.Contains("bad-sweep.json", e.Message);
        Assert.Contains("Fix", e.Message);
    }

    [Fact]
    public void Sweep_command_runs_a_shard_with_plain_progress_lines_when_piped()
    {
        string dir = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(dir, "sweep.json"), SmallSweep);
        var r = Ap.Run(dir, "sweep", "run", "sweep.json", "--shard", "1/4", "--out", "s1");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("[1/1] run-0002", r.Out);
        Assert.Contains("shard 1/4: 1 of 4 runs", r.Out);
        Assert.True(File.Exists(Path.Combine(dir, "s1", "summary.csv")));
        var bad = Ap.Run(dir, "sweep", "run", "sweep.json", "--shard", "4/4");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--shard", bad.Err);
    }

    [Fact]
    public void Confidence_bands_use_Students_t_and_a_single_seed_has_none()
    {
        var (m, h) = SweepReport.MeanCi([1.7722, 1.5447, 1.7019]);
        Assert.Equal(1.6729, m!.Value, 3);
        Assert.Equal(0.289, h!.Value, 2); // t(0.975, 2) = 4.303, not 1.96
        Assert.Null(SweepReport.MeanCi([1.0]).HalfWidth);
    }

    [Fact]
    public void An_interrupted_sweep_finishes_with_resume_and_equals_an_uninterrupted_one()
    {
        string dir = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(dir, "sweep.json"), SmallSweep);
        Assert.Equal(0, Ap.Run(dir, "sweep", "run", "sweep.json", "--out", "whole", "-j", "1").ExitCode);

        // Simulate an interruption: the run folder of one run is left half-written, the summary is missing.
        Assert.Equal(0, Ap.Run(dir, "sweep", "run", "sweep.json", "--out", "cut", "-j", "1").ExitCode);
        File.Delete(Path.Combine(dir, "cut", "summary.json"));
        File.Delete(Path.Combine(dir, "cut", "summary.csv"));
        var log = Path.Combine(dir, "cut", "runs", "run-0003", "session.jsonl");
        File.WriteAllLines(log, File.ReadAllLines(log).Take(10));
        var refused = Ap.Run(dir, "sweep", "run", "sweep.json", "--out", "cut");
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("--resume", refused.Err);
        var resumed = Ap.Run(dir, "sweep", "run", "sweep.json", "--out", "cut", "--resume", "-j", "1");
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "whole", "summary.json")), File.ReadAllText(Path.Combine(dir, "cut", "summary.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "whole", "runs", "run-0003", "session.jsonl")), File.ReadAllText(log));
    }

    [Fact]
    public void A_broken_summary_is_refused_in_one_line()
    {
        string dir = Fixtures.TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "s"));
        File.WriteAllText(Path.Combine(dir, "s", "summary.json"), "null");
        var r = Ap.Run(dir, "sweep", "report", "s");
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain("   at ", r.Err);
    }
}
