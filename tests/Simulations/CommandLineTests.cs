using System.Text.Json;
using ActionPerception.Agents.Files;

namespace ActionPerception.Tests.Simulations;

public class CommandLineTests
{
    [Fact]
    public void Train_writes_a_loadable_model_and_a_KL_curve_into_a_new_run_folder()
    {
        var dir = Fixtures.TempDir();
        var r = Ap.Run(dir, "train", "--epochs", "3", "--dataset", Fixtures.UserDataset);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        Assert.Contains("KL(data‖gen)", r.Out);
        var run = Path.Combine(dir, "runs", "train-001");
        var model = ModelFile.Load(Path.Combine(run, "model.json"));
        Assert.Equal(3, model.TrainedEpochs);
        Assert.NotNull(model.Drums);
        var lines = File.ReadAllLines(Path.Combine(run, "kl.csv"));
        Assert.StartsWith("epoch,kl_data_gen", lines[0]);
        Assert.Equal(5, lines.Length); // header, epochs 0–2, final

        // A second run never lands on the first.
        Assert.Equal(0, Ap.Run(dir, "train", "--epochs", "1").ExitCode);
        Assert.True(Directory.Exists(Path.Combine(dir, "runs", "train-002")));
    }

    [Fact]
    public void Train_is_reproducible_from_its_seed()
    {
        var dir = Fixtures.TempDir();
        Assert.Equal(0, Ap.Run(dir, "train", "--epochs", "2", "--seed", "9", "--out", "a").ExitCode);
        Assert.Equal(0, Ap.Run(dir, "train", "--epochs", "2", "--seed", "9", "--out", "b").ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "a", "model.json")), File.ReadAllText(Path.Combine(dir, "b", "model.json")));
    }

    [Fact]
    public void Train_refuses_to_write_over_an_existing_run()
    {
        var dir = Fixtures.TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "mine"));
        File.WriteAllText(Path.Combine(dir, "mine", "model.json"), "precious");
        var r = Ap.Run(dir, "train", "--epochs", "1", "--out", "mine");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("--force", r.Err);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(dir, "mine", "model.json")));
    }

    [Theory]
    [InlineData("bad.json", "{\"counts\": [1, 2, 3]}", "not a power of two")]
    [InlineData("bad.json", "{\"counts\": [1, -1]}", "negative")]
    [InlineData("bad.json", "{ not json", "not a valid dataset file")]
    [InlineData("bad.npy", "garbage", "magic")]
    public void Bad_dataset_gives_exit_code_2_and_one_clear_line(string name, string content, string problem)
    {
        var dir = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(dir, name), content);
        var r = Ap.Run(dir, "train", "--dataset", name, "--epochs", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(name, r.Err);
        Assert.Contains(problem, r.Err);
        Assert.DoesNotContain("   at ", r.Err); // no stack trace
        Assert.False(Directory.Exists(Path.Combine(dir, "runs")));
    }

    [Theory]
    [InlineData("--epochs", "0")]
    [InlineData("--epochs", "x")]
    [InlineData("--lr", "fast")]
    [InlineData("--n-data", "-5")]
    [InlineData("--seed", "-1")]
    [InlineData("--layers", "10,8,x,1")]
    [InlineData("--layers", "10,8,6,3,2")]
    [InlineData("--layers", "20,8,1")]
    [InlineData("--init", "gaussian")]
    [InlineData("--no-such-option", "1")]
    public void Bad_options_fail_with_a_message(string option, string value)
    {
        var r = Ap.Run(Fixtures.TempDir(), "train", option, value);
        Assert.NotEqual(0, r.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(r.Err));
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void Distribution_writes_the_exact_distribution_of_a_model()
    {
        var dir = Fixtures.TempDir();
        Assert.Equal(0, Ap.Run(dir, "train", "--epochs", "2", "--out", "m").ExitCode);
        var r = Ap.Run(dir, "distribution", "--model", "m/model.json", "--dataset", Fixtures.UserDataset, "--out", "d.json");
        Assert.True(r.ExitCode == 0, r.Err);
        var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "d.json"))).RootElement;
        Assert.Equal(1, doc.GetProperty("schemaVersion").GetInt32());
        var patterns = doc.GetProperty("patterns").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(1024, patterns.Length);
        Assert.Equal(1.0, patterns.Sum(), 12);
        Assert.Equal(10, doc.GetProperty("beatMarginals").GetArrayLength());
        Assert.True(doc.GetProperty("klDataGen").GetDouble() > 0);

        var again = Ap.Run(dir, "distribution", "--model", "m/model.json", "--out", "d.json");
        Assert.Equal(3, again.ExitCode);
    }

    [Fact]
    public void Distribution_of_a_missing_or_broken_model_is_refused()
    {
        var dir = Fixtures.TempDir();
        var missing = Ap.Run(dir, "distribution", "--model", "nope.json");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.json", missing.Err);
        File.WriteAllText(Path.Combine(dir, "m.json"), "{\"schemaVersion\": 1, \"layers\": [10, 8, 6, 3, 1]}");
        var broken = Ap.Run(dir, "distribution", "--model", "m.json");
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("recognition", broken.Err);
    }
}

