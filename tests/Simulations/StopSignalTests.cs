namespace ActionPerception.Tests.Simulations;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM sent for real to a running `ap`: the README's exit codes (130, 143), a folder that is
/// complete (a closed log, a checkpoint, the summary and report; a sweep resumable), no lock left, and a second signal
/// that quits at once without corrupting anything.
/// </summary>
[Collection("realtime")]
public class StopSignalTests
{
    private const string LongSweep = """
        {
          "schemaVersion": 1,
          "name": "long-sweep",
          "scenario": { "durationSeconds": 900000, "audio": { "bpm": 300 }, "listener": { "kind": "random" } },
          "seeds": [1, 2]
        }
        """;

    private static string Reason(string signal) => signal == "TERM" ? "terminated (SIGTERM)" : "interrupted";

    /// <summary>The session wrote its last line (the summary event): what follows is its summary.json and report.</summary>
    private static bool Closed(string log)
    {
        try
        {
            using var s = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            string text = new StreamReader(s).ReadToEnd();
            return text.EndsWith('\n') && text.Contains("{\"type\":\"summary\"", StringComparison.Ordinal);
        }
        catch (IOException) { return false; }
    }

    private static void NoLockLeft(string dir) =>
        Assert.Empty(Directory.GetFiles(dir, "*.ap.lock", SearchOption.AllDirectories));

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public void A_signal_stops_a_real_time_session_cleanly(string signal, int code)
    {
        var dir = Fixtures.TempDir();
        string log = Path.Combine(dir, "rt", "session.jsonl");
        using var ap = new ApChild(dir, "simulate", "--realtime", "--output", "null:paced", "--duration", "600", "--bpm", "300", "--listener", "random", "--out", "rt");
        ap.WaitUntil(() => ApChild.HasLines(log, 3), "a pattern in the log");
        ap.Signal(signal);
        var r = ap.WaitForExit();
        Assert.True(code == r.ExitCode, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.Equal(Reason(signal), RawLog.Read(log).OfType("stop").Single().GetProperty("reason").GetString());
        foreach (var f in new[] { "scenario.json", "summary.json", "report.html" }) Assert.True(File.Exists(Path.Combine(dir, "rt", f)), f);
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "rt"), "checkpoint-*.json"));
        NoLockLeft(dir);
    }

    [Fact]
    public void A_second_ctrl_c_while_the_report_is_written_quits_at_once_leaving_a_report_or_none()
    {
        // A long virtual session: its report takes seconds to write, so the second Ctrl+C lands while it is written.
        var dir = Fixtures.TempDir();
        string log = Path.Combine(dir, "long", "session.jsonl");
        using var ap = new ApChild(dir, "simulate", "--duration", "900000", "--listener", "random", "--out", "long");
        ap.WaitUntil(() => File.Exists(log) && new FileInfo(log).Length > 3_000_000, "a long log");
        ap.Signal("INT");
        ap.WaitUntil(() => Closed(log), "the closed log", seconds: 60);
        ap.Signal("INT");
        var r = ap.WaitForExit();
        Assert.True(r.ExitCode == 130, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.Contains("quitting at once", r.Err);
        // The log was closed by the first Ctrl+C; the report is whole or absent (it is renamed into place).
        Assert.Equal("interrupted", RawLog.Read(log).OfType("stop").Single().GetProperty("reason").GetString());
        string report = Path.Combine(dir, "long", "report.html");
        if (File.Exists(report)) Assert.EndsWith("</html>", File.ReadAllText(report).TrimEnd());
        NoLockLeft(dir);
    }

    [Fact]
    public void A_second_signal_quits_train_at_once_without_a_half_written_model()
    {
        var dir = Fixtures.TempDir();
        using var ap = new ApChild(dir, "train", "--epochs", "1000000", "--n-data", "2000", "--out", "t");
        ap.WaitUntil(() => File.Exists(Path.Combine(dir, "t", ".ap.lock")), "training");
        Thread.Sleep(1000);
        ap.Signal("INT");
        ap.Signal("INT");
        var r = ap.WaitForExit();
        Assert.True(r.ExitCode == 130, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        // Either the first Ctrl+C finished writing (a loadable model) or the second came first (nothing, no empty folder).
        string model = Path.Combine(dir, "t", "model.json");
        if (File.Exists(model)) ActionPerception.Agents.Files.ModelFile.Load(model);
        else Assert.False(Directory.Exists(Path.Combine(dir, "t")) && Directory.EnumerateFileSystemEntries(Path.Combine(dir, "t")).Any());
        NoLockLeft(dir);
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public void A_signal_stops_a_sweep_leaving_it_resumable(string signal, int code)
    {
        var dir = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(dir, "sweep.json"), LongSweep);
        string log = Path.Combine(dir, "s", "runs", "run-0001", "session.jsonl");
        using var ap = new ApChild(dir, "sweep", "run", "sweep.json", "--out", "s", "-j", "1");
        ap.WaitUntil(() => ApChild.HasLines(log, 50), "the first run's log");
        ap.Signal(signal);
        var r = ap.WaitForExit();
        Assert.True(code == r.ExitCode, r.Err);
        Assert.Contains("--resume", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.True(File.Exists(Path.Combine(dir, "s", "sweep.json")));
        var stop = Assert.Single(RawLog.Read(log).OfType("stop"));
        // The run's log names the signal the exit code reports.
        Assert.Equal(code == 143 ? "terminated" : "interrupted", stop.GetProperty("code").GetString());
        NoLockLeft(dir);
    }

    [Fact]
    public void A_second_ctrl_c_quits_a_sweep_at_once_without_a_lock()
    {
        var dir = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(dir, "sweep.json"), LongSweep);
        using var ap = new ApChild(dir, "sweep", "run", "sweep.json", "--out", "s", "-j", "1");
        ap.WaitUntil(() => ApChild.HasLines(Path.Combine(dir, "s", "runs", "run-0001", "session.jsonl"), 50), "the first run's log");
        ap.Signal("INT");
        ap.Signal("INT");
        var r = ap.WaitForExit();
        Assert.True(r.ExitCode == 130, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.True(File.Exists(Path.Combine(dir, "s", "sweep.json")));
        NoLockLeft(dir);
    }

    [Fact]
    public void A_signal_to_render_exits_130_with_a_readable_wav_and_no_lock()
    {
        var dir = Fixtures.TempDir();
        string wav = Path.Combine(dir, "d.wav");
        using var ap = new ApChild(dir, "render", "--patterns", "19000", "--output", "wav:d.wav");
        ap.WaitUntil(() => File.Exists(wav) && new FileInfo(wav).Length > 1_000_000, "a growing WAV");
        ap.Signal("INT");
        var r = ap.WaitForExit();
        Assert.True(r.ExitCode == 130, r.Err);
        using (var reader = new NAudio.Wave.WaveFileReader(wav)) Assert.True(reader.SampleCount > 0);
        NoLockLeft(dir);
    }

    [Fact]
    public void A_second_writer_of_a_train_folder_a_wav_or_a_sweep_is_refused_naming_the_first()
    {
        var dir = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(dir, "sweep.json"), LongSweep);
        using var train = new ApChild(dir, "train", "--epochs", "1000000", "--out", "t");
        using var render = new ApChild(dir, "render", "--patterns", "19000", "--output", "wav:d.wav");
        using var sweep = new ApChild(dir, "sweep", "run", "sweep.json", "--out", "s", "-j", "1");
        train.WaitUntil(() => File.Exists(Path.Combine(dir, "t", ".ap.lock")), "train's lock");
        render.WaitUntil(() => File.Exists(Path.Combine(dir, ".d.wav.ap.lock")), "render's lock");
        sweep.WaitUntil(() => File.Exists(Path.Combine(dir, "s", ".ap.lock")), "the sweep's lock");

        var seconds = new[]
        {
            (Ap.Run(dir, "train", "--epochs", "1", "--out", "t", "--force"), train.Pid),
            (Ap.Run(dir, "render", "--patterns", "1", "--output", "wav:d.wav", "--force"), render.Pid),
            (Ap.Run(dir, "sweep", "run", "sweep.json", "--out", "s", "--resume", "-j", "1"), sweep.Pid),
        };
        foreach (var (r, pid) in seconds)
        {
            Assert.True(r.ExitCode == 3, r.Err);
            Assert.Contains($"in use by process {pid}", r.Err);
        }
        foreach (var ap in new[] { train, render, sweep }) ap.Signal("TERM");
        Assert.Equal(143, train.WaitForExit().ExitCode);
        Assert.Equal(143, render.WaitForExit().ExitCode);
        Assert.Equal(143, sweep.WaitForExit().ExitCode);
        NoLockLeft(dir);
    }
}
