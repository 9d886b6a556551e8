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

    [Fact]
    public void Noncentral_t_is_student_t_at_zero_and_falls_as_the_noncentrality_grows()
    {
        foreach (var (t, nu) in new[] { (0.7, 1.0), (-1.3, 4.0), (2.2, 19.0), (1.9, 499.0) })
            Assert.Equal(MathNet.Numerics.Distributions.StudentT.CDF(0, 1, nu, t), PairedComparison.NoncentralTCdf(t, nu, 0), 7);
        // A noncentral t with δ is (Z + δ)/√(χ²/ν): with ν large it is almost N(δ, 1) (500 participants, the most a study simulates).
        Assert.Equal(MathNet.Numerics.Distributions.Normal.CDF(1.5, 1, 2.0), PairedComparison.NoncentralTCdf(2.0, 499, 1.5), 2);
        Assert.True(PairedComparison.NoncentralTCdf(1, 5, 0.5) > PairedComparison.NoncentralTCdf(1, 5, 1.5));
    }

    [Theory]
    [InlineData(20, 0.5)]
    [InlineData(5, 1.2)]
    [InlineData(12, -0.3)]
    [InlineData(2, 0.8)]
    public void The_effect_interval_puts_the_observed_t_at_the_tails_of_its_ends(int n, double dz)
    {
        var (lo, hi) = PairedComparison.EffectInterval(dz, n);
        double t = dz * Math.Sqrt(n);
        Assert.InRange(dz, lo, hi);
        Assert.Equal(0.975, PairedComparison.NoncentralTCdf(t, n - 1, lo * Math.Sqrt(n)), 6);
        Assert.Equal(0.025, PairedComparison.NoncentralTCdf(t, n - 1, hi * Math.Sqrt(n)), 6);
        if (n >= 20)
        {
            // Close to the large-sample interval d ± 1.96·√(1/n + d²/2n) (Hedges & Olkin).
            double se = Math.Sqrt(1.0 / n + dz * dz / (2 * n));
            Assert.Equal(dz - 1.96 * se, lo, 1);
            Assert.Equal(dz + 1.96 * se, hi, 1);
        }
    }

    [Fact]
    public void A_paired_comparison_carries_the_effect_interval()
    {
        var c = PairedComparison.Of([0.1, 0.3, 0.2, 0.5, 0.4]);
        Assert.NotNull(c.EffectLower);
        Assert.InRange(c.EffectSize!.Value, c.EffectLower!.Value, c.EffectUpper!.Value);
        Assert.True(c.EffectLower > 0, "five positive differences of this spread exclude d_z = 0");
        Assert.Null(PairedComparison.Of([0.5]).EffectLower);
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
        Fixtures.WritePilotStudyProtocol(Path.Combine(dir, "proto.json"), blockSeconds: 30);
        var r = Ap.Run(dir, "study", "simulate", "proto.json", "--participants", "3", "--study", "s");
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        Assert.Contains("the difference between counts and posterior in like rate is found (p ≤ 0.05) in", r.Out);
        Assert.Contains("% of 400 studies resampled from these 3", r.Out);
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

        // Each participant is measured against their own taste: the posterior fitted to their judgements of all
        // their blocks (rebuilt here from the exported patterns table), its P(like) in every pattern row.
        var export = Ap.Run(dir, "export", "s", "--tables", "t", "--format", "csv");
        Assert.True(export.ExitCode == 0, export.Err + export.Out);
        var patterns = ExportTests.ReadCsv(Path.Combine(dir, "t", "patterns.csv"));
        var blockRows = ExportTests.ReadCsv(Path.Combine(dir, "t", "blocks.csv"));
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var id in new[] { "sim-001", "sim-002", "sim-003" })
        {
            var mine = patterns.Where(p => p["participant"] == id).OrderBy(p => int.Parse(p["block"]!, inv)).ThenBy(p => long.Parse(p["serial"]!, inv)).ToList();
            var judged = mine.Where(p => p["judgement"] is "like" or "dislike")
                .Select(p => new ActionPerception.Agents.Tastes.Posterior.TasteJudgement(int.Parse(p["pattern"]!, inv), p["judgement"] == "like")).ToList();
            var posterior = ActionPerception.Agents.Tastes.Posterior.TastePosterior.FromJudgements(10, judged);
            var pLike = new double[1024];
            posterior.PredictProbabilities(pLike);
            foreach (var p in mine)
            {
                double own = double.Parse(p["own_taste_p_like"]!, inv);
                Assert.Equal(pLike[int.Parse(p["pattern"]!, inv)], own, 6);
                Assert.Equal(own >= 0.5 ? "true" : "false", p["inside_own_taste"]);
            }
            foreach (var b in blockRows.Where(b => b["participant"] == id))
            {
                var heard = mine.Where(p => p["run"] == b["run"]).ToList();
                Assert.Equal((double)heard.Count(p => p["inside_own_taste"] == "true") / heard.Count, double.Parse(b["heard_inside_own_taste"]!, inv), 9);
                Assert.Equal(pLike.Count(v => v >= 0.5), int.Parse(b["own_taste_size"]!, inv));
                Assert.InRange(double.Parse(b["own_taste_false_positive_rate"]!, inv), 0, 1);
                Assert.InRange(double.Parse(b["own_taste_coverage"]!, inv), 0, 1);
            }
        }
        string html = File.ReadAllText(Path.Combine(dir, "s", "report.html"));
        Assert.Contains("FP toward own taste (P ≥ 0.5)", html);
        Assert.Contains("d_z 95 % interval", html);
        Assert.DoesNotContain("well-formed", html);
    }
}
