using System.Text.Json;
using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Checkpoints;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;

using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Tests.Environment;

/// <summary>The engine against the wall clock, and the same rules on both clocks.</summary>
[Collection("realtime")]
public class RealtimeSessionTests
{
    /// <summary>A listener that likes even serials and dislikes odd ones, 0.3 s after deciding: no randomness.</summary>
    private static ScriptedTestListener Fixed() =>
        new(h => new(h.Serial % 2 == 0 ? JudgementKind.Like : JudgementKind.Dislike, 0.3));

    private static (List<(long Serial, int Pattern, string Beats, long Start)> Patterns, List<(JudgementKind Kind, double Made, JudgementStatus Status, long? Serial, string? Reason)> Judgements, SessionSummary Summary)
        RunOn(SessionMode mode)
    {
        var (patterns, judgements, _, summary, _) = RunOn(mode, budget: 0);
        return (patterns.Select(p => (p.Serial, p.Pattern, p.Beats, p.StartFrame)).ToList(), judgements, summary);
    }

    private static (List<PatternEvent> Patterns, List<(JudgementKind Kind, double Made, JudgementStatus Status, long? Serial, string? Reason)> Judgements, List<string> Epochs, SessionSummary Summary, string Folder)
        RunOn(SessionMode mode, double budget)
    {
        var scenario = SessionHarness.Fast(8, mode: mode, budget: budget) with { Timing = new TimingScenario { LeadSeconds = 0.6 } };
        if (mode == SessionMode.Realtime) scenario = scenario with { Audio = scenario.Audio with { Output = "null:paced" } };
        var (session, folder) = SessionHarness.Create(scenario, Fixed());
        SessionSummary summary;
        using (session) summary = mode == SessionMode.Virtual ? session.RunVirtual() : session.RunRealtime();
        var log = ActionPerception.Environment.Logging.SessionLogReader.Read(SessionHarness.LogPath(folder));
        Assert.Empty(log.Problems);
        var patterns = log.OfType<PatternEvent>().ToList();
        var judgements = log.OfType<JudgementEvent>().Select(j => (j.Kind, j.Made, j.Status, j.Serial, j.Reason)).ToList();
        // Wall time is the one field that may differ between the clocks.
        var epochs = log.OfType<EpochEvent>().Select(e => JsonSerializer.Serialize(e with { WallSeconds = null }, SessionLog.Json)).ToList();
        return (patterns, judgements, epochs, summary, folder);
    }

    [Fact]
    public void With_a_training_budget_both_clocks_train_publish_and_apply_alike()
    {
        // 2000 steps per audio second: epochs end between events, judgements land mid-epoch, and every dream comes
        // from a snapshot that training changed. The real-time clock trains in lockstep with the engine, so the
        // same epochs, the same snapshot behind every pattern and the same dataset come out.
        var virt = RunOn(SessionMode.Virtual, budget: 2000);
        var real = RunOn(SessionMode.Realtime, budget: 2000);
        Assert.True(virt.Epochs.Count >= 3, $"too few epochs to compare: {virt.Epochs.Count}");
        Assert.Equal(virt.Patterns.Select(p => (p.Serial, p.Pattern, p.Snapshot, p.Epoch)), real.Patterns.Select(p => (p.Serial, p.Pattern, p.Snapshot, p.Epoch)));
        Assert.Equal(virt.Judgements, real.Judgements);
        Assert.Equal(virt.Epochs, real.Epochs);
        Assert.Equal(virt.Summary.TrainingSteps, real.Summary.TrainingSteps);
        Assert.Equal(virt.Summary.FinalKlDataGen, real.Summary.FinalKlDataGen);
        var vc = Checkpoint.Load(Directory.GetFiles(virt.Folder, "checkpoint-*.json").Single());
        var rc = Checkpoint.Load(Directory.GetFiles(real.Folder, "checkpoint-*.json").Single());
        Assert.Equal(vc.Dataset.Counts.ToArray(), rc.Dataset.Counts.ToArray());
    }

    [Fact]
    public void The_same_scenario_on_both_clocks_gives_the_same_patterns_judgements_and_attributions()
    {
        var virt = RunOn(SessionMode.Virtual);
        var real = RunOn(SessionMode.Realtime);
        Assert.Equal(virt.Patterns, real.Patterns);
        Assert.Equal(virt.Judgements, real.Judgements);
        Assert.Equal(virt.Summary.Likes, real.Summary.Likes);
        Assert.Equal(virt.Summary.Dislikes, real.Summary.Dislikes);
        Assert.Equal(virt.Summary.JudgementsIgnored, real.Summary.JudgementsIgnored);
    }

    [Fact]
    public void A_real_time_session_is_recorded_at_real_time_length_while_paced()
    {
        var scenario = SessionHarness.Fast(4, mode: SessionMode.Realtime) with { Audio = new AudioScenario { Bpm = 300, Output = "wav:heard.wav" } };
        var (session, folder) = SessionHarness.Create(scenario, Fixed());
        var wall = System.Diagnostics.Stopwatch.StartNew();
        SessionSummary summary;
        using (session) summary = session.RunRealtime();
        // Paced by the null output: the clock, not the file, set the pace (4 s of audio took about 4 s).
        Assert.True(wall.Elapsed.TotalSeconds >= 3.5, $"a wav: output in real time must be paced, took {wall.Elapsed.TotalSeconds:F2} s");
        using var wav = new NAudio.Wave.WaveFileReader(Path.Combine(folder, "heard.wav"));
        // What was heard, to the frame: the samples still queued in the device at the stop are not in the file.
        Assert.InRange(wav.TotalTime.TotalSeconds, summary.AudioSeconds - 0.01, summary.AudioSeconds + 0.01);
    }

