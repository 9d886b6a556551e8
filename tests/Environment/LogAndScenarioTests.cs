using ActionPerception.Agents.Listeners;
using ActionPerception.IO;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
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
            log.Write(new TrainingIdleEvent { T = 0, Reason = "a" });
            log.Write(new CheckpointEvent { T = 0, File = "c.json", Epoch = 1, TotalSteps = 10 });
            log.Write(new CheckpointEvent { T = 5, File = "d.json", Epoch = 2, TotalSteps = 20 });
        }
        var lines = File.ReadAllLines(path).ToList();
        lines.Insert(2, "{\"type\":\"pattern\",\"t\":2.5,\"ser");   // a truncated line in the middle
        lines.Add("[1,2,3]");
        lines.Add("{\"type\":\"stop\",\"t\":9");                  // cut off at the end, as a crash would
        File.WriteAllLines(path, lines);
        var r = SessionLogReader.Read(path);
        Assert.Equal(3, r.Events.Count);
        Assert.Equal([3, 5, 6], r.Problems.Select(p => p.Line));
        Assert.Equal(["c.json", "d.json"], r.OfType<CheckpointEvent>().Select(c => c.File));
    }

    [Fact]
    public void A_badly_typed_or_incomplete_line_is_a_problem_with_its_number_not_an_abort()
    {
        var path = Path.Combine(Fixtures.TempDir(), "session.jsonl");
        File.WriteAllLines(path,
        [
            "{\"type\":\"checkpoint\",\"t\":1,\"file\":\"a.json\",\"epoch\":1,\"totalSteps\":5}",
            "{\"type\":\"checkpoint\",\"t\":2,\"file\":\"b.json\",\"epoch\":\"two\",\"totalSteps\":5}", // wrong type
            "{\"type\":\"checkpoint\",\"t\":3,\"file\":\"c.json\"}",                                      // fields missing
            "{\"type\":\"no-such-event\",\"t\":4}",
            "{\"type\":\"training-idle\",\"t\":5,\"reason\":\"r\"}",
        ]);
        var r = SessionLogReader.Read(path);
        Assert.Equal(2, r.Events.Count);
        Assert.Equal([2, 3, 4], r.Problems.Select(p => p.Line));
        Assert.Contains("lacks fields", r.Problems[1].Problem);
    }

    [Fact]
    public void Every_event_round_trips_through_its_type()
    {
        var path = Path.Combine(Fixtures.TempDir(), "session.jsonl");
        LogEvent[] written =
        [
            new JudgementEvent { T = 1.5, Kind = JudgementKind.Like, Made = 1.5, AttributedTo = 0.5, Source = "human:keyboard", Status = JudgementStatus.Applied, Serial = 0, Pattern = 512 },
            new StopEvent { T = 9, Reason = "duration reached", Code = ActionPerception.Environment.Sessions.StopCode.DurationReached, Patterns = 4, Likes = 1, Dislikes = 0, Ignored = 0, Epochs = 3, TotalSteps = 99, Underruns = 0 },
            new EpochEvent { T = 2, Epoch = 1, Steps = 10, TotalSteps = 10, KlDataGen = 1, KlGenData = 2, Entropy = 3, Loss = 4, WakeLoss = [1, 2], SleepLoss = [3, 4], DatasetTotal = 10, Reference = new ReferenceMeasures(0.5, 0.25, 6) },
        ];
        using (var log = SessionLog.Create(path)) foreach (var e in written) log.Write(e);
        var r = SessionLogReader.Read(path);
        Assert.Empty(r.Problems);
        Assert.Equal(written[0], r.Events[0]);
        Assert.Equal(written[1], r.Events[1]);
        var epoch = Assert.IsType<EpochEvent>(r.Events[2]);
        Assert.Equal(new ReferenceMeasures(0.5, 0.25, 6), epoch.Reference);
        Assert.StartsWith("{\"type\":\"judgement\",\"t\":1.5,", File.ReadLines(path).First());
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
    [InlineData("{\"checkpoints\": {\"everyEpochs\": -1}}", "checkpoints.everyEpochs")]
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
    [InlineData("{\"listener\": {\"kind\": \"\"}}", "listener.kind '' is not a listener; valid kinds: helmholtz, oracle")]
    [InlineData("{\"listener\": {\"kind\": \"robot\"}}", "line 1, column 30 ($.listener): not a valid scenario file: listener.kind 'robot'")]
    [InlineData("{\"listener\": {\"kind\": \"oracle\", \"k\": 2}}", "unknown field 'listener.k'")]
    [InlineData("{\n\"listener\": {\"kind\": \"oracle\",\n \"oracle\": {\"noise\": {\"skipRat\": 2}}}}", "at $.listener.oracle.noise.skipRat: not a valid scenario file: listener.oracle.noise.skipRat: unknown field 'skipRat'")]
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
        Assert.Equal(2, Assert.IsType<OracleSettings>(withListener.Listener.Settings).Distance);
        Assert.Contains("\"distance\": 2", withListener.ToJson());
        Assert.Equal(2, ((OracleSettings)ListenerBuilder.Settings(withListener)!.Settings).Distance);
    }
}
