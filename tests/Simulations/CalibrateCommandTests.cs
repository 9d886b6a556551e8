using System.Text.Json;
using ActionPerception.Audio;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Simulations.Cli;

namespace ActionPerception.Tests.Simulations;

public class CalibrateCommandTests
{
    [Fact]
    public void Without_a_terminal_or_a_simulated_offset_it_refuses_before_playing()
    {
        var dir = Fixtures.TempDir();
        var r = Ap.Run(dir, "calibrate", "--output", "null:paced", "--calibration", "cal.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("needs a terminal", r.Err);
        Assert.Contains("--simulate-offset", r.Err);
        Assert.False(File.Exists(Path.Combine(dir, "cal.json")));
    }

    [Theory]
    [InlineData("wav:x.wav", "not heard")]
    [InlineData("pipe:play {rat}", "{rat} is unknown")]
    public void An_output_that_cannot_be_calibrated_is_refused(string output, string reason)
    {
        var dir = Fixtures.TempDir();
        var r = Ap.Run(dir, "calibrate", "--output", output, "--simulate-offset", "100", "--calibration", "cal.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(reason, r.Err);
    }

    [Fact]
    public void A_broken_calibration_file_is_named_and_kept()
    {
        var dir = Fixtures.TempDir();
        var path = Path.Combine(dir, "cal.json");
        File.WriteAllText(path, "{\"schemaVersion\": 1, \"calibrations\": {\"null:paced\": {\"output\": \"null:paced\", \"offsetSeconds\": 9, \"spreadSeconds\": 0, \"presses\": 2, \"clicks\": 2, \"measuredUtc\": \"2026-01-01T00:00:00Z\"}}}");
        var before = File.ReadAllText(path);
        var r = Ap.Run(dir, "calibrate", "--output", "null:paced", "--simulate-offset", "100", "--calibration", "cal.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("cal.json", r.Err);
        Assert.Contains("calibrations.null:paced", r.Err);
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public void A_stored_calibration_is_applied_to_a_human_runs_attribution_and_said()
    {
        var dir = Fixtures.TempDir();
        var path = Path.Combine(dir, "cal.json");
        var stored = OutputCalibration.FromOffsets("null:paced", [0.110, 0.130], 40, DateTimeOffset.Parse("2026-12-03T16:00:00Z", System.Globalization.CultureInfo.InvariantCulture), simulated: false);
        new CalibrationFile { Calibrations = { ["null:paced"] = stored } }.Save(path);

        // `ap play --output null` plays through the paced null output, so that output's calibration applies.
        var s = new Scenario { Mode = SessionMode.Realtime, Audio = new AudioScenario { Output = "null" } };
        var notes = new StringWriter();
        var applied = CalibrationOptions.Apply(s, path, notes);
        Assert.Equal(0.12, applied.Timing.KeyLatencySeconds!.Value, 9);
        Assert.Equal(2.5 + 0.12, applied.Timing.Shift(5), 9);
        Assert.Contains("calibration of null:paced applied", notes.ToString());
        Assert.Contains(path, notes.ToString());
        Assert.Contains("+120.0 ms", notes.ToString());
        // The scenario written into the run folder (and the log's header) carries it.
        Assert.Contains("\"keyLatencySeconds\": 0.12", applied.ToJson());

        // Another output has none: said, nothing applied.
        notes = new StringWriter();
        var other = CalibrationOptions.Apply(s with { Audio = new AudioScenario { Output = "alsa:pulse" } }, path, notes);
        Assert.Null(other.Timing.KeyLatencySeconds);
        Assert.Contains("no calibration of alsa:pulse", notes.ToString());
        // A scenario's own value wins over the file.
        var own = s with { Timing = new TimingScenario { KeyLatencySeconds = 0.05 } };
        Assert.Equal(0.05, CalibrationOptions.Apply(own, path, TextWriter.Null).Timing.KeyLatencySeconds);
        // A named file that is not there yet holds no calibration.
        Assert.Null(CalibrationOptions.Apply(s, Path.Combine(dir, "none.json"), TextWriter.Null).Timing.KeyLatencySeconds);
    }

    [Fact]
    public void Old_scenarios_without_the_field_keep_their_shift_and_their_json()
    {
        var s = new Scenario();
        Assert.Equal(2.5, s.Timing.Shift(5));
        Assert.DoesNotContain("keyLatencySeconds", s.ToJson());
    }
}

[Collection("realtime")]
public class CalibrateCommandRealtimeTests
{
    [Fact]
    public void A_simulated_person_120_ms_late_is_measured_and_stored_per_output()
    {
        var dir = Fixtures.TempDir();
        var r = Ap.Run(dir, "calibrate", "--output", "null:paced", "--simulate-offset", "120", "--clicks", "10", "--bpm", "120", "--calibration", "cal.json");
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        Assert.Contains("Stored in", r.Out);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "cal.json")));
        Assert.Equal(1, doc.RootElement.GetProperty("schemaVersion").GetInt32());
        var c = doc.RootElement.GetProperty("calibrations").GetProperty("null:paced");
        // The simulated press lands on the first clock reading past click + 120 ms: late by at most a poll.
        Assert.InRange(c.GetProperty("offsetSeconds").GetDouble(), 0.118, 0.145);
        Assert.Equal(10, c.GetProperty("presses").GetInt32());
        Assert.True(c.GetProperty("simulated").GetBoolean());
        var loaded = CalibrationFile.Load(Path.Combine(dir, "cal.json"));
        Assert.NotNull(loaded.For(OutputSpec.Parse("NULL:paced")));
    }
}
