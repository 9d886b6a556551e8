using System.Diagnostics;
using System.Runtime.InteropServices;
using ActionPerception.Audio;

namespace ActionPerception.Tests.Audio;

public class PipeOutputTests
{
    private static float[] Tone(int frames) =>
        [.. Enumerable.Range(0, frames).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / 22050)))];

    [Fact]
    public async Task Every_sample_reaches_the_player_in_the_documented_format_while_readers_watch_the_clock()
    {
        using var dir = new TempDir();
        var raw = dir.File("got.raw");
        var samples = Tone(22050);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using (var o = OutputSpec.Parse($"pipe:sh -c 'cat > \"{raw}\"'").Open(22050))
        {
            var pipe = Assert.IsType<PipeOutput>(o);
            Assert.Equal(["sh", "-c", $"cat > \"{raw}\""], pipe.Arguments);
            using var done = new CancellationTokenSource();
            var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            {
                long last = 0;
                while (!done.IsCancellationRequested)
                {
                    long played = o.FramesPlayed, written = o.FramesWritten;
                    if (played < last) errors.Enqueue($"went back from {last} to {played}");
                    if (played > written) errors.Enqueue($"{played} is past the {written} frames written");
                    last = played;
                }
            })).ToArray();
            for (int at = 0; at < samples.Length; at += 1102)
                o.Write(samples.AsSpan(at, Math.Min(1102, samples.Length - at)));
            o.Drain();
            Assert.Equal(samples.Length, o.FramesWritten);
            Assert.Equal(o.FramesWritten, o.FramesPlayed);
            done.Cancel();
            await Task.WhenAll(readers);
        }
        Assert.Empty(errors);
        var expected = new short[samples.Length];
        Pcm.ToInt16(samples, expected);
        Assert.Equal(MemoryMarshal.AsBytes(expected.AsSpan()).ToArray(), File.ReadAllBytes(raw));
    }

    [Fact]
    public void A_player_that_cannot_start_is_named_with_the_fix()
    {
        var e = Assert.Throws<AudioOutputException>(() => AudioOutputs.Open("pipe:no-such-player-7f3a -r {rate} -", 22050));
        Assert.Equal("pipe:no-such-player-7f3a -r {rate} -", e.Output);
        Assert.Contains("'no-such-player-7f3a' could not be started", e.Message);
        Assert.Contains("PATH", e.Message);
    }

    [Fact]
    public void A_player_that_exits_fails_the_output_naming_the_command_its_code_and_what_it_said()
    {
        using var o = AudioOutputs.Open("pipe:sh -c 'head -c 1000 > /dev/null; echo gone >&2; exit 7'", 22050);
        var block = new float[1102];
        var e = Assert.Throws<AudioOutputException>(() =>
        {
            for (int i = 0; i < 1000; i++) o.Write(block);
        });
        Assert.Contains("'pipe:sh -c 'head -c 1000 > /dev/null; echo gone >&2; exit 7''", e.Message);
        Assert.Contains("exited (code 7)", e.Message);
        Assert.Contains("gone", e.Message);
    }
}

[Collection("realtime")]
public class PipeOutputTimingTests
{
    [Fact]
    public void The_pipe_paces_the_writer_at_the_players_rate_and_the_clock_follows()
    {
        using var dir = new TempDir();
        var count = dir.File("count");
        var wall = Stopwatch.StartNew();
        long written;
        using (var o = AudioOutputs.Open(PacedReader.Command(dir.Path, count), 22050))
        {
            var block = new float[1102];
            long midPlayed = -1;
            double midWall = 0;
            for (int i = 0; i < 60; i++) // 3 s
            {
                o.Write(block);
                if (i == 40) (midPlayed, midWall) = (o.FramesPlayed, wall.Elapsed.TotalSeconds);
            }
            // Mid-way the clock is behind what was written by about the latency estimate, not by seconds.
            Assert.InRange(midPlayed, 41 * 1102 - 22050, 41 * 1102);
            o.Drain();
            written = o.FramesWritten;
            Assert.Equal(written, o.FramesPlayed);
        }
        Assert.True(wall.Elapsed.TotalSeconds >= 2.7, $"3 s of audio went through in {wall.Elapsed.TotalSeconds:F2} s: the pipe did not pace");
        Assert.Equal(written * 2, PacedReader.Count(count));
    }

    [Fact]
    public void A_player_that_takes_nothing_is_a_stall_and_fails_the_output()
    {
        using var o = new PipeOutput("sleep 30", 22050, stallTimeout: TimeSpan.FromSeconds(0.5));
        var block = new float[1102];
        var wall = Stopwatch.StartNew();
        var e = Assert.Throws<AudioOutputException>(() =>
        {
            for (int i = 0; i < 1000; i++) o.Write(block);
        });
        Assert.Contains("stalled", e.Message);
        Assert.Contains("'pipe:sleep 30'", e.Message);
        Assert.True(wall.Elapsed.TotalSeconds < 20, "the stall was not noticed");
    }

    [Fact]
    public void Disposing_under_a_write_blocked_on_a_hung_player_ends_both()
    {
        var o = new PipeOutput("sleep 30", 22050, stallTimeout: TimeSpan.FromMinutes(5));
        var block = new float[22050];
        Exception? failure = null;
        var writer = new Thread(() =>
        {
            try { for (int i = 0; i < 100; i++) o.Write(block); }
            catch (Exception e) { failure = e; }
        });
        writer.Start();
        Thread.Sleep(500);
        var wall = Stopwatch.StartNew();
        o.Dispose();
        Assert.True(writer.Join(TimeSpan.FromSeconds(10)), "the write stayed blocked");
        Assert.True(wall.Elapsed.TotalSeconds < 10);
        Assert.True(failure is AudioOutputException or ObjectDisposedException, failure?.ToString() ?? "no failure");
    }
}
