using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Tests.Environment;

/// <summary>The taste posterior inside a session: window events, the summary's AUC, and the posterior niche.</summary>
public class InferredTasteSessionTests
{
    private static (SessionSummary Summary, SessionLogReader Log) Run(Scenario s)
    {
        var folder = Fixtures.TempDir();
        var session = SessionBuilder.Create(s, folder, ListenerBuilder.For(s));
        SessionSummary summary;
        using (session) summary = session.RunVirtual();
        return (summary, SessionLogReader.Read(SessionHarness.LogPath(folder)));
    }

    private static Scenario Oracle(double seconds, ulong seed = 1, string niche = GeneratorScenario.CountsNiche) => new()
    {
        Name = "taste",
        Seed = seed,
        DurationSeconds = seconds,
        Generator = new GeneratorScenario { Niche = niche },
        Listener = ListenerSettings.Of("oracle"),
    };

    [Fact]
    public void Windows_cover_every_pattern_and_the_posterior_learns_an_oracle_s_taste()
    {
        var (summary, log) = Run(Oracle(300));
        var windows = log.OfType<WindowEvent>().ToList();
        Assert.Equal(summary.Patterns, windows.Sum(w => w.Window));
        Assert.All(windows.SkipLast(1), w => Assert.Equal(10, w.Window));
        Assert.Equal(summary.Likes + summary.Dislikes, windows[^1].Taste!.Judgements);
        Assert.Equal(summary.Likes, windows.Sum(w => w.Likes));
        // The played share inside the reference is model-free: it matches the pattern events.
        var reference = ReferenceTaste.Resolve(log.Header!.Scenario, null);
        var patterns = log.OfType<PatternEvent>().ToList();
        Assert.Equal(patterns.Take(10).Count(p => reference.Support[p.Pattern]) / 10.0, windows[0].PlayedInsideReference!.Value, 9);
        // The oracle likes the well-formed set: the posterior ranks it far above chance.
        var taste = summary.Taste!;
        Assert.Equal("well-formed", taste.Reference);
        Assert.True(taste.FinalAuc > 0.8, $"AUC {taste.FinalAuc}");
        Assert.InRange(taste.JudgementsToAuc90 ?? int.MaxValue, 1, taste.Judgements);
    }

    [Fact]
    public void A_listener_that_never_judges_leaves_the_posterior_at_its_prior()
    {
        var (summary, log) = Run(Oracle(60) with { Listener = ListenerSettings.Of("none") });
        Assert.Equal(0, summary.Likes + summary.Dislikes);
        var last = log.OfType<WindowEvent>().Last().Taste!;
        Assert.Equal(0, last.Judgements);
        Assert.Equal(0.5, last.MeanPLike, 9);
        Assert.Equal(0.5, last.Auc!.Value, 9); // every pattern equally likely to be liked: chance
        Assert.Null(summary.Taste!.JudgementsToAuc90);
    }

    [Fact]
    public void The_posterior_niche_changes_what_the_generator_trains_on_and_stays_deterministic()
    {
        var counts = Run(Oracle(120, seed: 2));
        var posterior = Run(Oracle(120, seed: 2, niche: GeneratorScenario.PosteriorNiche));
        var again = Run(Oracle(120, seed: 2, niche: GeneratorScenario.PosteriorNiche));
        Assert.Equal(posterior.Summary.FinalKlDataGen, again.Summary.FinalKlDataGen);
        Assert.NotEqual(counts.Log.OfType<EpochEvent>().Last().KlDataGen, posterior.Log.OfType<EpochEvent>().Last().KlDataGen);
    }

    [Fact]
    public void An_unknown_niche_is_refused_by_name()
    {
        var e = Assert.Throws<ScenarioException>(() => Scenario.Parse("{\"generator\": {\"niche\": \"vibes\"}}"));
        Assert.Equal("generator.niche", e.Field);
    }
}

/// <summary>Numerical health is a session state: a diverging generator stops the session cleanly.</summary>
public class DivergingSessionTests
{
    [Fact]
    public void A_diverging_generator_stops_the_session_with_a_complete_log_and_the_last_finite_checkpoint()
    {
        var dir = Fixtures.TempDir();
        // Weights at the edge of the allowed magnitude and the largest learning rate: a few hundred steps push one past it.
        var machine = new ActionPerception.Agents.Helmholtz.HelmholtzMachine(new ActionPerception.Agents.Helmholtz.MachineSettings { LearningRate = 10 });
        for (int l = 0; l < machine.LayerCount - 1; l++)
        {
            var w = machine.Generative(l);
            for (int i = 0; i < w.Length; i++) w[i] = i % 2 == 0 ? 999_990 : -999_990;
        }
        string modelPath = Path.Combine(dir, "edge.json");
        ActionPerception.Agents.Files.ModelFile.Save(modelPath, new ActionPerception.Agents.Files.GeneratorModel(machine, null), overwrite: false);
        var s = new Scenario
        {
            Name = "diverge",
            DurationSeconds = 120,
            Generator = new GeneratorScenario { Model = modelPath, LearningRate = 10 },
            Listener = ListenerSettings.Of("oracle"),
        };
        var folder = Path.Combine(dir, "run");
        var session = SessionBuilder.Create(s, folder, ListenerBuilder.For(s));
        SessionDivergedException e;
        using (session) e = Assert.Throws<SessionDivergedException>(() => session.RunVirtual());
        Assert.Equal(StopCode.Diverged, e.Summary.StopCode);
        Assert.Contains("generator.learningRate", e.Message);
        Assert.Contains("diverged", e.Summary.StopReason);
        var log = SessionLogReader.Read(SessionHarness.LogPath(folder));
        Assert.Empty(log.Problems);
        Assert.IsType<SummaryEvent>(log.Events[^1]);
        Assert.Equal(StopCode.Diverged, log.OfType<StopEvent>().Single().Code);
        var cp = ActionPerception.Environment.Checkpoints.Checkpoint.Load(e.Summary.LastCheckpoint!);
        Assert.True(cp.Model.Machine.AllFinite());
        Assert.True(e.Summary.AudioSeconds < 120, "the session stopped when it diverged, not at its end");
    }
}
