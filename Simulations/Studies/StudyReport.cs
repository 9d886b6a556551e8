using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Reports;
using ActionPerception.Simulations.Runs;

namespace ActionPerception.Simulations.Studies;

/// <summary>
/// `ap study report STUDY`: one page. Per participant and condition the like rates, judgements, reaction times,
/// answers and the generator's mass on the person's own taste; each person against their fitted twin (paired
/// differences with intervals); the conditions compared across participants (paired exact permutation tests,
/// d_z, and the least p the design can reach).
/// </summary>
public static class StudyReport
{
    public const string OwnTaste = Studies.OwnTaste.Name;

    /// <summary>The block measures compared between conditions and between a person and their twin.</summary>
    public static readonly (string Name, Func<BlockMeasures, double?> Get)[] Measures =
    [
        ("like rate", b => b.LikeRate),
        ("like rate, last quarter", b => b.LikeRateLastQuarter),
        ($"FP toward {OwnTaste}", b => b.FalsePositiveRate),
        ($"coverage of {OwnTaste}", b => b.Coverage),
        ($"heard inside {OwnTaste}", b => b.HeardInsideOwnTaste),
    ];

    public sealed record Result(IReadOnlyList<BlockMeasures> Blocks, IReadOnlyList<(string Measure, string A, string B, PairedComparison C)> Conditions,
        IReadOnlyList<(string Measure, PairedComparison C)> PersonVsTwin, IReadOnlyList<(string Participant, int Index, string Condition, AnswerRecord Answer)> Answers);

    public static Result Analyse(string study)
    {
        var blocks = new List<BlockMeasures>();
        var answers = new List<(string, int, string, AnswerRecord)>();
        foreach (var (dir, m) in StudyFolder.Participants(study))
        {
            var finished = m.Blocks.Where(b => !b.Practice && b.Status == BlockRecord.Finished && b.Folder is not null).ToList();
            if (finished.Count == 0) continue;
            var own = Studies.OwnTaste.Of(dir, m);
            foreach (var b in finished)
            {
                string who = m.Kind == "simulated" ? "simulated" : BlockMeasures.Person;
                blocks.Add(Measure(m.Participant, b, who, SessionAnalysis.Load(Path.Combine(dir, b.Folder!)), own));
                if (b.FittedTwin is { } ft && Directory.Exists(Path.Combine(dir, ft)))
                    blocks.Add(Measure(m.Participant, b, BlockMeasures.Twin, SessionAnalysis.Load(Path.Combine(dir, ft)), own));
                foreach (var a in b.Answers) answers.Add((m.Participant, b.Index, b.Condition, a));
            }
        }
        if (blocks.Count == 0)
            throw new InputFileException(study, null, "no participant has finished a block", "run participants first (ap study run or ap study simulate)");

        var people = blocks.Where(b => b.Who != BlockMeasures.Twin).ToList();
        var conditions = people.Select(b => b.Condition).Distinct().Order(StringComparer.Ordinal).ToList();
        var measures = Measures;
        var compared = new List<(string, string, string, PairedComparison)>();
        var questionIds = answers.Select(a => a.Item4.Question).Distinct().ToList();
        for (int j = 1; j < conditions.Count; j++)
        {
            string a = conditions[0], c = conditions[j];
            foreach (var (name, get) in measures)
            {
                var d = Pairs(people, a, c, get);
                if (d.Count > 0) compared.Add((name, a, c, PairedComparison.Of(d)));
            }
            foreach (var q in questionIds)
            {
                var byKey = answers.Where(x => x.Item4.Question == q).ToDictionary(x => (x.Item1, x.Item3), x => (double)x.Item4.Value);
                var d = byKey.Keys.Select(k => k.Item1).Distinct()
                    .Where(pid => byKey.ContainsKey((pid, a)) && byKey.ContainsKey((pid, c)))
                    .Select(pid => byKey[(pid, c)] - byKey[(pid, a)]).ToList();
                if (d.Count > 0) compared.Add(($"answer '{q}'", a, c, PairedComparison.Of(d)));
            }
        }
        var vsTwin = new List<(string, PairedComparison)>();
        foreach (var (name, get) in measures)
        {
            var d = people.Select(pb => (pb, tw: blocks.FirstOrDefault(t => t.Who == BlockMeasures.Twin && t.Participant == pb.Participant && t.Index == pb.Index)))
                .Where(x => x.tw is not null && get(x.pb) is not null && get(x.tw!) is not null)
                .Select(x => get(x.pb)!.Value - get(x.tw!)!.Value).ToList();
            if (d.Count > 0) vsTwin.Add((name, PairedComparison.Of(d)));
        }
        return new Result(blocks, compared, vsTwin, answers);
    }

