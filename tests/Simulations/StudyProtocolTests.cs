using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Simulations.Studies;

namespace ActionPerception.Tests.Simulations;

public class StudyProtocolTests
{
    private const string Good = """
        { "schemaVersion": 1, "format": "actionperception.study", "name": "pilot", "seed": 7,
          "instructions": ["Hello."], "consent": "Agree?", "practice": { "durationSeconds": 4 },
          "blocks": [ { "condition": "counts", "niche": "counts", "durationSeconds": 6 }, { "condition": "posterior", "niche": "posterior", "bpm": 200 } ],
          "order": "counterbalanced",
          "questions": [ { "id": "enjoy", "text": "Enjoy?", "kind": "likert" } ] }
        """;

    /// <summary>The repository's root: the first folder above the test binaries that holds the solution.</summary>
    public static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "ActionPerception.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("the repository root was not found above " + AppContext.BaseDirectory);
    }

    private static string Write(string json)
    {
        string path = Path.Combine(Fixtures.TempDir(), "protocol.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void A_block_is_the_defaults_then_the_protocols_overrides_then_its_own_fields_for_a_person_in_real_time()
    {
        var p = StudyProtocol.Load(Write(Good.Replace("\"seed\": 7,", "\"seed\": 7, \"overrides\": { \"audio\": { \"bpm\": 300 }, \"dataset\": { \"likeIncrement\": 4 } },")));
        var counts = p.ScenarioOf(p.Blocks[0], "blocks[0]", 42, "null:paced");
        var posterior = p.ScenarioOf(p.Blocks[1], "blocks[1]", 42, "null:paced");
        Assert.Equal(("counts", 300.0, 6.0, 4.0), (counts.Generator.Niche, counts.Audio.Bpm, counts.DurationSeconds!.Value, counts.Dataset.LikeIncrement));
        Assert.Equal(("posterior", 200.0, 600.0), (posterior.Generator.Niche, posterior.Audio.Bpm, posterior.DurationSeconds!.Value));
        Assert.All(new[] { counts, posterior }, s =>
        {
            Assert.Equal(42UL, s.Seed);
            Assert.Equal(SessionMode.Realtime, s.Mode);
            Assert.Equal(ListenerBuilder.Human, s.Listener.Kind);
            Assert.Equal("null:paced", s.Audio.Output);
        });
    }

    [Theory]
    [InlineData("\"order\": \"counterbalanced\"", "\"order\": \"latin\"", "at order", "Fix: use \"fixed\"")]
    [InlineData("{ \"condition\": \"posterior\"", "{ \"condition\": \"counts\"", "at blocks[1].condition", "own condition name")]
    [InlineData("\"kind\": \"likert\"", "\"kind\": \"choice\", \"options\": [\"one\"]", "at questions[0].options", "2–9")]
    [InlineData("\"niche\": \"posterior\"", "\"niche\": \"nonesuch\"", "at blocks[1] (posterior): at generator.niche", "Fix: use \"counts\"")]
    [InlineData("\"durationSeconds\": 4", "\"durationSeconds\": -4", "at practice (practice): at durationSeconds", "Fix:")]
    [InlineData("\"schemaVersion\": 1", "\"schemaVersion\": 9", "at schemaVersion", "use schemaVersion 1")]
    [InlineData("\"bpm\": 200", "\"bpm\": 200, \"kit\": \"no-such-kit\"", "at blocks[1].kit", "a kit folder of WAV files")]
    [InlineData("\"practice\": { \"durationSeconds\": 4 }", "\"practice\": { \"condition\": \"warmup\" }", "at practice.condition", "remove the field")]
    [InlineData("\"order\": \"counterbalanced\",", "\"order\": \"counterbalanced\", \"breaks\": { \"seconds\": 5, \"text\": null },", "at breaks.text", "give the text shown between blocks")]
    [InlineData("\"consent\": \"Agree?\"", "\"consent\": \"Agree?\", \"colour\": 1", "unknown field 'colour'", "docs/studies.md")]
    public void Every_error_names_the_file_the_place_and_the_fix(string from, string to, string place, string fix)
    {
        string path = Write(Good.Replace(from, to));
        var e = Assert.ThrowsAny<Exception>(() => StudyProtocol.Load(path));
        Assert.True(e is InputFileException or ScenarioException, e.GetType().Name);
        Assert.Contains(path, e.Message);
        Assert.Contains(place, e.Message);
        Assert.Contains(fix, e.Message);
    }

    [Fact]
    public void The_example_protocol_is_read_whole()
    {
        var p = StudyProtocol.Load(Path.Combine(RepoRoot(), "docs", "examples", "study.json"));
        Assert.Equal(["counts", "predictive"], p.Blocks.Select(b => b.Condition));
        Assert.Equal(["counts", "predictive"], p.Blocks.Select(b => p.ScenarioOf(b, "blocks", 1).Generator.Niche));
        Assert.Equal(StudyProtocol.Counterbalanced, p.Order);
        Assert.Equal(2, p.Questions.Length);
        Assert.NotNull(p.Consent);
        Assert.NotNull(p.Practice);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Latin_square_rows_put_every_condition_first_and_after_every_other_equally_often(int n)
    {
        int rows = n % 2 == 0 ? n : 2 * n;
        var square = Enumerable.Range(1, rows).Select(k => StudyOrder.LatinSquareRow(n, k)).ToList();
        Assert.All(square, r => Assert.Equal(Enumerable.Range(0, n), r.Order()));
        for (int pos = 0; pos < n; pos++)
            Assert.All(Enumerable.Range(0, n), c => Assert.Equal(rows / n, square.Count(r => r[pos] == c)));
        var pairs = square.SelectMany(r => r.Zip(r.Skip(1))).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(n * (n - 1), pairs.Count);
        Assert.Single(pairs.Values.Distinct());
        // Participant n + 1 (or 2n + 1) starts the square again.
        Assert.Equal(square[0], StudyOrder.LatinSquareRow(n, rows + 1));
    }

    [Fact]
    public void Random_order_is_seeded_by_the_participant_id()
    {
        var p = StudyProtocol.Load(Write(Good.Replace("\"counterbalanced\"", "\"random\"")));
        var orders = Enumerable.Range(1, 40).Select(i => string.Join(",", StudyOrder.For(p, $"x{i}", 1))).ToList();
        Assert.Equal(orders, Enumerable.Range(1, 40).Select(i => string.Join(",", StudyOrder.For(p, $"x{i}", 1))));
        Assert.Equal(2, orders.Distinct().Count());
        Assert.Equal(7, StudyRunner.TrailingNumber("p007"));
        Assert.Null(StudyRunner.TrailingNumber("anna"));
    }
}
