using System.Diagnostics;
using ActionPerception.Tests.Simulations;

namespace ActionPerception.Tests.Audio;

/// <summary>`ap simulate --realtime` through a pipe: one player that keeps time, one that dies.</summary>
[Collection("realtime")]
public class PipeSessionTests
{
    [Fact]
    public void Ten_seconds_into_a_paced_reader_take_ten_seconds_and_deliver_every_sample()
    {
        var dir = Fixtures.TempDir();
        var count = Path.Combine(dir, "count");
        var wall = Stopwatch.StartNew();
        var r = Ap.Run(dir, "simulate", "--realtime", "--duration", "10", "--listener", "random", "--seed", "3",
            "--output", PacedReader.Command(dir, count), "--out", "run");
        wall.Stop();
        Assert.True(r.ExitCode == 0, r.Err);
        var log = RawLog.Read(Path.Combine(dir, "run", "session.jsonl"));
        var summary = log.OfType("summary").Single();
        // The session's own wall time (start-up and report excluded) is paced by the reader.
        Assert.True(summary.GetProperty("wallSeconds").GetDouble() >= 9.5, $"10 s of audio took {summary.GetProperty("wallSeconds").GetDouble()} s of wall time");
        Assert.Equal("durationReached", log.OfType("stop").Single().GetProperty("code").GetString());
        // Every sample of the 10 s was delivered (the reader counts what it took; writes go in whole frames).
        long bytes = PacedReader.Count(count);
        Assert.True(bytes >= 2 * 22050 * 10, $"the reader took {bytes} bytes");
        Assert.Equal(0, bytes % 2);
        Assert.Contains("pipe to 'python3", log.OfType("header").Single().GetProperty("derived").GetProperty("output").GetString());
    }

    [Fact]
    public void A_player_that_dies_after_three_seconds_ends_the_session_with_exit_4_and_a_complete_folder()
    {
        var dir = Fixtures.TempDir();
        var r = Ap.Run(dir, "simulate", "--realtime", "--duration", "10", "--listener", "random", "--seed", "3",
            "--output", PacedReader.Command(dir, Path.Combine(dir, "count"), dieAfterSeconds: 3), "--out", "run");
        Assert.True(r.ExitCode == 4, $"exit {r.ExitCode}: {r.Err}");
        Assert.Contains("pipe:python3", r.Err);
        Assert.Contains("exited (code 3)", r.Err);
        Assert.Single(r.Err.Split('\n'), l => l.StartsWith("ap: error:", StringComparison.Ordinal));
        var folder = Path.Combine(dir, "run");
        var log = RawLog.Read(Path.Combine(folder, "session.jsonl"));
        var stop = log.OfType("stop").Single();
        Assert.Equal("failed", stop.GetProperty("code").GetString());
        Assert.Contains("exited (code 3)", stop.GetProperty("reason").GetString());
        Assert.InRange(stop.GetProperty("t").GetDouble(), 1, 9);
        Assert.Single(log.OfType("summary"));
        Assert.True(File.Exists(Path.Combine(folder, "scenario.json")));
        Assert.Equal("failed", ActionPerception.Simulations.Runs.RunSummary.Load(folder)!.Summary!.StopCode.ToString().ToLowerInvariant());
        Assert.NotEmpty(Directory.GetFiles(folder, "checkpoint-*.json"));
        Assert.False(File.Exists(Path.Combine(folder, ".ap.lock")), "the run folder is still locked");
    }
}
