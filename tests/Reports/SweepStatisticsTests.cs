using System.Text.Json.Nodes;
using ActionPerception.Agents.Randomness;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Sweeps;

namespace ActionPerception.Tests.Reports;

public class SweepStatisticsTests
{
    [Fact]
    public void The_exact_permutation_test_counts_every_relabelling()
    {
        // C(6,3) = 20 splits; only the observed one and its mirror are as extreme: p = 2/20.
        var r = Statistics.PermutationTest([1, 2, 3], [4, 5, 6]);
        Assert.True(r.Exact);
        Assert.Equal(20, r.Permutations);
        Assert.Equal(-3, r.Difference, 12);
        Assert.Equal(0.1, r.P, 12);
        // Identical groups: every split is at least as extreme as a zero difference.
        Assert.Equal(1, Statistics.PermutationTest([2, 2, 2], [2, 2, 2]).P);
        // Unequal sizes, against a plain enumeration of the C(5,2) = 10 splits.
        var small = Statistics.PermutationTest([0, 10], [1, 2, 3]);
        var splits = Combinations([0, 10, 1, 2, 3], 2).Select(s => Math.Abs(s.Average() - (16 - s.Sum()) / 3.0)).ToList();
        Assert.Equal(splits.Count(d => d >= Math.Abs(small.Difference) - 1e-12) / (double)splits.Count, small.P, 12);
    }

    private static IEnumerable<double[]> Combinations(double[] xs, int k)
    {
        if (k == 0) { yield return []; yield break; }
        for (int i = 0; i <= xs.Length - k; i++)
            foreach (var rest in Combinations(xs[(i + 1)..], k - 1)) yield return [xs[i], .. rest];
    }

    [Fact]
    public void Large_groups_use_seeded_Monte_Carlo_with_the_plus_one_correction()
    {
        var rng = new SeededRandom(11);
        var a = Enumerable.Range(0, 15).Select(_ => rng.Gaussian()).ToArray();
        var b = Enumerable.Range(0, 15).Select(_ => rng.Gaussian()).ToArray();
        var r = Statistics.PermutationTest(a, b, seed: 3);
        Assert.False(r.Exact);
        Assert.Equal(Statistics.MonteCarloPermutations, r.Permutations);
        Assert.Equal(r, Statistics.PermutationTest(a, b, seed: 3));
        var far = Statistics.PermutationTest(a.Select(x => x + 10).ToArray(), b, seed: 3);
        Assert.Equal(1.0 / (Statistics.MonteCarloPermutations + 1), far.P, 15);
    }

