using System.Text.Json;
using ActionPerception.Environment.Logging;

namespace ActionPerception.Tests.Simulations;

/// <summary>One short oracle session, shared by the `ap taste` tests (each test copies what it changes).</summary>
public sealed class TasteRunFixture
{
    public TasteRunFixture()
    {
        Root = Fixtures.TempDir();
        var r = Ap.Run(Root, "simulate", "--duration", "60", "--bpm", "300", "--listener", "oracle", "--seed", "5", "--out", "run");
        if (r.ExitCode != 0) throw new InvalidOperationException("simulate failed: " + r.Err + r.Out);
        Run = Path.Combine(Root, "run");
    }

    public string Root { get; }
    public string Run { get; }

    /// <summary>A fresh copy of the run's log in a new folder.</summary>
    public string CopyRun()
    {
        string dir = Path.Combine(Fixtures.TempDir(), "run");
        Directory.CreateDirectory(dir);
        File.Copy(Path.Combine(Run, "session.jsonl"), Path.Combine(dir, "session.jsonl"));
        return dir;
    }
}

public class TastePosteriorCommandTests(TasteRunFixture run) : IClassFixture<TasteRunFixture>
{
    [Fact]
    public void Taste_writes_the_posterior_of_the_runs_applied_judgements()
    {
        string dir = run.CopyRun();
        var r = Ap.Run(Path.GetDirectoryName(dir)!, "taste", "run", "--top", "3");
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        Assert.Contains("beat 0 on: ", r.Out);
        Assert.Contains("wrote ", r.Out);

        var log = RawLog.Read(Path.Combine(dir, "session.jsonl"));
        var applied = log.OfType("judgement").Where(e => e.GetProperty("status").GetString() == "applied"
            && e.GetProperty("kind").GetString() is "like" or "dislike").ToList();
        int likes = applied.Count(e => e.GetProperty("kind").GetString() == "like");
        Assert.NotEmpty(applied);

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "taste.json")));
        var root = doc.RootElement;
        Assert.Equal("actionperception.taste", root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(10, root.GetProperty("beats").GetInt32());
        Assert.Equal(applied.Count, root.GetProperty("summary").GetProperty("judgements").GetInt32());
        Assert.Equal(likes, root.GetProperty("summary").GetProperty("likes").GetInt32());
        Assert.Equal(1024, root.GetProperty("pLike").GetArrayLength());
        Assert.Equal(21, root.GetProperty("weights").GetArrayLength());
        var top = root.GetProperty("top");
        Assert.Equal(3, top.GetArrayLength());
        // The top pattern is the one with the highest P(like) in the full table.
        var p = root.GetProperty("pLike").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(p.Max(), top[0].GetProperty("pLike").GetDouble());
        Assert.Equal(p[top[0].GetProperty("pattern").GetInt32()], top[0].GetProperty("pLike").GetDouble());
        for (int i = 0; i < p.Length; i++)
            Assert.InRange(p[i], 0, 1);
    }

    [Fact]
    public void Taste_never_replaces_a_file_without_force()
    {
        string dir = run.CopyRun();
        string parent = Path.GetDirectoryName(dir)!;
        File.WriteAllText(Path.Combine(dir, "taste.json"), "precious");
        var refused = Ap.Run(parent, "taste", "run");
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("--force", refused.Err);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(dir, "taste.json")));

        Assert.Equal(0, Ap.Run(parent, "taste", "run", "--out", "elsewhere.json").ExitCode);
        Assert.True(File.Exists(Path.Combine(parent, "elsewhere.json")));
        Assert.Equal(0, Ap.Run(parent, "taste", "run", "--force").ExitCode);
        Assert.StartsWith("{", File.ReadAllText(Path.Combine(dir, "taste.json")));
    }

    [Fact]
    public void A_missing_folder_or_log_gives_exit_code_2_and_one_line_naming_it()
    {
        string root = Fixtures.TempDir();
        var missing = Ap.Run(root, "taste", "no-such-run");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no-such-run", missing.Err);
        Assert.Contains("Fix:", missing.Err);

        Directory.CreateDirectory(Path.Combine(root, "empty"));
        var noLog = Ap.Run(root, "taste", "empty");
        Assert.Equal(2, noLog.ExitCode);
        Assert.Contains("session.jsonl", noLog.Err);
        Assert.DoesNotContain("   at ", noLog.Err);
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "empty")));
    }

    [Fact]
    public void A_damaged_line_is_skipped_with_a_warning_naming_it()
    {
        string dir = run.CopyRun();
        string log = Path.Combine(dir, "session.jsonl");
        var lines = File.ReadAllLines(log).ToList();
        lines.Insert(3, "{\"type\": \"judgement\", \"kind\": \"li");
        File.WriteAllLines(log, lines);
        // The half-written last line of a killed session.
        File.AppendAllText(log, "{\"type\": \"judgement\", \"t\": 1");
        var r = Ap.Run(Path.GetDirectoryName(dir)!, "taste", "run");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("ap: warning:", r.Err);
        Assert.Contains("session.jsonl: line 4 is damaged", r.Err);
        Assert.Contains("1 more line", r.Err);
        Assert.True(File.Exists(Path.Combine(dir, "taste.json")));
    }
}
