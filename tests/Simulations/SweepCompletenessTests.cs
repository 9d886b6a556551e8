using ActionPerception.Simulations.Sweeps;

namespace ActionPerception.Tests.Simulations;

/// <summary>Two finished shards of a four-run sweep, made once for the tests below (which work on copies).</summary>
public sealed class TwoShards
{
    public const string Sweep = """
        {
          "schemaVersion": 1,
          "name": "complete-sweep",
          "scenario": { "durationSeconds": 20, "audio": { "bpm": 300 }, "listener": { "kind": "random" } },
          "grid": { "listener.random.likeProbability": [0.2, 0.6] },
          "seeds": [1, 2]
        }
        """;

    public string Root { get; }
    public SweepPlan Plan { get; }
    public IReadOnlyList<string> Shards { get; }

    public TwoShards()
    {
        Root = Fixtures.TempDir();
        Plan = SweepPlan.Parse("complete-sweep.json", Sweep, ".");
        Shards = [.. Enumerable.Range(0, 2).Select(i =>
        {
            string dir = Path.Combine(Root, $"shard-{i}");
            SweepRunner.Run(Plan, Plan.Shard(i, 2), dir, (i, 2), 2);
            return dir;
        })];
    }

    /// <summary>Copies of both shards under a new folder, to damage one of them.</summary>
    public IReadOnlyList<string> Copy()
    {
        string to = Fixtures.TempDir();
        return [.. Shards.Select(s => { string d = Path.Combine(to, Path.GetFileName(s)); CopyTree(s, d); return d; })];
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        foreach (var d in Directory.GetDirectories(from)) CopyTree(d, Path.Combine(to, Path.GetFileName(d)));
    }
}

public class SweepCompletenessTests(TwoShards shards) : IClassFixture<TwoShards>
{
    private static string Log(string shard, string run) => Path.Combine(shard, "runs", run, "session.jsonl");

    /// <summary>Merge refuses, names the run and the problem, and writes nothing.</summary>
    private static void Refused(IReadOnlyList<string> copies, string run, string problem)
    {
        string merged = Path.Combine(Path.GetDirectoryName(copies[0])!, "merged");
        var e = Assert.Throws<ArgumentException>(() => SweepRunner.Merge(copies, merged));
        Assert.Contains($"{Path.Combine("runs", run)} (", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Contains("--resume", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(merged));
    }

    [Fact]
    public void Finished_shards_merge_and_every_run_is_complete()
    {
        var copies = shards.Copy();
        foreach (var run in shards.Plan.Runs)
            Assert.Null(RunCompleteness.Problem(Path.Combine(copies[(run.Index - 1) % 2], "runs", run.Id)));
        Assert.Equal(4, SweepRunner.Merge(copies, Path.Combine(Path.GetDirectoryName(copies[0])!, "merged")).Count);
    }

    [Fact]
    public void A_log_cut_before_its_stop_event_is_refused_by_merge()
    {
        var copies = shards.Copy();
        // run-0003 is in shard 0 (every second run from the first).
        string log = Log(copies[0], "run-0003");
        File.WriteAllLines(log, File.ReadAllLines(log).SkipLast(2));
        Refused(copies, "run-0003", "has no stop event (the run was cut off)");
        Assert.Contains("--shard 0/2", Assert.Throws<ArgumentException>(() => SweepRunner.Merge(copies, Path.Combine(Path.GetDirectoryName(copies[0])!, "m2"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_whose_last_line_is_half_written_is_refused_by_merge()
    {
        var copies = shards.Copy();
        string log = Log(copies[1], "run-0002");
        string text = File.ReadAllText(log);
        File.WriteAllText(log, text[..(text.Length - 40)]);
        var lines = File.ReadAllLines(log).Length;
        Refused(copies, "run-0002", $"session.jsonl line {lines}: ");
    }

    [Fact]
    public void A_run_without_its_summary_json_is_refused_by_merge_and_every_broken_run_is_named()
    {
        var copies = shards.Copy();
        File.Delete(Path.Combine(copies[1], "runs", "run-0004", "summary.json"));
        File.WriteAllText(Path.Combine(copies[0], "runs", "run-0001", "summary.json"), "{ \"schema");
        var e = Assert.Throws<ArgumentException>(() => SweepRunner.Merge(copies, Path.Combine(Path.GetDirectoryName(copies[0])!, "merged")));
        Assert.StartsWith("2 of 4 runs are not complete: ", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine("runs", "run-0004")} (no summary.json)", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine("runs", "run-0001")} (summary.json cannot be read as a run summary", e.Message, StringComparison.Ordinal);
        Assert.Contains("--shard 0/2", e.Message, StringComparison.Ordinal);
        Assert.Contains("--shard 1/2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_stopped_by_a_signal_is_not_complete_by_its_typed_stop_code()
    {
        var copies = shards.Copy();
        string folder = Path.Combine(copies[0], "runs", "run-0001");
        string log = Log(copies[0], "run-0001");
        string text = File.ReadAllText(log);
        // The code decides, not the words: a finished-sounding reason with the code of a SIGTERM is not a result.
        File.WriteAllText(log, text.Replace("\"code\":\"durationReached\"", "\"code\":\"terminated\"", StringComparison.Ordinal));
        Assert.Equal("the run stopped early (duration reached)", RunCompleteness.Problem(folder));
        File.WriteAllText(log, text.Replace("\"code\":\"durationReached\"", "\"code\":\"interrupted\"", StringComparison.Ordinal));
        Refused(copies, "run-0001", "the run stopped early");
        // A log from before the code was logged is judged by its stop reason.
        File.WriteAllText(log, text.Replace(",\"code\":\"durationReached\"", "", StringComparison.Ordinal));
        Assert.Null(RunCompleteness.Problem(folder));
        File.WriteAllText(log, text.Replace("\"reason\":\"duration reached\",\"code\":\"durationReached\"", "\"reason\":\"interrupted\"", StringComparison.Ordinal));
        Assert.Equal("the run stopped early (interrupted)", RunCompleteness.Problem(folder));
    }

    [Fact]
    public void Resume_redoes_a_broken_run_and_says_kept_for_the_others()
    {
        var copies = shards.Copy();
        string dir = Path.GetDirectoryName(copies[0])!;
        File.WriteAllText(Path.Combine(dir, "sweep.json"), TwoShards.Sweep);
        string log = Log(copies[0], "run-0003");
        string whole = File.ReadAllText(log);
        File.WriteAllLines(log, File.ReadAllLines(log).SkipLast(2));
        var r = Ap.Run(dir, "sweep", "run", "sweep.json", "--shard", "0/2", "--out", copies[0], "--resume", "-j", "1");
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        Assert.Contains("run-0001 (listener.random.likeProbability=0.2, seed 1): kept (finished before); ", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("run-0003 (listener.random.likeProbability=0.6, seed 1): kept", r.Out, StringComparison.Ordinal);
        Assert.Contains("(1 kept from before, 1 run now)", r.Out, StringComparison.Ordinal);
        Assert.Equal(whole, File.ReadAllText(log));
        Assert.Equal(4, SweepRunner.Merge(copies, Path.Combine(dir, "merged")).Count);
    }
}
