using System.Globalization;

namespace ActionPerception.Tests.Simulations;

/// <summary>Outputs outside run folders (WAV files), stale locks and failed starts, as the README's exit codes say.</summary>
public class OutputLockTests
{
    private static int DeadPid()
    {
        using var p = System.Diagnostics.Process.Start("true")!;
        p.WaitForExit();
        return p.Id;
    }

    [Fact]
    public void An_existing_wav_is_refused_with_exit_3_and_replaced_only_with_force_also_for_record()
    {
        var dir = Fixtures.TempDir();
        string mine = Path.Combine(dir, "mine.wav");
        File.WriteAllText(mine, "the user's file");

        var render = Ap.Run(dir, "render", "--patterns", "1", "--output", "wav:mine.wav");
        Assert.True(render.ExitCode == 3, render.Err);
        var record = Ap.Run(dir, "simulate", "--duration", "5", "--output", "wav:" + mine, "--out", "r1");
        Assert.True(record.ExitCode == 3, record.Err);
        var realtime = Ap.Run(dir, "simulate", "--realtime", "--duration", "1", "--bpm", "300", "--output", "null:paced", "--record", mine, "--out", "r2");
        Assert.True(realtime.ExitCode == 3, realtime.Err);
        Assert.Contains("--force", realtime.Err);
        Assert.Equal("the user's file", File.ReadAllText(mine));
        Assert.False(Directory.Exists(Path.Combine(dir, "r1")));
        Assert.False(Directory.Exists(Path.Combine(dir, "r2")));

        var forced = Ap.Run(dir, "simulate", "--realtime", "--duration", "1", "--bpm", "300", "--output", "null:paced", "--record", mine, "--out", "r3", "--force");
        Assert.True(forced.ExitCode == 0, forced.Err);
        using (var reader = new NAudio.Wave.WaveFileReader(mine)) Assert.True(reader.SampleCount > 0);
        Assert.Empty(Directory.GetFiles(dir, "*.ap.lock", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_stale_lock_is_reported_as_such_without_force_and_taken_over_with_it()
    {
        var dir = Fixtures.TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "old"));
        File.WriteAllText(Path.Combine(dir, "old", "session.jsonl"), "");
        int pid = DeadPid();
        File.WriteAllText(Path.Combine(dir, "old", ".ap.lock"), pid.ToString(CultureInfo.InvariantCulture) + "\n");
        var r = Ap.Run(dir, "simulate", "--duration", "5", "--out", "old");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"stale lock of process {pid}", r.Err);
        Assert.Contains("--force", r.Err);

        File.WriteAllText(Path.Combine(dir, "old", ".ap.lock"), "");
        var empty = Ap.Run(dir, "train", "--epochs", "1", "--out", "old");
        Assert.Equal(3, empty.ExitCode);
        Assert.Contains("empty lock file", empty.Err);
        Assert.DoesNotContain("''", empty.Err);

        var forced = Ap.Run(dir, "simulate", "--duration", "5", "--out", "old", "--force");
        Assert.True(forced.ExitCode == 0, forced.Err);
        Assert.Contains("taking over", forced.Err);
        Assert.False(File.Exists(Path.Combine(dir, "old", ".ap.lock")));
    }

    [Fact]
    public void Sweep_merge_claims_its_folder_a_live_lock_is_refused_and_a_failed_merge_leaves_no_folder()
    {
        var dir = Fixtures.TempDir();
        // A merge running in another process holds the folder: a second one must not write into it.
        Directory.CreateDirectory(Path.Combine(dir, "merged"));
        File.WriteAllText(Path.Combine(dir, "merged", ".ap.lock"), System.Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        var live = Ap.Run(dir, "sweep", "merge", "no-shard", "--out", "merged");
        Assert.Equal(3, live.ExitCode);
        Assert.Contains("merged", live.Err);
        Assert.True(File.Exists(Path.Combine(dir, "merged", ".ap.lock")), "the other process's lock stays");

        var failed = Ap.Run(dir, "sweep", "merge", "no-shard", "--out", "fresh");
        Assert.NotEqual(0, failed.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(dir, "fresh")), failed.Err);
    }

    [Fact]
    public void A_failed_audio_open_leaves_no_run_folder_and_no_alsa_chatter()
    {
        var dir = Fixtures.TempDir();
        var r = Ap.Run(dir, "simulate", "--realtime", "--duration", "1", "--output", "alsa:no-such-device-here", "--out", "gone");
        Assert.Equal(4, r.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(dir, "gone")));
        Assert.DoesNotContain("ALSA lib", r.Err);
        Assert.StartsWith("ap: error:", r.Err.Split('\n').First(l => l.Length > 0 && !l.StartsWith("ap: warning", StringComparison.Ordinal) && !l.StartsWith("ap: note", StringComparison.Ordinal)));
    }
}
