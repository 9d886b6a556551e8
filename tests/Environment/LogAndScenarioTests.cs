using ActionPerception.Agents.Files;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Tests.Environment;

public class LogAndScenarioTests
{
    [Fact]
    public void The_log_reader_reports_corrupt_lines_by_number_and_keeps_the_rest()
    {
        var path = Path.Combine(Fixtures.TempDir(), "session.jsonl");
        using (var log = SessionLog.Create(path))
        {
            log.Write("header", 0, w => w.WriteNumber("schemaVersion", 1));
            log.Write("pattern", 0, w => w.WriteNumber("serial", 0));
            log.Write("pattern", 5, w => w.WriteNumber("serial", 1));
        }
        var lines = File.ReadAllLines(path).ToList();
        lines.Insert(2, "{\"type\":\"pattern\",\"t\":2.5,\"ser");   // a truncated line in the middle
        lines.Add("[1,2,3]");
        lines.Add("{\"type\":\"stop\",\"t\":9");                  // cut off at the end, as a crash would
        File.WriteAllLines(path, lines);
        var r = SessionLogReader.Read(path);
        Assert.Equal(3, r.Events.Count);
        Assert.Equal([3, 5, 6], r.Problems.Select(p => p.Line));
    }

    [Fact]
    public void The_log_refuses_to_replace_an_existing_file()
    {
        var path = Path.Combine(Fixtures.TempDir(), "session.jsonl");
        File.WriteAllText(path, "keep");
        Assert.Throws<IOException>(() => SessionLog.Create(path));
        Assert.Equal("keep", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("{\"audio\": {\"bpm\": 400}}", "audio.bpm")]
    [InlineData("{\"audio\": {\"deviation\": -1}}", "audio.deviation")]
    [InlineData("{\"audio\": {\"sampleRate\": 100}}", "audio.sampleRate")]
    [InlineData("{\"durationSeconds\": -5}", "durationSeconds")]
    [InlineData("{\"durationSeconds\": 1e308}", "durationSeconds")]
    [InlineData("{\"durationSeconds\": null}", "durationSeconds")]
    [InlineData("{\"training\": {\"stepsPerSecond\": null}}", "training.stepsPerSecond")]
    [InlineData("{\"generator\": {\"layers\": [10, 8, 2]}}", "generator.layers")]
    [InlineData("{\"generator\": {\"nData\": 0}}", "generator.nData")]
    [InlineData("{\"generator\": {\"init\": \"ones\"}}", "generator.init")]
    [InlineData("{\"timing\": {\"leadSeconds\": 9}}", "timing.leadSeconds")]
    [InlineData("{\"schemaVersion\": 3}", "schemaVersion")]
    [InlineData("{\"name\": \"a/b\"}", "name")]
    [InlineData("{\"listener\": {\"kind\": \"\"}}", "listener.kind")]
    [InlineData("{\"checkpoints\": {\"everyEpochs\": -1}}", "checkpoints.everyEpochs")]
    [InlineData("{\"listener\": {\"kind\": \"robot\"}}", "listener")]
    [InlineData("{\"listener\": {\"kind\": \"oracle\", \"k\": 2}}", "listener.k")]
    [InlineData("{\"listener\": {\"kind\": \"helmholtz\", \"helmholtz\": {\"lapse\": 1.5}}}", "lapse")]
    [InlineData("{\"listener\": {\"kind\": \"human\"}}", "real time")]
    public void Bad_scenarios_are_rejected_naming_the_field(string json, string field)
    {
        var e = Assert.Throws<ScenarioException>(() => Scenario.Parse(json, "s.json"));
        Assert.Contains(field, e.Message);
        Assert.Contains("Fix:", e.Message);
        Assert.StartsWith("s.json", e.Message);
    }

    [Theory]
    [InlineData("{\"audio\": {\"bpn\": 120}}", "bpn")]
    [InlineData("{\"seed\": \"one\"}", "seed")]
    [InlineData("{\"mode\": \"fast\"}", "mode")]
    [InlineData("{ \"seed\": 1", "line")]
    public void Malformed_scenarios_name_the_place(string json, string place)
    {
        var e = Assert.Throws<InputFileException>(() => Scenario.Parse(json, "s.json"));
        Assert.Contains(place, e.Message);
    }

    [Fact]
    public void Defaults_are_the_originals_and_a_scenario_round_trips()
    {
        var s = Scenario.Parse("{}");
        Assert.Equal(120, s.Audio.Bpm);
        Assert.Equal(500, s.Audio.Deviation);
        Assert.Equal(22050, s.Audio.SampleRate);
        Assert.Equal(500, s.Generator.NData);
        Assert.Equal(800, s.Training.StepsPerSecond);
        Assert.Equal(0.5, s.Timing.Lead(5.0), 12);
        Assert.Equal(2.5, s.Timing.Shift(5.0), 12);
        var again = Scenario.Parse(s.ToJson());
        Assert.Equal(s.ToJson(), again.ToJson());
        var withListener = Scenario.Parse("{\"listener\": {\"kind\": \"oracle\", \"oracle\": {\"distance\": 2, \"targets\": [\"1000100010\"]}}}");
        Assert.Equal("oracle", withListener.Listener.Kind);
        Assert.Equal(2, withListener.Listener.SettingsElement().GetProperty("oracle").GetProperty("distance").GetInt32());
        Assert.Contains("\"distance\": 2", withListener.ToJson());
        Assert.Equal(2, ListenerBuilder.Settings(withListener)!.Oracle!.Distance);
    }
}
