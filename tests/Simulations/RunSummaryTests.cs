using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Runs;
using ActionPerception.Tests.Environment;

namespace ActionPerception.Tests.Simulations;

/// <summary>summary.json: one record for sessions and sweep runs, and the files of schema 2 still read.</summary>
public class RunSummaryTests
{
    private static SessionSummary Run(string folder)
    {
        var (session, _) = SessionHarness.Create(SessionHarness.Fast(12) with { Analysis = new AnalysisScenario { Reference = "well-formed" } },
            new ScriptedTestListener(h => new(h.Serial % 2 == 0 ? ActionPerception.Agents.Listeners.JudgementKind.Like : ActionPerception.Agents.Listeners.JudgementKind.Dislike, 0.3)), folder);
        using (session) return session.RunVirtual();
    }

    [Fact]
    public void A_session_summary_round_trips_with_its_command_line_and_wall_time()
    {
        string folder = Fixtures.TempDir();
        var s = Run(folder);
        RunSummary.Of(s, deterministic: false, "simulate --seed 1").Save(folder);
        var back = RunSummary.Load(folder)!;
        Assert.Equal(RunSummary.CurrentSchemaVersion, back.SchemaVersion);
        Assert.Equal(RunSummary.FormatName, back.Format);
        Assert.Equal("simulate --seed 1", back.CommandLine);
        Assert.Equal(s.Patterns, back.Summary!.Patterns);
        Assert.Equal(s.StopCode, back.Summary.StopCode);
        Assert.True(back.Summary.WallSeconds > 0);
        Assert.Equal("well-formed", back.Convergence!.Reference);
        Assert.Equal(s.Convergence!.FalsePositiveRate, back.Convergence.FalsePositiveRate);
    }

    [Fact]
    public void A_deterministic_summary_holds_no_wall_clock_command_line_or_folder()
    {
        string a = Fixtures.TempDir(), b = Fixtures.TempDir();
        RunSummary.Of(Run(a), deterministic: true).Save(a);
        RunSummary.Of(Run(b), deterministic: true).Save(b);
        string text = File.ReadAllText(Path.Combine(a, RunSummary.FileName));
        Assert.Equal(text, File.ReadAllText(Path.Combine(b, RunSummary.FileName)));
        Assert.DoesNotContain("commandLine", text);
        Assert.DoesNotContain(a, text);
        Assert.Null(RunSummary.Load(a)!.Summary!.SpeedFactor);
    }

    [Fact]
    public void Summaries_of_schema_2_still_load()
    {
        string session = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(session, "summary.json"), """
            { "schemaVersion": 2, "commandLine": "simulate", "summary": { "mode": "virtual", "stopReason": "duration reached", "audioSeconds": 10, "wallSeconds": 0.1,
              "patterns": 5, "likes": 1, "dislikes": 2, "judgementsSent": 3, "judgementsApplied": 3, "judgementsIgnored": 0, "epochs": 4, "trainingSteps": 8000,
              "stepsPerAudioSecond": 800, "stepsPerWallSecond": 80000, "underruns": 0, "stopCode": "durationReached", "likeRate": 0.2, "speedFactor": 100 },
              "convergence": { "reference": "well-formed", "chanceFalsePositiveRate": 0.75, "falsePositiveRate": 0.5 }, "someFutureField": 1 }
            """);
        var s = RunSummary.Load(session)!;
        Assert.Equal(2, s.SchemaVersion);
        Assert.Equal(5, s.Summary!.Patterns);
        Assert.Equal(0.5, s.Convergence!.FalsePositiveRate);

        string sweepRun = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(sweepRun, "summary.json"), """{ "schemaVersion": 2, "summary": { "convergence": { "reference": "backbeat", "coverage": 0.25 } } }""");
        var r = RunSummary.Load(sweepRun)!;
        Assert.Equal("backbeat", r.Convergence!.Reference);
        Assert.Equal(0.25, r.Convergence.Coverage);

        string broken = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(broken, "summary.json"), "{ not json");
        Assert.Null(RunSummary.Load(broken));
        Assert.Null(RunSummary.Load(Fixtures.TempDir()));
    }
}