public class SessionCommandTests
{
    [Fact]
    public void Simulate_runs_a_session_into_a_new_run_folder_and_prints_a_summary()
    {
        var dir = Fixtures.TempDir();
        var r = Ap.Run(dir, "simulate", "--duration", "60", "--bpm", "300", "--listener", "oracle", "--seed", "4");
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        foreach (var word in new[] { "patterns", "likes", "dislikes", "final KL", "steps per audio second", "underruns" }) Assert.Contains(word, r.Out);
        var run = Path.Combine(dir, "runs", "simulate-001");
        Assert.True(File.Exists(Path.Combine(run, "session.jsonl")));
        Assert.True(File.Exists(Path.Combine(run, "summary.json")));
        Assert.True(File.Exists(Path.Combine(run, "scenario.json")));
        Assert.Single(Directory.GetFiles(run, "checkpoint-*.json"));

        // The scenario it wrote runs the same session again, byte for byte.
        var again = Ap.Run(dir, "simulate", "--scenario", Path.Combine(run, "scenario.json"), "--out", "again");
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(run, "session.jsonl")), File.ReadAllText(Path.Combine(dir, "again", "session.jsonl")));

        // Resume continues from its checkpoint into another folder.
        var cp = Directory.GetFiles(run, "checkpoint-*.json").Single();
        var resumed = Ap.Run(dir, "resume", cp, "--duration", "10", "--out", "resumed");
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains("resumedFrom", File.ReadLines(Path.Combine(dir, "resumed", "session.jsonl")).First());
    }

    [Theory]
    [InlineData("{\"audio\": {\"bpm\": 999}}", "audio.bpm")]
    [InlineData("{\"listener\": {\"kind\": \"robot\"}}", "listener")]
    [InlineData("{\"generator\": {\"model\": \"missing.json\"}}", "missing.json")]
    [InlineData("{\"dataset\": {\"file\": \"missing.npy\"}}", "missing.npy")]
    [InlineData("{\"audio\": {\"kit\": \"no-such-kit\"}}", "no-such-kit")]
    [InlineData("{\"seed\": -1}", "seed")]
    public void A_bad_scenario_is_refused_with_exit_2_and_creates_nothing(string json, string named)
    {
        var dir = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(dir, "s.json"), json);
        var r = Ap.Run(dir, "simulate", "--scenario", "s.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(named, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "runs")));
    }

    [Fact]
    public void Play_refuses_clearly_without_a_terminal()
    {
        var r = Ap.Run(Fixtures.TempDir(), "play", "--output", "null");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("terminal", r.Err);
        Assert.Contains("simulate", r.Err);
    }

    [Fact]
    public void Simulate_refuses_an_output_that_cannot_open_and_suggests_another()
    {
        var r = Ap.Run(Fixtures.TempDir(), "simulate", "--realtime", "--duration", "10", "--output", "alsa:no-such-device");
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("wav:", r.Err);
        Assert.Contains("null", r.Err);
    }

    [Fact]
    public void A_virtual_session_replaces_a_device_output_by_null_and_says_so_once()
    {
        var r = Ap.Run(Fixtures.TempDir(), "simulate", "--duration", "10", "--output", "alsa:no-such-device");
        Assert.Equal(0, r.ExitCode);
        Assert.Single(r.Err.Split('\n'), l => l.Contains("virtual time ignores pacing", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_writes_a_wav_of_dreams_and_never_overwrites_one()
    {
        var dir = Fixtures.TempDir();
        var r = Ap.Run(dir, "render", "--patterns", "3", "--output", "wav:out.wav");
        Assert.True(r.ExitCode == 0, r.Err);
        using (var reader = new NAudio.Wave.WaveFileReader(Path.Combine(dir, "out.wav")))
        {
            Assert.Equal(22050, reader.WaveFormat.SampleRate);
            Assert.True(reader.TotalTime.TotalSeconds >= 15);
        }
        var again = Ap.Run(dir, "render", "--patterns", "1", "--output", "wav:out.wav");
        Assert.Equal(3, again.ExitCode); // README: an output that would replace a file is 3
        Assert.Contains("--force", again.Err);
    }
}

[Collection("realtime")] // SIGTERM to a real-time run
public class RunLifecycleCommandTests
{
    [Fact]
    public void Force_replaces_a_previous_run_cleanly()
    {
        var dir = Fixtures.TempDir();
        Assert.Equal(0, Ap.Run(dir, "simulate", "--duration", "20", "--bpm", "300", "--out", "r1").ExitCode);
        File.WriteAllText(Path.Combine(dir, "r1", "notes.txt"), "mine");
        var refused = Ap.Run(dir, "simulate", "--duration", "20", "--bpm", "300", "--out", "r1", "--seed", "7");
        Assert.Equal(3, refused.ExitCode);
        var forced = Ap.Run(dir, "simulate", "--duration", "20", "--bpm", "300", "--out", "r1", "--seed", "7", "--force");
        Assert.True(forced.ExitCode == 0, forced.Err);
        Assert.Contains("\"seed\": 7", File.ReadAllText(Path.Combine(dir, "r1", "scenario.json")));
        Assert.Contains("\"seed\":7", File.ReadLines(Path.Combine(dir, "r1", "session.jsonl")).First());
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "r1", "notes.txt")));
    }

    [Theory]
    [InlineData("--output", "bogus")]
    [InlineData("--output", "wav:")]
    [InlineData("--output", "null:fast")]
    public void A_malformed_output_is_bad_input_and_creates_no_run_folder(string option, string value)
    {
        var dir = Fixtures.TempDir();
        var r = Ap.Run(dir, "simulate", "--duration", "5", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("audio.output", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "runs")));
    }

    [Theory]
    [InlineData("generator")]
    [InlineData("audio")]
    [InlineData("listener")]
    [InlineData("timing")]
    [InlineData("training")]
    [InlineData("dataset")]
    [InlineData("checkpoints")]
    public void A_null_scenario_section_is_refused_by_name(string section)
    {
        var dir = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(dir, "s.json"), $"{{\"{section}\": null}}");
        var r = Ap.Run(dir, "simulate", "--scenario", "s.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(section, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void The_output_given_on_the_command_line_wins_over_the_real_time_default()
    {
        // Without --record too: the default output (speakers) must not replace the one the user named.
        var dir = Fixtures.TempDir();
        var r = Ap.Run(dir, "simulate", "--realtime", "--duration", "1", "--bpm", "300", "--output", "null:paced", "--out", "rt");
        Assert.Equal(0, r.ExitCode);
        var header = RawLog.Read(Path.Combine(dir, "rt", "session.jsonl")).Events[0];
        Assert.Equal("null output (paced by the wall clock)", header.GetProperty("derived").GetProperty("output").GetString());
    }

    [Fact]
    public void Sigterm_stops_a_session_cleanly_with_exit_code_143()
    {
        var dir = Fixtures.TempDir();
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "ap.dll"), "simulate", "--duration", "900000", "--listener", "oracle", "--out", "long" })
            psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var log = Path.Combine(dir, "long", "session.jsonl");
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until && (!File.Exists(log) || new FileInfo(log).Length < 20_000)) Thread.Sleep(100);
        System.Diagnostics.Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.True(p.WaitForExit(60_000), "ap did not stop after SIGTERM");
        Assert.Equal(143, p.ExitCode);
        var stop = RawLog.Read(log).OfType("stop").Single();
        Assert.Equal("terminated (SIGTERM)", stop.GetProperty("reason").GetString());
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "long"), "checkpoint-*.json"));
    }

    [Fact]
    public void Unknown_fields_are_named_without_dotnet_type_names()
    {
        var dir = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(dir, "s.json"), "{\"audio\": {\"bpn\": 120}, \"seed\": \"x\"}");
        var r = Ap.Run(dir, "simulate", "--scenario", "s.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown field 'bpn'", r.Err);
        Assert.DoesNotContain("+Dto", r.Err);
        Assert.DoesNotContain("System.", r.Err);
    }
}