    /// <summary>The within-participant differences (second − first condition) behind one row of <see cref="Result.Conditions"/>.</summary>
    public static List<double> Differences(Result r, string measure, string a, string c)
    {
        var get = Measures.FirstOrDefault(x => x.Name == measure).Get ?? throw new ArgumentException($"no block measure '{measure}'");
        return Pairs([.. r.Blocks.Where(b => b.Who != BlockMeasures.Twin)], a, c, get);
    }

    private static List<double> Pairs(List<BlockMeasures> people, string a, string c, Func<BlockMeasures, double?> get) =>
        [.. people.GroupBy(b => b.Participant)
            .Select(g => (x: g.FirstOrDefault(b => b.Condition == a), y: g.FirstOrDefault(b => b.Condition == c)))
            .Where(t => t.x is not null && t.y is not null && get(t.x) is not null && get(t.y) is not null)
            .Select(t => get(t.y!)!.Value - get(t.x!)!.Value)];

    private static BlockMeasures Measure(string participant, BlockRecord b, string who, SessionAnalysis s, OwnTaste? own)
    {
        var played = s.Played;
        int q = Math.Max(1, played.Count / 4);
        double Rate(IEnumerable<PlayedPattern> ps) { var l = ps.ToList(); return l.Count == 0 ? 0 : (double)l.Count(p => p.Likes > 0) / l.Count; }
        var ends = played.ToDictionary(p => p.Serial, p => p.Start);
        var reactions = s.Judgements.Where(j => j.IsApplied && j.Serial is long k && ends.ContainsKey(k)).GroupBy(j => j.Serial!.Value)
            .Select(g => g.First().Made - ends[g.Key]).Order().ToList();
        double? inside = own?.ShareInside([.. played.Select(p => p.Pattern)]);
        var toward = own?.Toward(s.Generative);
        return new BlockMeasures(participant, b.Index, b.Condition, who, played.Count, played.Count(p => p.Likes > 0), played.Count(p => p.Dislikes > 0 && p.Likes == 0),
            Rate(played), Rate(played.Take(q)), Rate(played.Skip(played.Count - q)),
            reactions.Count == 0 ? null : reactions[reactions.Count / 2], own?.Size, inside, toward?.FalsePositiveRate, toward?.Coverage, [.. s.Rates.Select(r => (r.T, r.LikeRate))]);
    }

    private static string F(double? v, string f = "F3") => v is double d && double.IsFinite(d) ? d.ToString(f, CultureInfo.InvariantCulture) : "—";

    /// <summary>One comparison in a line of text: mean [interval], d_z [interval], p and the least attainable p ("—" for what one pair or no spread cannot give).</summary>
    public static string Line(PairedComparison c, string unit) =>
        $"{F(c.MeanDifference)} [{F(c.Lower)}, {F(c.Upper)}] over {c.Pairs} {unit}, d_z {F(c.EffectSize, "F2")} [{F(c.EffectLower, "F2")}, {F(c.EffectUpper, "F2")}], " +
        $"p = {P(c.P)}{(c.Exact ? " exact" : "")} (least attainable {P(c.LeastAttainableP)})";

    private static string P(double p) => p < 0.001 ? p.ToString("0.0e0", CultureInfo.InvariantCulture) : p.ToString("F4", CultureInfo.InvariantCulture);

    public static void Write(string study, Result r, string htmlPath, bool overwrite) =>
        SafeFile.WriteAllTextAtomically(htmlPath, Render(study, r), overwrite);

