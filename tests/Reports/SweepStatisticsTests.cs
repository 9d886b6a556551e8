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
        Assert.True(fp["listener.kind=random"].P >= 0.05);
        Assert.True(fp["listener.kind=random"].Exact);
        var oracle = fp["listener.kind=oracle"];
        Assert.Equal(2.0 / 252, oracle.P!.Value, 12); // the most extreme split of 5 + 5, and its mirror
        Assert.StartsWith("below the baseline", oracle.Verdict, StringComparison.Ordinal);
        Assert.True(oracle.CiUpper < 0);
        var template = fp["listener.kind=template"];
        Assert.Null(template.P);
        Assert.Equal("no p-value: fewer than 3 seeds with a value (this group has 2)", template.Verdict);
        Assert.NotNull(template.CiLower);

        // Metrics without a value anywhere are left out; a metric the baseline lacks gets no p-value, saying so.
        Assert.DoesNotContain(c, x => x.Metric == "coverage");
        var seconds = c.Where(x => x.Metric == "secondsToHalfChance").ToDictionary(x => x.Group);
        Assert.Equal(5, seconds["listener.kind=oracle"].N);
        Assert.Equal(5, seconds["listener.kind=random"].Missing);
        Assert.Contains("the baseline has 0", seconds["listener.kind=oracle"].Verdict, StringComparison.Ordinal);
        Assert.Equal(c, SweepReport.Compare(Rows(), "listener.kind=none"));
    }

    [Fact]
    public void The_baseline_is_named_by_its_grid_point_or_a_unique_term_of_it()
    {
        var rows = Rows();
        Assert.Equal("listener.kind=none", SweepReport.FindGroup(rows, "listener.kind=none"));
        var two = rows.Select(r => r with { Point = r.Point + ", audio.bpm=120" }).ToList();
        Assert.Equal("listener.kind=none, audio.bpm=120", SweepReport.FindGroup(two, "listener.kind=none"));
        Assert.Throws<ArgumentException>(() => SweepReport.FindGroup(rows, "listener.kind=human"));
        Assert.Throws<ArgumentException>(() => SweepReport.FindGroup(two, "audio.bpm=120"));
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