public class TrainSignalTests
{
    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_during_train_keeps_the_model_and_KL_curve_of_the_finished_epochs(string signal, int exitCode)
    {
        var dir = Fixtures.TempDir();
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "ap.dll"), "train", "--epochs", "1000000", "--n-data", "2000", "--out", "t" }) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        // Wait until an epoch has finished (the folder exists once training starts), then signal.
        var start = DateTime.UtcNow;
        while (!Directory.Exists(Path.Combine(dir, "t")) && DateTime.UtcNow - start < TimeSpan.FromSeconds(60)) Thread.Sleep(100);
        Thread.Sleep(1500);
        using (var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(30)), "train did not stop within 30 s of the signal");
        Assert.Equal(exitCode, p.ExitCode);
        Assert.DoesNotContain("   at ", await err);
        var model = ActionPerception.Agents.Files.ModelFile.Load(Path.Combine(dir, "t", "model.json"));
        var rows = File.ReadAllLines(Path.Combine(dir, "t", "kl.csv"));
        Assert.Equal(model.TrainedEpochs + 2, rows.Length); // header, one row per finished epoch, the final row
        Assert.DoesNotContain(rows, r => r.Contains("NaN", StringComparison.Ordinal) || r.Contains("∞", StringComparison.Ordinal));
    }
}