    [Fact]
    public void A_virtual_session_ignores_a_pacing_output()
    {
        var scenario = SessionHarness.Fast(60) with { Audio = new AudioScenario { Bpm = 300, Output = "null:paced" } };
        Assert.NotNull(SessionBuilder.OutputNote(scenario));
        var (session, folder) = SessionHarness.Create(scenario, Fixed());
        var wall = System.Diagnostics.Stopwatch.StartNew();
        SessionSummary summary;
        using (session) summary = session.RunVirtual();
        Assert.Equal(60, summary.AudioSeconds, 3);
        Assert.True(wall.Elapsed.TotalSeconds < 30, $"60 s of audio took {wall.Elapsed.TotalSeconds:F1} s: the virtual clock waited on the output");
        Assert.Equal(0, summary.Underruns);
        Assert.Equal("null output", ActionPerception.Environment.Logging.SessionLogReader.Read(SessionHarness.LogPath(folder)).Header!.Derived.Output);
    }

    [Fact]
    public void Only_what_started_to_play_before_the_stop_counts_on_both_clocks()
    {
        // 8 s of 2 s buffers: patterns start at 0, 2, 4 and 6 s; the fifth would start exactly at the end and is never heard.
        foreach (var mode in new[] { SessionMode.Virtual, SessionMode.Realtime })
        {
            var (patterns, judgements, summary) = RunOn(mode);
            Assert.Equal(4, summary.Patterns);
            Assert.Equal([0L, 1, 2, 3], patterns.Select(p => p.Serial));
            Assert.Equal(8.0, summary.AudioSeconds, 3);
            // Each pattern is judged 0.3 s after its end; the last one's judgement (8.3 s) comes after the stop.
            var last = judgements[^1];
            Assert.Equal(8.3, last.Made, 6);
            Assert.Equal(JudgementStatus.Ignored, last.Status);
            Assert.Equal("after stop", last.Reason);
            Assert.All(judgements.SkipLast(1), j => Assert.Equal(JudgementStatus.Applied, j.Status));
            Assert.Equal(StopCode.DurationReached, summary.StopCode);
        }
    }

    [Fact]
    public void Realtime_with_the_paced_null_output_runs_without_underrun_and_loses_no_judgement()
    {
        var listener = new ScriptedTestListener(h => new(h.Serial % 2 == 0 ? JudgementKind.Like : JudgementKind.Dislike, 0.3));
        var scenario = SessionHarness.Fast(4.5, mode: SessionMode.Realtime) with { Timing = new TimingScenario { LeadSeconds = 0.6 } };
        var (session, folder) = SessionHarness.Create(scenario, listener);
        SessionSummary summary;
        using (session) summary = session.RunRealtime();
        Assert.Equal(0, summary.Underruns);
        Assert.Equal("duration reached", summary.StopReason);
        Assert.InRange(summary.Patterns, 3, 4);
        Assert.Equal(summary.JudgementsSent, summary.JudgementsApplied);
        Assert.Equal(summary.Likes + summary.Dislikes, summary.JudgementsApplied);
        Assert.True(summary.TrainingSteps > 0);
        Assert.True(summary.StepsPerAudioSecond <= 800 * 1.01, $"budget exceeded: {summary.StepsPerAudioSecond}");
        var log = RawLog.Read(SessionHarness.LogPath(folder));
        Assert.Empty(ActionPerception.Environment.Logging.SessionLogReader.Read(SessionHarness.LogPath(folder)).Problems); // every line reads back as its type
        Assert.Equal("realtime", log.Events[0].GetProperty("mode").GetString());
    }

    [Fact]
    public void Human_judgements_submitted_from_outside_are_attributed_and_applied()
    {
        var scenario = SessionHarness.Fast(3.2, mode: SessionMode.Realtime) with { Listener = ListenerSettings.Of("human") };
        var (session, folder) = SessionHarness.Create(scenario, null);
        int sent = 0;
        session.PatternStarted += p =>
        {
            if (p.Serial == 0) return;
            // React "a moment" later from another thread, as a keyboard would.
            ThreadPool.QueueUserWorkItem(_ => { Thread.Sleep(100); session.Submit(JudgementKind.Like, "human:keyboard"); Interlocked.Increment(ref sent); });
        };
        SessionSummary summary;
        using (session) summary = session.RunRealtime();
        Assert.True(summary.Likes >= 1, $"likes {summary.Likes}, sent {sent}");
        var j = RawLog.Read(SessionHarness.LogPath(folder)).OfType("judgement").First();
        Assert.Equal("human:keyboard", j.GetProperty("source").GetString());
        // Made about 0.1 s into pattern 1 (later on a loaded machine): the half-buffer rule (1 s) picks the pattern
        // audible one second earlier, whatever the exact moment was.
        double made = j.GetProperty("made").GetDouble();
        Assert.True(made >= 2.0, $"made at {made}");
        Assert.Equal((long)Math.Floor((made - 1.0) / 2.0), j.GetProperty("serial").GetInt64());
    }
}