    [Fact]
    public void The_Welch_interval_matches_a_hand_computation()
    {
        double[] a = [1, 2, 3, 4], b = [2, 4, 6];
        var ci = Statistics.WelchInterval(a, b);
        double va = 1.6666666666666667 / 4, vb = 4.0 / 3;
        double df = Math.Pow(va + vb, 2) / (va * va / 3 + vb * vb / 2);
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df, 0.975);
        Assert.Equal(-1.5, ci.Difference, 12);
        Assert.Equal(df, ci.DegreesOfFreedom, 9);
        Assert.Equal(-1.5 - t * Math.Sqrt(va + vb), ci.Lower, 9);
        Assert.Equal(-1.5 + t * Math.Sqrt(va + vb), ci.Upper, 9);
    }

    private static SweepRow Row(int index, string point, ulong seed, double? fp, double? seconds = null) =>
        new(index, $"run-{index:0000}", point, seed, new Dictionary<string, JsonNode?>(), $"runs/run-{index:0000}", 600, 120, 10, 10, 100,
            0.5, null, 5, ChanceFalsePositiveRate: 0.75, FalsePositiveRate: fp, SecondsToHalfChance: seconds);

    private static List<SweepRow> Rows()
    {
        // none and random drawn from one distribution (chance ≈ 0.75); oracle far below it; template with 2 seeds.
        var rng = new SeededRandom(21);
        var rows = new List<SweepRow>();
        int i = 1;
        foreach (var (point, centre, seeds) in new[] { ("listener.kind=none", 0.75, 5), ("listener.kind=random", 0.75, 5), ("listener.kind=oracle", 0.2, 5), ("listener.kind=template", 0.3, 2) })
            for (ulong s = 1; s <= (ulong)seeds; s++)
                rows.Add(Row(i++, point, s, centre + 0.01 * rng.Gaussian(), point == "listener.kind=oracle" ? 300 + 10 * rng.Gaussian() : null));
        return rows;
    }

    [Fact]
    public void Groups_from_the_baseline_distribution_are_not_distinguishable_and_clearly_different_ones_are()
    {
        var c = SweepReport.Compare(Rows(), "listener.kind=none");
        var fp = c.Where(x => x.Metric == "falsePositiveRate").ToDictionary(x => x.Group);
        Assert.StartsWith("not distinguishable from the baseline (p = ", fp["listener.kind=random"].Verdict, StringComparison.Ordinal);
        Assert.Contains("; Welch p = ", fp["listener.kind=random"].Verdict, StringComparison.Ordinal);
        Assert.Equal(2.0 / 252, fp["listener.kind=random"].LeastP!.Value, 12);
        Assert.True(fp["listener.kind=random"].P >= 0.05);
        Assert.True(fp["listener.kind=random"].Exact);
        var oracle = fp["listener.kind=oracle"];
        Assert.Equal(2.0 / 252, oracle.P!.Value, 12); // the most extreme split of 5 + 5, and its mirror
        Assert.StartsWith("below the baseline", oracle.Verdict, StringComparison.Ordinal);
        Assert.True(oracle.CiUpper < 0);
        Assert.True(oracle.WelchP < 0.001);
        // 2 against 5 seeds: 21 relabellings, the most extreme alone gives p = 1/21 < 0.05, so the design can test.
        var template = fp["listener.kind=template"];
        Assert.Equal(1.0 / 21, template.P!.Value, 12);
        Assert.Equal(1.0 / 21, template.LeastP!.Value, 12);
        Assert.StartsWith("below the baseline (p = 0.048; Welch p = ", template.Verdict, StringComparison.Ordinal);
        Assert.NotNull(template.CiLower);

        // Metrics without a value anywhere are left out; a metric the baseline lacks gets no p-value, saying so.
        Assert.DoesNotContain(c, x => x.Metric == "coverage");
        var seconds = c.Where(x => x.Metric == "secondsToHalfChance").ToDictionary(x => x.Group);
        Assert.Equal(5, seconds["listener.kind=oracle"].N);
        Assert.Equal(5, seconds["listener.kind=random"].Missing);
        Assert.Equal("no test: no run with a value (the baseline has 0)", seconds["listener.kind=oracle"].Verdict);
        Assert.Equal(c, SweepReport.Compare(Rows(), "listener.kind=none"));
    }

    [Fact]
    public void Three_seeds_against_three_give_the_effect_and_say_too_few_runs_instead_of_not_distinguishable()
    {
        // The sweep of the issue: oracle far below none, 3 seeds each. The exact test cannot go below 2/20 = 0.1.
        var rows = new List<SweepRow>();
        double[] none = [0.75, 0.76, 0.767], oracle = [0.035, 0.042, 0.049];
        for (int i = 0; i < 3; i++) rows.Add(Row(i + 1, "listener.kind=oracle", (ulong)i + 1, oracle[i]));
        for (int i = 0; i < 3; i++) rows.Add(Row(i + 4, "listener.kind=none", (ulong)i + 1, none[i]));
        var c = SweepReport.Compare(rows, "listener.kind=none").Single(x => x.Metric == "falsePositiveRate");
        Assert.Equal(0.1, c.P!.Value, 12);
        Assert.Equal(0.1, c.LeastP!.Value, 12);
        Assert.True(c.CiUpper < 0);
        Assert.True(c.WelchP < 0.001);
        Assert.StartsWith("too few runs to test at 0.05: 4 per group needed (3 and 3 here; the exact test's least p is 0.1; Welch p = ", c.Verdict, StringComparison.Ordinal);
        Assert.DoesNotContain(SweepReport.Compare(rows, "listener.kind=none"), x => x.Verdict.Contains("not distinguishable", StringComparison.Ordinal));
        // The console line gives the effect and its interval before anything else.
        var line = SweepReport.Describe([c], "listener.kind=none").Last();
        Assert.StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"  falsePositiveRate, listener.kind=oracle: difference {c.Difference:F4}, 95 % CI [{c.CiLower:F4}, {c.CiUpper:F4}] ("), line, StringComparison.Ordinal);
        Assert.Equal(["measure", "grid point", "difference", "95 % CI"], SweepReport.ComparisonHeader.Take(4));
        // One seed a side has no spread: no interval and no test, and the verdict says how many runs it needs.
        var one = SweepReport.CompareOne("m", "g", [1], 0, [2, 3, 4]);
        Assert.Null(one.P);
        Assert.Null(one.CiLower);
        Assert.Equal(-2, one.Difference);
        Assert.Equal("too few runs to test at 0.05: 4 per group needed (1 and 3 here; Welch's test needs 2 a side)", one.Verdict);
    }

    [Fact]
    public void The_least_attainable_p_and_the_runs_needed_follow_from_the_group_sizes()
    {
        Assert.Equal(0.1, Statistics.LeastAttainableP(3, 3), 12);
        Assert.Equal(2.0 / 70, Statistics.LeastAttainableP(4, 4), 12);
        Assert.Equal(0.1, Statistics.LeastAttainableP(2, 3), 12);
        Assert.Equal(1.0 / (Statistics.MonteCarloPermutations + 1), Statistics.LeastAttainableP(15, 15), 15);
        Assert.Equal(4, Statistics.RunsPerGroupNeeded(0.05));
        Assert.Equal(5, Statistics.RunsPerGroupNeeded(0.01));
        // The bound is attained: the most extreme data give exactly it.
        Assert.Equal(Statistics.LeastAttainableP(3, 3), Statistics.PermutationTest([1, 2, 3], [4, 5, 6]).P, 12);
        Assert.Equal(Statistics.LeastAttainableP(2, 3), Statistics.PermutationTest([10, 11], [1, 2, 3]).P, 12);
    }

    [Fact]
    public void Welchs_test_matches_a_hand_computation()
    {
        double[] a = [1, 2, 3, 4], b = [2, 4, 6];
        var w = Statistics.WelchTest(a, b);
        double va = 1.6666666666666667 / 4, vb = 4.0 / 3;
        double df = Math.Pow(va + vb, 2) / (va * va / 3 + vb * vb / 2);
        double t = -1.5 / Math.Sqrt(va + vb);
        Assert.Equal(t, w.T, 12);
        Assert.Equal(df, w.DegreesOfFreedom, 9);
        Assert.Equal(2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, df, t), w.P, 12);
        // The interval excludes 0 exactly when Welch's p is below 0.05.
        var ci = Statistics.WelchInterval(a, b);
        Assert.Equal(ci.Upper < 0 || ci.Lower > 0, w.P < 0.05);
        Assert.Equal(1, Statistics.WelchTest([2, 2], [2, 2]).P);
        Assert.Equal(0, Statistics.WelchTest([2, 2], [3, 3]).P);
    }

    [Fact]
    public void The_baseline_is_named_by_its_grid_point_its_label_or_a_unique_term_of_it()
    {
        var rows = Rows();
        Assert.Equal("listener.kind=none", SweepReport.FindGroup(rows, "listener.kind=none"));
        var two = rows.Select(r => r with { Point = r.Point + ", audio.bpm=120" }).ToList();
        Assert.Equal("listener.kind=none, audio.bpm=120", SweepReport.FindGroup(two, "listener.kind=none"));
        Assert.Throws<ArgumentException>(() => SweepReport.FindGroup(rows, "listener.kind=human"));
        Assert.Throws<ArgumentException>(() => SweepReport.FindGroup(two, "audio.bpm=120"));
        // The short label works wherever a baseline is named, as in sweep convergence.
        var labelled = rows.Select(r => r with { Parameters = new Dictionary<string, JsonNode?> { ["listener.kind"] = r.Point.Split('=')[1] } }).ToList();
        Assert.Equal("listener.kind=none", SweepReport.FindGroup(labelled, "none"));
        var e = Assert.Throws<ArgumentException>(() => SweepReport.FindGroup(labelled, "human"));
        Assert.Contains("listener.kind=none (or none)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_convergence_object_is_read_as_its_type_or_not_at_all()
    {
        string dir = Fixtures.TempDir();
        Assert.Empty(SweepRunner.ReadConvergence(dir));
        File.WriteAllText(Path.Combine(dir, "summary.json"), """{ "schemaVersion": 1, "convergence": { "reference": "well-formed", "chanceFalsePositiveRate": 0.75, "falsePositiveRate": 0.2, "secondsToHalfChance": null } }""");
        var c = SweepRunner.ReadConvergence(dir);
        Assert.Equal(0.75, c["chanceFalsePositiveRate"]);
        Assert.Equal(0.2, c["falsePositiveRate"]);
        Assert.False(c.ContainsKey("secondsToHalfChance"));
        // A field of the wrong type makes the object unreadable: the row then takes its columns from the log.
        File.WriteAllText(Path.Combine(dir, "summary.json"), """{ "convergence": { "reference": "well-formed", "chanceFalsePositiveRate": 0.75, "coverage": "n/a" } }""");
        Assert.Empty(SweepRunner.ReadConvergence(dir));
        // Sweep runs of schema 2 nested it inside "summary".
        File.WriteAllText(Path.Combine(dir, "summary.json"), """{ "summary": { "convergence": { "reference": "well-formed", "chanceFalsePositiveRate": 0.75, "klReferenceGen": 1.5 } } }""");
        Assert.Equal(1.5, SweepRunner.ReadConvergence(dir)["klReferenceGen"]);
        File.WriteAllText(Path.Combine(dir, "summary.json"), "{ broken");
        Assert.Empty(SweepRunner.ReadConvergence(dir));
    }

    [Fact]
    public void The_sweep_table_carries_the_convergence_columns()
    {
        var rows = Rows();
        string csv = SweepRunner.Csv([], rows);
        Assert.Contains("chance_false_positive_rate,false_positive_rate,seconds_to_half_chance,patterns_to_half_chance,coverage,kl_reference_gen,folder", csv, StringComparison.Ordinal);
        var json = System.Text.Json.JsonSerializer.Serialize(rows[0], ActionPerception.IO.JsonFiles.Write);
        Assert.Contains("\"falsePositiveRate\"", json, StringComparison.Ordinal);
        var back = System.Text.Json.JsonSerializer.Deserialize<SweepRow>("""{ "index": 1, "id": "run-0001", "point": "p", "seed": 1, "parameters": {}, "folder": "runs/run-0001", "durationSeconds": 1, "patterns": 0, "likes": 0, "dislikes": 0, "ignored": 0 }""", ActionPerception.IO.JsonFiles.Read)!;
        Assert.Null(back.FalsePositiveRate);
    }
}
