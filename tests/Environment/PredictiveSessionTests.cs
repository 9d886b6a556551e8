using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Niche;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Tests.Environment;

/// <summary>The predictive niche and epistemic play inside a session, and the run's information limit and verdict.</summary>
public class PredictiveSessionTests
{
    private static (SessionSummary Summary, SessionLogReader Log, string Folder) Run(Scenario s)
    {
        var folder = Fixtures.TempDir();
        var session = SessionBuilder.Create(s, folder, ListenerBuilder.For(s));
        SessionSummary summary;
        using (session) summary = session.RunVirtual();
        return (summary, SessionLogReader.Read(SessionHarness.LogPath(folder)), folder);
    }

    private static Scenario Fast(string listener, double seconds = 120, ulong seed = 1, string niche = GeneratorRules.PredictiveNiche, string play = GeneratorRules.EpistemicPlay) => new()
    {
        Name = "predictive",
        Seed = seed,
        DurationSeconds = seconds,
        Generator = new GeneratorScenario { Niche = niche, Play = play, LearningRate = 0.03 },
        Listener = ListenerSettings.Of(listener),
    };

    [Fact]
    public void Epistemic_play_logs_every_candidate_and_plays_the_one_of_highest_expected_free_energy()
    {
        var (summary, log, _) = Run(Fast("oracle"));
        var patterns = log.OfType<PatternEvent>().ToList();
        Assert.Equal(summary.Patterns, patterns.Count);
        foreach (var p in patterns)
        {
            var choice = p.Play!;
            Assert.Equal(8, choice.Candidates.Count);
            Assert.Equal(p.Pattern, choice.Candidates[choice.Chosen].Pattern);
            Assert.All(choice.Candidates, c => Assert.True(c.ExpectedFreeEnergy <= choice.Candidates[choice.Chosen].ExpectedFreeEnergy));
        }
        // The scores come from the posterior of the judgements applied before the pattern was synthesised.
        Assert.Equal(0, patterns[0].Play!.Judgements);
        Assert.True(patterns[^1].Play!.Judgements > 0);
        Assert.All(Run(Fast("oracle", play: GeneratorRules.DreamPlay)).Log.OfType<PatternEvent>(), p => Assert.Null(p.Play));
    }

    [Fact]
    public void A_predictive_session_is_byte_identical_for_the_same_seed()
    {
        var a = Run(Fast("oracle", seconds: 60, seed: 3));
        var b = Run(Fast("oracle", seconds: 60, seed: 3));
        Assert.Equal(File.ReadAllBytes(SessionHarness.LogPath(a.Folder)), File.ReadAllBytes(SessionHarness.LogPath(b.Folder)));
    }

    [Fact]
    public void The_predictive_niche_trains_toward_a_uniform_target_until_the_first_judgement()
    {
        // With no judgements the target is uniform over 1024 patterns: the zero-weight generator is uniform too, so
        // every epoch starts at KL(target‖gen) = 0 (the counts niche would start at KL(every-5th‖uniform) = ln 5).
        var (_, log, _) = Run(Fast("none", seconds: 20));
        Assert.Equal(0, log.OfType<EpochEvent>().First().KlDataGen, 6);
        var counts = Run(Fast("none", seconds: 20, niche: GeneratorRules.CountsNiche)).Log;
        Assert.Equal(Math.Log(5), counts.OfType<EpochEvent>().First().KlDataGen, 2); // KL adds 1e-8 inside its logs
    }

    [Fact]
    public void The_summary_carries_the_listener_s_reliability_the_information_limit_and_a_verdict()
    {
        var (summary, _, _) = Run(Fast("oracle", seconds: 300));
        var limit = summary.InformationLimit!;
        var reliability = limit.Reliability!;
        Assert.Equal(summary.Likes + summary.Dislikes, reliability.Judgements);
        Assert.Equal(summary.Patterns, reliability.HeardInside + reliability.HeardOutside);
        Assert.Equal(0, reliability.LikedOutside); // the oracle never likes outside its set
        Assert.Equal(0, reliability.DislikedInside);
        Assert.InRange(limit.FalsePositiveRate, 0, limit.ChanceFalsePositiveRate);
        Assert.NotNull(summary.Verdict);
        Assert.Contains(summary.Verdict!.State, new[] { ConvergenceVerdict.Converged, ConvergenceVerdict.Moving, ConvergenceVerdict.AtChance });

        var none = Run(Fast("none", seconds: 60)).Summary;
        Assert.Equal(ConvergenceVerdict.AtChance, none.Verdict!.State);
        Assert.Contains("judged nothing", none.Verdict.Sentence);
        Assert.Equal(0, none.InformationLimit!.Judgements);
    }

    /// <summary>docs/examples/fast-learning.json, found upward from the test binaries.</summary>
    internal static string FastLearningFile()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string path = Path.Combine(d.FullName, "docs", "examples", "fast-learning.json");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("docs/examples/fast-learning.json not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Unknown_niches_and_plays_are_refused_by_name()
    {
        Assert.Equal("generator.niche", Assert.Throws<ScenarioException>(() => Scenario.Parse("{\"generator\": {\"niche\": \"oracle\"}}")).Field);
        Assert.Equal("generator.play", Assert.Throws<ScenarioException>(() => Scenario.Parse("{\"generator\": {\"play\": \"loud\"}}")).Field);
        Assert.Equal("generator.predictive", Assert.Throws<ScenarioException>(() => Scenario.Parse("{\"generator\": {\"predictive\": {\"threshold\": 2}}}")).Field);
        Assert.Equal("generator.epistemic", Assert.Throws<ScenarioException>(() => Scenario.Parse("{\"generator\": {\"epistemic\": {\"candidates\": 0}}}")).Field);
        var s = Scenario.Load(FastLearningFile());
        Assert.Equal(GeneratorRules.PredictiveNiche, s.Generator.Niche);
        Assert.Equal(GeneratorRules.EpistemicPlay, s.Generator.Play);
    }
}
