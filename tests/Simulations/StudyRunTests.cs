using System.Diagnostics;
using System.Text.Json;

namespace ActionPerception.Tests.Simulations;

/// <summary>`ap study run` end to end with key scripts: real-time blocks on a paced null output, so these run alone.</summary>
[Collection("realtime")]
public class StudyRunTests
{
    private const string Protocol = """
        { "schemaVersion": 1, "format": "actionperception.study", "name": "pilot", "seed": 7,
          "overrides": { "audio": { "bpm": 300 } },
          "instructions": ["Page one.", "Page two."], "consent": "Agree?", "practice": { "durationSeconds": 4 },
          "blocks": [ { "condition": "counts", "niche": "counts", "durationSeconds": 6 }, { "condition": "posterior", "niche": "posterior", "durationSeconds": 6 } ],
          "order": "counterbalanced", "breaks": { "seconds": 0, "text": "Break." },
          "questions": [ { "id": "enjoy", "text": "Enjoy?", "kind": "likert" }, { "id": "learn", "text": "Learnt?", "kind": "choice", "options": ["no", "yes"] } ] }
        """;

    private static (string Dir, string Protocol) Setup()
    {
        string dir = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(dir, "proto.json"), Protocol);
        return (dir, Path.Combine(dir, "proto.json"));
    }

    private static Ap.Result Study(string dir, string participant, string keys, params string[] more)
    {
        string file = Path.Combine(dir, $"keys-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, keys);
        return Ap.Run(dir, ["study", "run", "proto.json", "--participant", participant, "--study", "s", "--output", "null:paced", "--keys", file, .. more]);
    }

    private static JsonElement Manifest(string dir, string participant) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "s", "participants", participant, "manifest.json"))).RootElement.Clone();

    [Fact]
    public void A_participant_quits_at_a_break_resumes_finishes_and_a_second_person_with_the_id_is_refused()
    {
        var (dir, _) = Setup();
        var first = Study(dir, "p02", """
            instructions: space
            instructions: space
            consent: y
            practice: 1.6:l
            break: space
            block: 1.6:l 3.6:d
            questions: 5 2
            break: q
            """);
        Assert.True(first.ExitCode == 0, first.Err + first.Out);
        Assert.Contains("--resume", first.Out);
        var m = Manifest(dir, "p02");
        Assert.Equal("running", m.GetProperty("status").GetString());
        var blocks = m.GetProperty("blocks").EnumerateArray().ToList();
        // p02: row 2 of the 2×2 balanced square, so posterior comes first.
        Assert.Equal(["practice", "posterior", "counts"], blocks.Select(b => b.GetProperty("condition").GetString()));
        Assert.Equal(["finished", "finished", "pending"], blocks.Select(b => b.GetProperty("status").GetString()));
        string firstBlock = Path.Combine(dir, "s", "participants", "p02", "01-posterior");
        byte[] before = File.ReadAllBytes(Path.Combine(firstBlock, "session.jsonl"));
        var log = RawLog.Read(Path.Combine(firstBlock, "session.jsonl"));
        Assert.Equal("human", log.OfType("header").Single().GetProperty("listenerKind").GetString());
        Assert.Equal("posterior", log.OfType("header").Single().GetProperty("scenario").GetProperty("generator").GetProperty("niche").GetString());

        var again = Study(dir, "p02", "block: 1:l\n");
        Assert.Equal(3, again.ExitCode);
        Assert.Contains("--resume", again.Err);

        var resumed = Study(dir, "p02", "block: 1.6:d\nquestions: 3 1\n", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Err + resumed.Out);
        m = Manifest(dir, "p02");
        Assert.Equal("complete", m.GetProperty("status").GetString());
        blocks = [.. m.GetProperty("blocks").EnumerateArray()];
        Assert.All(blocks, b => Assert.Equal("finished", b.GetProperty("status").GetString()));
        Assert.Equal([3, 1], blocks[2].GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("value").GetInt32()));
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(firstBlock, "session.jsonl"))); // never rerun
        // Every block started from the participant's seed; the practice from its own stream of it.
        Assert.Equal(ActionPerception.Simulations.Studies.StudyRunner.PracticeSeed(m.GetProperty("seed").GetUInt64()),
            RawLog.Read(Path.Combine(dir, "s", "participants", "p02", "00-practice", "session.jsonl")).OfType("header").Single().GetProperty("scenario").GetProperty("seed").GetUInt64());
        Assert.NotEqual(m.GetProperty("seed").GetUInt64(), ActionPerception.Simulations.Studies.StudyRunner.PracticeSeed(m.GetProperty("seed").GetUInt64()));
        var seeds = blocks.Skip(1).Select(b => RawLog.Read(Path.Combine(dir, "s", "participants", "p02", b.GetProperty("folder").GetString()!, "session.jsonl"))
            .OfType("header").Single().GetProperty("scenario").GetProperty("seed").GetUInt64()).Distinct();
        Assert.Equal(m.GetProperty("seed").GetUInt64(), Assert.Single(seeds));

        // Each human block has its two twins: the counterfactual (twin.json only) and the fitted twin's own loop.
        foreach (var b in blocks.Skip(1))
        {
            string cf = Path.Combine(dir, "s", "participants", "p02", b.GetProperty("counterfactual").GetString()!);
            string ft = Path.Combine(dir, "s", "participants", "p02", b.GetProperty("fittedTwin").GetString()!);
            using var cfTwin = JsonDocument.Parse(File.ReadAllText(Path.Combine(cf, "twin.json")));
            Assert.True(cfTwin.RootElement.GetProperty("twin").GetProperty("counterfactual").GetBoolean());
            var header = RawLog.Read(Path.Combine(ft, "session.jsonl")).OfType("header").Single();
            Assert.Equal("fitted-twin", header.GetProperty("listenerKind").GetString());
            Assert.Equal("virtual", header.GetProperty("mode").GetString());
            Assert.EndsWith(b.GetProperty("folder").GetString()!, header.GetProperty("twinOf").GetString());
            Assert.True(File.Exists(Path.Combine(ft, "twin.json")));
        }

        var twice = Study(dir, "p02", "block: 1:l\n", "--resume");
        Assert.Equal(3, twice.ExitCode);
        Assert.Contains("a second person with the same ID is refused", twice.Err);

        // The study's tables: the answers of both blocks, every block labelled with participant and condition.
        var export = Ap.Run(dir, "export", "s", "--tables", "t", "--format", "csv");
        Assert.True(export.ExitCode == 0, export.Err + export.Out);
        var answers = File.ReadAllLines(Path.Combine(dir, "t", "answers.csv"));
        Assert.Equal(5, answers.Length);
        Assert.StartsWith("p02,1,posterior,enjoy,likert,5,", answers[1]);
        Assert.Contains(File.ReadAllLines(Path.Combine(dir, "t", "blocks.csv")), l => l.StartsWith("participants/p02/00-practice,p02,0,practice,practice,human", StringComparison.Ordinal));

        // The study's MIDI holds what the person liked in their blocks: not the practice, not the twins' likes.
        var patterns = ExportTests.ReadCsv(Path.Combine(dir, "t", "patterns.csv"));
        int personLikes = patterns.Count(p => p["kind"] == "block" && p["judgement"] == "like");
        Assert.True(patterns.Any(p => p["kind"] == "practice" && p["judgement"] == "like"), "the practice has a like, which the MIDI must leave out");
        var midi = Ap.Run(dir, "export", "s", "--midi", "liked.mid");
        Assert.True(midi.ExitCode == 0, midi.Err + midi.Out);
        Assert.Contains($"{personLikes} liked patterns as General MIDI drums", midi.Out);
    }

    [Fact]
    public void A_crash_in_a_block_keeps_its_folder_and_the_resumed_block_starts_afresh_beside_it()
    {
        var (dir, _) = Setup();
        string keys = Path.Combine(dir, "keys.txt");
        File.WriteAllText(keys, "instructions: space\ninstructions: space\nconsent: y\npractice:\nbreak: space\nblock: 1:l\n");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "ap.dll"), "study", "run", "proto.json", "--participant", "p01", "--study", "s", "--output", "null:paced", "--keys", keys })
            psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi)!)
        {
            p.StandardInput.Close();
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            string log = Path.Combine(dir, "s", "participants", "p01", "01-counts", "session.jsonl");
            var clock = Stopwatch.StartNew();
            while (!(File.Exists(log) && File.ReadAllLines(log).Length > 2) && clock.Elapsed < TimeSpan.FromMinutes(2) && !p.HasExited) Thread.Sleep(50);
            Assert.False(p.HasExited, "the study ended before its first block was under way");
            p.Kill(entireProcessTree: true); // a crash: no stop event, no summary
            p.WaitForExit();
        }
        var m = Manifest(dir, "p01");
        Assert.Equal("running", m.GetProperty("blocks")[1].GetProperty("status").GetString());

        var resumed = Study(dir, "p01", "block:\nquestions: 4 1\nbreak: space\nblock:\nquestions: 4 2\n", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Err + resumed.Out);
        m = Manifest(dir, "p01");
        var counts = m.GetProperty("blocks")[1];
        Assert.Equal("01-counts-2", counts.GetProperty("folder").GetString());
        Assert.Equal(["01-counts"], counts.GetProperty("abandoned").EnumerateArray().Select(a => a.GetString()));
        Assert.True(File.Exists(Path.Combine(dir, "s", "participants", "p01", "01-counts", "session.jsonl")));
        Assert.Equal("complete", m.GetProperty("status").GetString());
    }

    [Fact]
    public void Declining_consent_plays_nothing_and_the_id_is_then_taken()
    {
        var (dir, _) = Setup();
        var r = Study(dir, "p03", "instructions: space\ninstructions: space\nconsent: n\n");
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        Assert.Equal("declined", Manifest(dir, "p03").GetProperty("status").GetString());
        Assert.Equal(["manifest.json"], Directory.GetFileSystemEntries(Path.Combine(dir, "s", "participants", "p03")).Select(Path.GetFileName));
        var again = Study(dir, "p03", "instructions: space\n", "--resume");
        Assert.Equal(3, again.ExitCode);
    }
}
