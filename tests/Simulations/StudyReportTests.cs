using ActionPerception.Simulations.Studies;

namespace ActionPerception.Tests.Simulations;

public class StudyReportTests
{
    [Fact]
    public void Sign_flip_test_is_exact_and_says_the_least_p_the_pairs_can_reach()
    {
        // All three differences positive: only the all-plus and all-minus patterns reach |sum| = 6, 2 of 8.
        var c = PairedComparison.Of([1, 2, 3]);
        Assert.True(c.Exact);
        Assert.Equal(0.25, c.P, 12);
        Assert.Equal(0.25, c.LeastAttainableP, 12);
        Assert.Equal(2, c.MeanDifference, 12);
        // Student t, 2 degrees of freedom: t(0.975) = 4.302653, sd 1.
        Assert.Equal(2 - 4.302653 / Math.Sqrt(3), c.Lower!.Value, 5);
        Assert.Null(PairedComparison.Of([0.5]).Lower);
        Assert.Equal(2.0, c.EffectSize!.Value, 12);
        // ±1 ±1 ±2 against the observed 1 − 1 + 2 = 2: six of the eight sums reach |2|.
        Assert.Equal(0.75, PairedComparison.Of([1, -1, 2]).P, 12);
        Assert.Equal(2.0 / 1024, PairedComparison.Of([.. Enumerable.Range(1, 10).Select(i => (double)i)]).P, 12);
        Assert.Equal(1.0, PairedComparison.Of([0, 0, 0]).P, 12);
    }

    [Fact]
    public void Beyond_twenty_pairs_the_flips_are_seeded_and_repeatable()
    {
        var d = Enumerable.Range(0, 30).Select(i => i % 3 == 0 ? -0.5 : 1.0).ToList();
        var a = PairedComparison.Of(d);
        Assert.False(a.Exact);
        Assert.Equal(a, PairedComparison.Of(d));
        Assert.InRange(a.P, 1.0 / (PairedComparison.RandomFlips + 1), 0.01);
    }
}

public class StudySimulateTests
{
    [Fact]
    public void Power_is_the_share_of_resampled_studies_whose_exact_test_finds_the_difference()
    {
        Assert.Equal(1.0, ActionPerception.Simulations.Studies.StudySimulation.Power([0.2, 0.3, 0.25, 0.4], 10));
        // Differences of either sign, equally often and equally large: almost never found.
        Assert.InRange(ActionPerception.Simulations.Studies.StudySimulation.Power([1, -1], 10), 0, 0.1);
        // With 4 pairs no test reaches 0.05 (least p 2/16), whatever the effect.
        Assert.Equal(0.0, ActionPerception.Simulations.Studies.StudySimulation.Power([0.2, 0.3], 4));
    }

    [Fact]
    public void A_simulated_study_writes_its_participants_in_counterbalanced_order_a_report_and_a_power_estimate()
    {
        string dir = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(dir, "proto.json"), """
            { "schemaVersion": 1, "format": "actionperception.study", "name": "pilot", "seed": 3,
              "overrides": { "audio": { "bpm": 300 } },
              "blocks": [ { "condition": "counts", "niche": "counts", "durationSeconds": 30 }, { "condition": "posterior", "niche": "posterior", "durationSeconds": 30 } ],
              "order": "counterbalanced" }
            """);
        var r = Ap.Run(dir, "study", "simulate", "proto.json", "--participants", "3", "--study", "s");
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        Assert.Contains("resampled studies", r.Out);
        Assert.True(File.Exists(Path.Combine(dir, "s", "report.html")));
        var orders = new List<string>();
        foreach (var id in new[] { "sim-001", "sim-002", "sim-003" })
        {
            using var m = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "s", "participants", id, "manifest.json")));
            Assert.Equal("simulated", m.RootElement.GetProperty("kind").GetString());
            Assert.Equal("complete", m.RootElement.GetProperty("status").GetString());
            var blocks = m.RootElement.GetProperty("blocks").EnumerateArray().ToList();
            orders.Add(string.Join(",", blocks.Select(b => b.GetProperty("condition").GetString())));
            var header = RawLog.Read(Path.Combine(dir, "s", "participants", id, blocks[0].GetProperty("folder").GetString()!, "session.jsonl")).OfType("header").Single();
            Assert.Equal("fitted-twin", header.GetProperty("listenerKind").GetString());
        }
        Assert.Equal(["counts,posterior", "posterior,counts", "counts,posterior"], orders);
        var again = Ap.Run(dir, "study", "simulate", "proto.json", "--participants", "1", "--study", "s");
        Assert.Equal(3, again.ExitCode);
    }
}