    /// <summary>The study report's page (for the file, or for its figures alone).</summary>
    public static string Render(string study, Result r)
    {
        string title = "ActionPerception study report";
        var page = new HtmlPage(title);
        page.Heading(title, 1);
        int participants = r.Blocks.Select(b => b.Participant).Distinct().Count();
        page.Paragraph($"{study} · {participants} participant{(participants == 1 ? "" : "s")} · conditions {string.Join(", ", r.Blocks.Select(b => b.Condition).Distinct())} · " +
            $"a person is measured against their {OwnTaste}: the patterns their taste posterior, fitted to all their finished blocks, likes with P ≥ 0.5.", "meta");

        page.Heading("Participants and conditions", 2);
        page.Table(["participant", "block", "condition", "who", "patterns", "likes", "dislikes", "like rate", "first ¼", "last ¼", "median reaction (s)", $"size of {OwnTaste}", $"heard inside {OwnTaste}", $"FP toward {OwnTaste}", $"coverage of {OwnTaste}"],
            r.Blocks.Select(b => (IReadOnlyList<string>)[b.Participant, b.Index.ToString(CultureInfo.InvariantCulture), b.Condition, b.Who,
                b.Patterns.ToString(CultureInfo.InvariantCulture), b.Likes.ToString(CultureInfo.InvariantCulture), b.Dislikes.ToString(CultureInfo.InvariantCulture),
                F(b.LikeRate), F(b.LikeRateFirstQuarter), F(b.LikeRateLastQuarter), F(b.MedianReactionSeconds, "F2"),
                b.OwnTasteSize?.ToString(CultureInfo.InvariantCulture) ?? "—", F(b.HeardInsideOwnTaste), F(b.FalsePositiveRate), F(b.Coverage)]),
            "study-blocks");
        page.Grid([RateFigure(r.Blocks)]);
        if (r.Answers.Count > 0)
        {
            page.Heading("Answers", 2);
            page.Table(["participant", "block", "condition", "question", "value", "text", "seconds"],
                r.Answers.Select(a => (IReadOnlyList<string>)[a.Participant, a.Index.ToString(CultureInfo.InvariantCulture), a.Condition, a.Answer.Question,
                    a.Answer.Value.ToString(CultureInfo.InvariantCulture), a.Answer.Text, F(a.Answer.Seconds, "F2")]), "study-answers");
        }
        page.Heading("Conditions compared (paired, within participants)", 2);
        page.Paragraph("Each row: the within-participant difference (second condition − first), its mean with a 95 % Student-t interval, d_z (mean / sd of the differences) with its exact 95 % interval (noncentral t), and a two-sided sign-flip permutation test — exact over all 2^n sign patterns up to 20 pairs — with the least p this number of pairs can reach: with 5 pairs no test can go below 0.0625.", "note");
        page.Table(["measure", "first", "second", "pairs", "mean difference", "95 % interval", "d_z", "d_z 95 % interval", "p", "least attainable p"],
            r.Conditions.Select(c => (IReadOnlyList<string>)[c.Measure, c.A, c.B, c.C.Pairs.ToString(CultureInfo.InvariantCulture), F(c.C.MeanDifference),
                $"[{F(c.C.Lower)}, {F(c.C.Upper)}]", F(c.C.EffectSize, "F2"), $"[{F(c.C.EffectLower, "F2")}, {F(c.C.EffectUpper, "F2")}]", P(c.C.P) + (c.C.Exact ? " (exact)" : ""), P(c.C.LeastAttainableP)]), "study-conditions");
        page.Heading("Each person against their fitted twin", 2);
        if (r.PersonVsTwin.Count == 0)
            page.Paragraph("No block has a fitted twin: the twins run after human blocks (ap study run); a simulated participant is itself a fitted-twin listener.", "note");
        page.Table(["measure", "blocks", "mean (person − twin)", "95 % interval", "d_z", "d_z 95 % interval", "p", "least attainable p"],
            r.PersonVsTwin.Select(c => (IReadOnlyList<string>)[c.Measure, c.C.Pairs.ToString(CultureInfo.InvariantCulture), F(c.C.MeanDifference),
                $"[{F(c.C.Lower)}, {F(c.C.Upper)}]", F(c.C.EffectSize, "F2"), $"[{F(c.C.EffectLower, "F2")}, {F(c.C.EffectUpper, "F2")}]", P(c.C.P), P(c.C.LeastAttainableP)]), "study-twins");
        page.Data("study-data", JsonSerializer.SerializeToNode(new
        {
            conditions = r.Conditions.Select(c => new { c.Measure, first = c.A, second = c.B, c.C }),
            personVsTwin = r.PersonVsTwin.Select(c => new { c.Measure, c.C }),
        }, JsonFiles.Write)!);
        return page.Render();
    }

    private static Figure RateFigure(IReadOnlyList<BlockMeasures> blocks)
    {
        var data = new JsonArray();
        foreach (var b in blocks)
            data.Add(new JsonObject
            {
                ["type"] = "scatter", ["mode"] = "lines",
                ["name"] = $"{b.Participant} · {b.Condition} · {b.Who}",
                ["x"] = new JsonArray([.. b.Rates.Select(x => (JsonNode)JsonValue.Create(Math.Round(x.T, 3))!)]),
                ["y"] = new JsonArray([.. b.Rates.Select(x => (JsonNode)JsonValue.Create(Math.Round(x.LikeRate, 4))!)]),
                ["line"] = new JsonObject { ["dash"] = b.Who == BlockMeasures.Twin ? "dot" : "solid" },
            });
        var json = new JsonObject
        {
            ["data"] = data,
            ["layout"] = new JsonObject
            {
                ["title"] = new JsonObject { ["text"] = "Like rate over time (rolling, last 10 patterns)" },
                ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "seconds of audio" } },
                ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "like rate" }, ["range"] = new JsonArray(0, 1) },
                ["height"] = 420, ["autosize"] = true,
            },
        };
        return new Figure("study-like-rate", "Like rate over time", json, Wide: true, Caption: "Solid: the person; dotted: their fitted twin in the same block.");
    }
}
