using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ActionPerception.Tests.Simulations;

/// <summary>
/// The cluster recipes in docs/examples/slurm and docs/examples/kubernetes, run here as the cluster would run them:
/// the sbatch script once per array task and the Indexed Job's pod command once per index, each with the environment
/// the scheduler gives it, then their merge. The commands are read from the files, so the recipes cannot drift from
/// what is tested. The merged sweep must equal a local run byte for byte. The recipes are shell scripts for Linux
/// clusters, so the tests run them with bash and /bin/sh, as CI does.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SweepClusterRecipeTests
{
    private const int Shards = 3;

    private const string Sweep = """
        {
          "schemaVersion": 1,
          "name": "recipe-sweep",
          "scenario": { "durationSeconds": 30, "audio": { "bpm": 300 }, "listener": { "kind": "random" } },
          "grid": { "listener.random.likeProbability": [0.2, 0.6] },
          "seeds": [1, 2]
        }
        """;

    private static string Examples(string sub)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string p = Path.Combine(d.FullName, "docs", "examples", sub);
            if (Directory.Exists(p)) return p;
        }
        throw new DirectoryNotFoundException($"docs/examples/{sub} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>A folder with the sweep file, a local run of it, and an `ap` executable as the recipes call it.</summary>
    private static (string Dir, string SweepFile, string Ap) Setup()
    {
        string dir = Fixtures.TempDir();
        string sweep = Path.Combine(dir, "recipe.sweep.json");
        File.WriteAllText(sweep, Sweep);
        // The recipes call a published `ap`; here the built ap.dll stands in for it.
        string ap = Path.Combine(dir, "ap");
        File.WriteAllText(ap, $"#!/bin/sh\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "ap.dll")}\" \"$@\"\n");
        File.SetUnixFileMode(ap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var local = Ap.Run(dir, "sweep", "run", sweep, "--out", "local", "-j", "1");
        Assert.True(local.ExitCode == 0, local.Err);
        return (dir, sweep, ap);
    }

    private static Ap.Result Shell(string workDir, string program, IEnumerable<string> args, IReadOnlyDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within 5 minutes");
        }
        return new Ap.Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    private static void AssertSameSweep(string expected, string actual)
    {
        foreach (string f in new[] { "summary.json", "summary.csv", "sweep.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(expected, f)), File.ReadAllBytes(Path.Combine(actual, f)));
        foreach (string run in Directory.GetDirectories(Path.Combine(expected, "runs")))
            foreach (string f in Directory.GetFiles(run))
                Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(actual, "runs", Path.GetFileName(run), Path.GetFileName(f))));
    }

    [Fact]
    public void The_Slurm_array_script_and_its_merge_give_the_local_result_and_resume_resubmits_only_missing_shards()
    {
        var (dir, sweep, ap) = Setup();
        string slurm = Examples("slurm");
        string sbatch = File.ReadAllText(Path.Combine(slurm, "sweep.sbatch"));
        Assert.Contains("#SBATCH --requeue", sbatch);
        Assert.Contains("#SBATCH --open-mode=append", sbatch);
        // The folder outlives the job: a resubmission has a new job id and must write to the same place.
        Assert.DoesNotContain(sbatch.Split('\n').Where(l => !l.TrimStart().StartsWith('#')), l => l.Contains("SLURM_ARRAY_JOB_ID", StringComparison.Ordinal));
        Assert.Contains("--parallel \"${SLURM_CPUS_PER_TASK", sbatch);

        string outDir = Path.Combine(dir, "cluster");
        var env = new Dictionary<string, string> { ["SWEEP"] = sweep, ["OUT"] = outDir, ["SHARDS"] = $"{Shards}", ["AP"] = ap, ["SLURM_CPUS_PER_TASK"] = "1" };
        // Slurm gives every array task its index; the shard count stays the sweep's own.
        for (int i = 0; i < Shards; i++)
        {
            var task = Shell(dir, "bash", [Path.Combine(slurm, "sweep.sbatch")], new Dictionary<string, string>(env) { ["SLURM_ARRAY_TASK_ID"] = $"{i}", ["SLURM_ARRAY_TASK_COUNT"] = "1" });
            Assert.True(task.ExitCode == 0, task.Err + task.Out);
            Assert.Contains($"shard {i}/{Shards}", task.Out);
        }
        var merge = Shell(dir, "bash", [Path.Combine(slurm, "merge.sbatch")], env);
        Assert.True(merge.ExitCode == 0, merge.Err + merge.Out);
        AssertSameSweep(Path.Combine(dir, "local"), Path.Combine(outDir, "merged"));
        Assert.True(File.Exists(Path.Combine(outDir, "merged", "sweep-report.html")));

        // A shard that did not finish: resume.sh resubmits it alone into the same folder, with a merge after it.
        // sbatch, sinfo and squeue are stand-ins that record what they were asked (a node of 2 CPUs, nothing queued).
        string bin = Path.Combine(dir, "fake-slurm");
        Directory.CreateDirectory(bin);
        string calls = Path.Combine(dir, "sbatch-calls.txt");
        void Fake(string name, string body)
        {
            string p = Path.Combine(bin, name);
            File.WriteAllText(p, "#!/bin/sh\n" + body + "\n");
            File.SetUnixFileMode(p, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Fake("sbatch", $"echo \"$* OUT=$OUT SHARDS=$SHARDS\" >> '{calls}'; echo 4242");
        Fake("sinfo", "echo 2");
        Fake("squeue", "true");
        File.Delete(Path.Combine(outDir, "shard-1", "summary.json"));
        var fakeEnv = new Dictionary<string, string>(env) { ["PATH"] = bin + ":" + System.Environment.GetEnvironmentVariable("PATH"), ["CPUS"] = "2", ["USER"] = "test" };
        var resume = Shell(dir, "bash", [Path.Combine(slurm, "resume.sh")], fakeEnv);
        Assert.True(resume.ExitCode == 0, resume.Err + resume.Out);
        var submitted = File.ReadAllLines(calls);
        Assert.Equal(2, submitted.Length);
        Assert.Contains("--array=1 ", submitted[0]);
        Assert.Contains("--cpus-per-task=2 ", submitted[0]);
        Assert.EndsWith($"sweep.sbatch OUT={outDir} SHARDS={Shards}", submitted[0]);
        Assert.Contains("--dependency=afterany:4242 ", submitted[1]);
        Assert.EndsWith($"merge.sbatch OUT={outDir} SHARDS={Shards}", submitted[1]);

        // The resubmitted task keeps the runs that had finished and says so.
        var again = Shell(dir, "bash", [Path.Combine(slurm, "sweep.sbatch")], new Dictionary<string, string>(env) { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "1" });
        Assert.True(again.ExitCode == 0, again.Err + again.Out);
        Assert.Contains("kept (finished before)", again.Out);
        Assert.Contains("(1 kept from before, 0 run now)", again.Out);

        // More CPUs than the largest node has would pend forever: refused at submission, naming the fix.
        var tooBig = Shell(dir, "bash", [Path.Combine(slurm, "submit.sh")], new Dictionary<string, string>(fakeEnv) { ["CPUS"] = "16" });
        Assert.Equal(1, tooBig.ExitCode);
        Assert.Contains("Fix: CPUS=2", tooBig.Err);
        Assert.Equal(2, File.ReadAllLines(calls).Length);
    }

    /// <summary>A Job manifest with submit.sh's variables filled in; any other ${…} left would be a variable the test does not know.</summary>
    private static string Render(string file, IReadOnlyDictionary<string, string> vars)
    {
        string text = File.ReadAllText(Path.Combine(Examples("kubernetes"), file));
        foreach (var (k, v) in vars) text = text.Replace("${" + k + "}", v, StringComparison.Ordinal);
        Assert.DoesNotContain("${", text);
        return text;
    }

    /// <summary>
    /// The container's shell command (the one item of <c>args</c> under <c>command: ["/bin/sh", "-c"]</c>) and its
    /// <c>env</c>, read from a rendered Job manifest.
    /// </summary>
    private static (string Command, Dictionary<string, string> Env) PodCommand(string yaml)
    {
        var lines = yaml.Split('\n');
        int commandAt = Array.FindIndex(lines, l => l.Trim() == "command: [\"/bin/sh\", \"-c\"]");
        Assert.True(commandAt >= 0, "the container runs its command through /bin/sh -c");
        int argsAt = Array.FindIndex(lines, commandAt, l => l.Trim() == "args:");
        int itemAt = Array.FindIndex(lines, argsAt + 1, l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal));
        string command = lines[itemAt].TrimStart()[2..].Trim();
        var env = new Dictionary<string, string>();
        int envAt = Array.FindIndex(lines, commandAt, l => l.Trim() == "env:");
        int indent = lines[envAt].Length - lines[envAt].TrimStart().Length;
        for (int i = envAt + 1; i + 1 < lines.Length && lines[i].Length - lines[i].TrimStart().Length > indent; i += 2)
        {
            var name = Regex.Match(lines[i], @"^\s*- name: (\S+)\s*$");
            var value = Regex.Match(lines[i + 1], @"^\s*value: ""?([^""]*)""?\s*$");
            Assert.True(name.Success && value.Success, $"env entries are name/value pairs: {lines[i]} / {lines[i + 1]}");
            env[name.Groups[1].Value] = value.Groups[1].Value;
        }
        return (command, env);
    }

    [Fact]
    public void The_Kubernetes_Indexed_Job_pod_command_and_the_merge_Job_give_the_local_result()
    {
        var (dir, sweep, ap) = Setup();
        var vars = new Dictionary<string, string> { ["NAME"] = "recipe", ["SHARDS"] = $"{Shards}", ["CPUS"] = "1", ["IMAGE"] = "ap:test" };
        string job = Render("sweep-job.yaml", vars);
        Assert.Contains($"completions: {Shards}", job);
        Assert.Contains("backoffLimitPerIndex:", job);
        Assert.Contains("completionMode: Indexed", job);
        Assert.Contains("claimName: ap-sweeps", job);
        var (command, env) = PodCommand(job);
        // exec makes ap PID 1, so an eviction's SIGTERM reaches it rather than a shell that ignores it.
        Assert.StartsWith("exec ", command);
        Assert.Equal($"{Shards}", env["SHARDS"]);

        // The pod's paths (/app, /config, /data) become local ones; every other variable is the manifest's.
        string outDir = Path.Combine(dir, "volume", "recipe");
        Assert.Equal("/data/recipe", env["OUT"]);
        var local = new Dictionary<string, string>(env) { ["AP"] = ap, ["SWEEP"] = sweep, ["OUT"] = outDir };
        Assert.Equal(env.Keys.Order(), local.Keys.Order());
        for (int i = 0; i < Shards; i++)
        {
            var pod = Shell(dir, "/bin/sh", ["-c", command], new Dictionary<string, string>(local) { ["JOB_COMPLETION_INDEX"] = $"{i}" });
            Assert.True(pod.ExitCode == 0, pod.Err + pod.Out);
            Assert.Contains($"shard {i}/{Shards}", pod.Out);
        }

        var (mergeCommand, mergeEnv) = PodCommand(Render("merge-job.yaml", vars));
        var merge = Shell(dir, "/bin/sh", ["-c", mergeCommand], new Dictionary<string, string>(mergeEnv) { ["AP"] = ap, ["OUT"] = outDir });
        Assert.True(merge.ExitCode == 0, merge.Err + merge.Out);
        AssertSameSweep(Path.Combine(dir, "local"), Path.Combine(outDir, "merged"));

        var (reportCommand, reportEnv) = PodCommand(Render("report-job.yaml", vars));
        Assert.StartsWith("exec ", reportCommand);
        var report = Shell(dir, "/bin/sh", ["-c", reportCommand], new Dictionary<string, string>(reportEnv) { ["AP"] = ap, ["OUT"] = outDir });
        Assert.True(report.ExitCode == 0, report.Err + report.Out);
        Assert.True(File.Exists(Path.Combine(outDir, "merged", "sweep-report.html")));

        // A shard that never ran: the merge Job is refused and names what is missing.
        Directory.Delete(Path.Combine(outDir, "merged"), recursive: true);
        Directory.Delete(Path.Combine(outDir, "shard-2"), recursive: true);
        var partial = Shell(dir, "/bin/sh", ["-c", mergeCommand], new Dictionary<string, string>(mergeEnv) { ["AP"] = ap, ["OUT"] = outDir });
        Assert.Equal(2, partial.ExitCode);
        Assert.Contains("shard-2", partial.Err);
    }

    [Fact]
    public void The_image_is_self_contained_and_every_Job_uses_it_through_exec()
    {
        string k8s = Examples("kubernetes");
        string docker = File.ReadAllText(Path.Combine(k8s, "Dockerfile"));
        Assert.Matches(@"dotnet publish Simulations -c Release -r linux-x64 --self-contained -o /app", docker);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/runtime-deps:10.0", docker);
        string publish = File.ReadAllText(Path.Combine(Examples("slurm"), "publish.sh"));
        Assert.Contains("-r linux-x64 --self-contained", publish);
        var sb = new StringBuilder();
        foreach (string f in new[] { "sweep-job.yaml", "merge-job.yaml", "report-job.yaml" })
        {
            string yaml = Render(f, new Dictionary<string, string> { ["NAME"] = "n", ["SHARDS"] = "2", ["CPUS"] = "1", ["IMAGE"] = "i" });
            Assert.Contains("image: i", yaml);
            Assert.Contains("exec \"$AP\"", PodCommand(yaml).Command);
            sb.Append(yaml);
        }
        Assert.DoesNotContain("backoffLimit: 2\n", sb.ToString());
    }
}
