using System.CommandLine;
using System.Globalization;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Reports;
using ActionPerception.Simulations.Sweeps;
using Spectre.Console;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap sweep run|merge|report`: a grid of scenarios and seeds in virtual time on all cores, shardable over machines.</summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var cmd = new Command("sweep", "Run a grid of scenario settings × seeds in virtual time (run), combine shards (merge), report mean curves (report), test convergence against a baseline (convergence).")
        {
            RunCommand(), MergeCommand(), ReportCommand(), ConvergenceCommand(),
        };
        return cmd;
    }

    private static Command RunCommand()
    {
        var file = new Argument<string>("sweep-file") { Description = "The sweep file (JSON): base scenario, grid of dotted paths, seeds. See docs/sweeps.md." };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (must be new or empty). Default: runs/sweep-NNN." };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of N (i/N, 0-based): every N-th run starting at run i, in the sweep's stable order." };
        var parallel = CommonOptions.Int("--parallel", "Runs at once. Default: every core.", System.Environment.ProcessorCount, 1, "-j");
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate the sweep and list its runs without running them." };
        var resume = new Option<bool>("--resume") { Description = "Finish an interrupted sweep (or shard) in its --out folder: complete runs (a finishing stop event and the summary in the log, a readable summary.json) are kept and say so, the others run again from their seeds." };
        var cmd = new Command("run", "Run a sweep (or one shard of it): one run folder per run and a summary table (CSV and JSON).")
        {
            file, output, shard, parallel, dryRun, resume,
        };
        cmd.SetAction(p => Guard.Run(() =>
        {
            // Ctrl+C and SIGTERM (a cluster's time limit or eviction) stop the runs cleanly: each log closes with a stop
            // event, and `--resume` finishes the sweep later in the same folder. A second signal quits at once.
            using var stop = StopSignals.Cooperate();
            try
            {
                return Run(p.GetValue(file)!, p.GetValue(output), p.GetValue(shard), p.GetValue(parallel), p.GetValue(dryRun), p.GetValue(resume), stop.Token);
            }
            catch (OperationCanceledException) when (stop.ExitCode is int code)
            {
                Console.Error.WriteLine($"ap: sweep {StopSignals.Describe(code)}; finished runs are kept. Continue with the same command and --resume.");
                return code;
            }
        }));
        return cmd;
    }

    private static int Run(string file, string? output, string? shardText, int parallel, bool dryRun, bool resume, CancellationToken ct)
    {
        (int Index, int Count)? shard = shardText is null ? null : SweepPlan.ParseShard(shardText);
        if (resume && output is not null && File.Exists(Path.Combine(output, SweepRunner.ShardFile)))
        {
            var held = System.Text.Json.Nodes.JsonNode.Parse(ActionPerception.IO.InputFiles.ReadAllText(Path.Combine(output, SweepRunner.ShardFile), "shard"));
            string heldShard = $"{held?["shard"]}/{held?["of"]}";
            if (shard is null)
                throw new UsageException($"{output}: the folder holds shard {heldShard} of a sweep; resuming it without --shard would run the whole grid into it. Fix: add --shard {heldShard}.");
            if (heldShard != $"{shard.Value.Index}/{shard.Value.Count}")
                throw new UsageException($"{output}: the folder holds shard {heldShard}, not {shard.Value.Index}/{shard.Value.Count}. Fix: pass --shard {heldShard}, or the folder of shard {shard.Value.Index}/{shard.Value.Count}.");
        }
        var plan = SweepPlan.Load(file, ct);
        var runs = shard is { } s ? plan.Shard(s.Index, s.Count) : plan.Runs;
        string what = shard is { } sh ? $"shard {sh.Index}/{sh.Count}: {runs.Count} of {plan.Runs.Count} runs" : $"{runs.Count} runs";
        if (dryRun)
        {
            Console.WriteLine($"sweep {plan.Name}: {what}, all scenarios valid");
            foreach (var r in runs) Console.WriteLine($"  {r.Id}  {r.Point}, seed {r.Seed}");
            return ExitCodes.Ok;
        }
        if (resume && output is null) throw new UsageException("--resume needs the --out folder of the interrupted sweep.");
        string outDir = output ?? RunFolder.Create(null, "sweep", false);
        // One process per sweep folder: a second run or --resume beside a running sweep is refused (exit 3, naming its pid).
        // A stale lock is a killed sweep's, which --resume is there to finish.
        Directory.CreateDirectory(outDir);
        RunFolder.Lock(outDir, force: resume, takeOver: "--resume");
        Console.WriteLine($"sweep {plan.Name}: {what} on {parallel} core{(parallel == 1 ? "" : "s")} into {outDir}");
        IReadOnlyList<SweepRow> rows;
        int kept = 0;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            rows = [];
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("sweep", maxValue: runs.Count);
                    rows = SweepRunner.Run(plan, runs, outDir, shard, parallel, (row, done, total, wasKept) =>
                    {
                        int k = wasKept ? Interlocked.Increment(ref kept) : Volatile.Read(ref kept);
                        task.Description = k > 0 ? $"{done}/{total} runs ({k} kept)" : $"{done}/{total} runs";
                        task.Increment(1);
                    }, ct, resume);
                });
        }
        else
        {
            // Piped output (CI, cluster logs): Spectre's progress prints nothing there, so one plain line per run.
            // A run finished before a resume says "kept", so a log shows what this attempt redid and what it did not.
            var gate = new object();
            rows = SweepRunner.Run(plan, runs, outDir, shard, parallel, (row, done, total, wasKept) =>
            {
                if (wasKept) Interlocked.Increment(ref kept);
                lock (gate)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[{done}/{total}] {row.Id} ({row.Point}, seed {row.Seed}): {(wasKept ? "kept (finished before); " : "")}{row.Likes} likes, {row.Dislikes} dislikes, final KL {Analysis.SessionAnalysis.Format(row.FinalKlDataGen)}"));
            }, ct, resume);
        }
        string keptText = resume ? $" ({kept} kept from before, {rows.Count - kept} run now)" : "";
        Console.WriteLine($"wrote {rows.Count} run folders{keptText} and {Path.Combine(outDir, SweepRunner.SummaryCsv)}, {Path.Combine(outDir, SweepRunner.SummaryJson)}");
        if (shard is not null) Console.WriteLine("combine the shards with: ap sweep merge SHARD_FOLDER... --out FOLDER");
        return ExitCodes.Ok;
    }

    private static Command MergeCommand()
    {
        var shards = new Argument<string[]>("shard-folders") { Description = "The --out folders of every shard of one sweep.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "The merged sweep folder (must be new or empty).", Required = true };
        var cmd = new Command("merge", "Combine the shard folders of one sweep into one folder with the same summary as an unsharded run; refuses missing, duplicated, foreign or incomplete runs, naming them.")
        {
            shards, output,
        };
        cmd.SetAction(p => Guard.Run(() =>
        {
            // Two merges into one folder would interleave their copies: the folder is claimed first (new or empty, locked;
            // removed again if the merge fails before writing), as sweep run claims its own.
            string outDir = RunFolder.Claim(p.GetValue(output)!, "merge", force: false, out _);
            var rows = SweepRunner.Merge(p.GetValue(shards)!, outDir);
            Console.WriteLine($"merged {rows.Count} runs into {p.GetValue(output)}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command ReportCommand()
    {
        var dir = new Argument<string>("sweep-folder") { Description = "A sweep folder (after run, or merge)." };
        var output = new Option<string?>("--out", "-o") { Description = "The HTML file. Default: sweep-report.html in the sweep folder." };
        var force = CommonOptions.Force();
        var baseline = new Option<string?>("--baseline") { Description = "Compare every grid point with this one (as the report names it, e.g. listener.kind=none, or its short label, e.g. none) on the convergence measures: difference with 95 % CI, mean ± SD, exact permutation and Welch p-values." };
        var cmd = new Command("report", "Write the sweep report: mean curves over seeds with 95 % confidence bands per grid point; with --baseline, each point against a baseline point.")
        {
            dir, output, force, baseline,
        };
        cmd.SetAction(p => Guard.Run(() =>
        {
            string folder = p.GetValue(dir)!;
            string? basePoint = p.GetValue(baseline);
            if (basePoint is not null)
            {
                // Checked before the (slower) report, so a wrong name fails fast and names the points (grid points need no convergence).
                try { basePoint = SweepReport.FindGroup(SweepRunner.ReadSummary(folder).Rows, basePoint); }
                catch (ArgumentException e) { throw new UsageException(e.Message); }
            }
            string path = SweepReport.Write(folder, p.GetValue(output), p.GetValue(force), basePoint, out var comparisons, w => Console.Error.WriteLine($"ap: warning: {w}"));
            if (comparisons is not null)
                foreach (var line in SweepReport.Describe(comparisons, basePoint!)) Console.WriteLine(line);
            Console.WriteLine($"wrote {path}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command ConvergenceCommand()
    {
        var dir = new Argument<string>("sweep-folder") { Description = "A sweep folder (after run, or merge)." };
        var output = new Option<string?>("--out", "-o") { Description = "The HTML file. Default: convergence.html in the sweep folder." };
        var force = CommonOptions.Force();
        var baseline = new Option<string?>("--baseline") { Description = "Compare every grid point with this one (as the report names it, e.g. listener.kind=none, or its short label, e.g. none): difference with 95 % CI, exact permutation and Welch p-values." };
        var minutes = new Option<double[]>("--at") { Description = "Session times in minutes at which to give the false-positive rate. Default: 10 60.", AllowMultipleArgumentsPerToken = true };
        var markdown = new Option<bool>("--markdown") { Description = "Also print the convergence table as Markdown (needs --baseline), as in docs/convergence.md." };
        var cmd = new Command("convergence", "Convergence toward the reference across seeds: false-positive trajectories with 95 % bands, time to half chance, coverage, KL(reference‖gen), tests against a baseline.")
        {
            dir, output, force, baseline, minutes, markdown,
        };
        cmd.SetAction(p => Guard.Run(() =>
        {
            string folder = p.GetValue(dir)!;
            double[] atMinutes = p.GetValue(minutes) is { Length: > 0 } m ? m : [10, 60];
            foreach (double x in atMinutes)
                if (!(x > 0 && x <= ActionPerception.Environment.Scenarios.Scenario.MaxDurationSeconds / 60))
                    throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                        $"--at {x}: a session time must be greater than 0 and at most {ActionPerception.Environment.Scenarios.Scenario.MaxDurationSeconds / 60:0.#} minutes. Fix: give minutes into the session, e.g. --at 10 60."));
            double[] times = [.. atMinutes.Select(x => x * 60)];
            var a = Analysis.SweepAnalysis.Load(folder, w => Console.Error.WriteLine($"ap: warning: {w}"));
            string? basePoint = p.GetValue(baseline);
            if (basePoint is not null)
            {
                try { basePoint = a.FindGroup(basePoint); }
                catch (ArgumentException e) { throw new UsageException(e.Message); }
            }
            foreach (var line in a.Describe(times)) Console.WriteLine(line);
            if (basePoint is not null)
            {
                // The same comparisons as the page's table, effect and interval first, so a console shows the verdicts too.
                var tests = a.Labelled(a.ConvergenceComparisons(basePoint, times));
                foreach (var line in SweepReport.Describe(tests, a.LabelOfGroup(basePoint))) Console.WriteLine(line);
            }
            if (p.GetValue(markdown))
            {
                if (basePoint is null) throw new UsageException("--markdown needs --baseline (the table gives p-values against it).");
                Console.WriteLine();
                Console.Write(Analysis.ConvergenceTable.Markdown(a, basePoint, times));
                Console.WriteLine();
                Console.Write(Analysis.ThresholdTable.Markdown(a));
            }
            string path = p.GetValue(output) ?? Path.Combine(folder, "convergence.html");
            if (File.Exists(path) && !p.GetValue(force))
                throw new UsageException($"{path}: the file exists and was left untouched. Fix: choose another --out, or pass --force to replace it.");
            SweepConvergenceFigures.Write(a, path, basePoint, overwrite: true, times);
            Console.WriteLine($"wrote {path}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
