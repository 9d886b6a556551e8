using System.Text.RegularExpressions;

namespace ActionPerception.Tests.Simulations;

/// <summary>
/// Damaged or hostile content inside otherwise good run and sweep folders is survived: the command finishes with its
/// result, names what it skipped in a warning, and prints no stack trace.
/// </summary>
[Collection("in-process ap")]
public sealed class HostileInputTests(HostileInputTests.Runs runs) : IClassFixture<HostileInputTests.Runs>
{
    /// <summary>A judged run and a two-run sweep, made once; each case works on a copy.</summary>
    public sealed class Runs : IDisposable
    {
        public string Dir { get; } = Fixtures.TempDir();

        public Runs()
        {
            Check(ApInProcess.Run(Dir, "simulate", "--listener", "oracle", "--duration", "30", "--out", "judged"));
            File.WriteAllText(Path.Combine(Dir, "sweep.json"), "{\"schemaVersion\":1,\"name\":\"two\",\"scenario\":{\"durationSeconds\":10},\"seeds\":[1,2]}");
            Check(ApInProcess.Run(Dir, "sweep", "run", "sweep.json", "--out", "swept"));
        }

        private static void Check(Ap.Result r)
        {
            if (r.ExitCode != 0) throw new InvalidOperationException(r.Err);
        }

        public void Dispose()
        {
            try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        }
    }

    // (folder to copy, how to damage it, command with {w} for the copy's parent, text the warning or output holds)
    public static TheoryData<string, string, string, string> Cases() => new()
    {
        // A judgement naming a pattern outside 2^n used to crash the report's dataset (PreferenceDataset.Dislike).
        { "judged", "pattern-outside", "report {w}/judged --out {w}/r.html", "wrote" },
        { "judged", "pattern-outside", "taste {w}/judged", "is not one of the 1024 patterns" },
        // A line over 4 MB is skipped without being held whole.
        { "judged", "huge-line", "report {w}/judged --out {w}/r.html", "wrote" },
        { "judged", "huge-line", "taste {w}/judged", "a line of over 4 MB" },
        // The half-written last line of a killed run.
        { "judged", "half-line", "taste {w}/judged", "is damaged" },
        // One garbage run log does not cost the report of the others.
        { "swept", "garbage-run", "sweep report {w}/swept --out {w}/s.html", "run run-0002 left out of the report" },
        { "swept", "garbage-run", "sweep convergence {w}/swept --out {w}/c.html", "run run-0002 left out" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Damaged_content_is_skipped_with_a_warning_and_the_command_finishes(string folder, string damage, string command, string text)
    {
        string work = Fixtures.TempDir();
        try
        {
            Copy(Path.Combine(runs.Dir, folder), Path.Combine(work, folder));
            Damage(Path.Combine(work, folder), damage);
            string[] args = [.. command.Split(' ').Select(a => a.Replace("{w}", work))];
            var r = ApInProcess.Run(work, args);
            Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Err}\n{r.Out}");
            Assert.DoesNotContain("   at ", r.Err);
            Assert.DoesNotContain("Exception", r.Err);
            Assert.Contains(text, r.Err + r.Out);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void A_session_of_a_sweep_failing_on_a_full_disk_is_one_line_with_a_fix_and_exit_3()
    {
        if (OperatingSystem.IsWindows()) return; // errno 28
        // What a sweep's Parallel.For rethrows when a run's log write meets ENOSPC (the summary is not read).
        var summary = (ActionPerception.Environment.Sessions.SessionSummary)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(ActionPerception.Environment.Sessions.SessionSummary));
        var full = new IOException("No space left on device : '/sweep/runs/run-0001/session.jsonl'", 28);
        var err = new StringWriter();
        var old = Console.Error;
        Console.SetError(err);
        int code;
        try { code = ActionPerception.Simulations.Cli.Guard.Run(() => throw new ActionPerception.Environment.Sessions.SessionFailedException(full.Message, full, summary)); }
        finally { Console.SetError(old); }
        Assert.Equal(3, code);
        Assert.Equal("ap: error: No space left on device : '/sweep/runs/run-0001/session.jsonl'. Fix: free space on the disk, or write the runs to another disk.", err.ToString().Trim());
    }

    [Fact]
    public void A_refused_merge_leaves_nothing_behind()
    {
        string work = Fixtures.TempDir();
        try
        {
            Copy(Path.Combine(runs.Dir, "swept"), Path.Combine(work, "swept"));
            Directory.Delete(Path.Combine(work, "swept", "runs", "run-0002"), recursive: true);
            var r = ApInProcess.Run(work, "sweep", "merge", "swept", "--out", "merged");
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("run-0002", r.Err);
            Assert.False(Directory.Exists(Path.Combine(work, "merged")), "the refused merge left its --out folder");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void An_empty_lock_file_is_named_as_such_when_taken_over()
    {
        string work = Fixtures.TempDir();
        try
        {
            // What a run on a full disk left before the lock's creation and its pid were one step.
            Directory.CreateDirectory(Path.Combine(work, "run"));
            File.WriteAllText(Path.Combine(work, "run", ".ap.lock"), "");
            var refused = ApInProcess.Run(work, "simulate", "--duration", "5", "--out", "run");
            Assert.Equal(3, refused.ExitCode);
            var r = ApInProcess.Run(work, "simulate", "--duration", "5", "--out", "run", "--force");
            Assert.True(r.ExitCode == 0, r.Err);
            Assert.Contains("taking over an empty lock file", r.Err);
            Assert.DoesNotContain("process ,", r.Err);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Damage(string folder, string how)
    {
        switch (how)
        {
            case "pattern-outside":
            {
                string log = Path.Combine(folder, "session.jsonl");
                var lines = File.ReadAllLines(log);
                int i = Array.FindIndex(lines, l => l.Contains("\"type\":\"judgement\"", StringComparison.Ordinal) && l.Contains("\"status\":\"applied\"", StringComparison.Ordinal));
                Assert.True(i > 0, "the judged run has an applied judgement");
                lines[i] = Regex.Replace(lines[i], "\"pattern\":\\d+", "\"pattern\":5000");
                File.WriteAllLines(log, lines);
                break;
            }
            case "huge-line":
            {
                string log = Path.Combine(folder, "session.jsonl");
                var lines = File.ReadAllLines(log).ToList();
                lines.Insert(2, "{\"type\":\"judgement\",\"source\":\"" + new string('x', 5 << 20) + "\"}");
                File.WriteAllLines(log, lines);
                break;
            }
            case "half-line":
                File.AppendAllText(Path.Combine(folder, "session.jsonl"), "{\"type\":\"judgement\",\"t\":31.5,\"ki");
                break;
            case "garbage-run":
                File.WriteAllText(Path.Combine(folder, "runs", "run-0002", "session.jsonl"), "garbage\n");
                break;
            default:
                throw new ArgumentException(how);
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        foreach (var d in Directory.GetDirectories(from)) Copy(d, Path.Combine(to, Path.GetFileName(d)));
    }
}
