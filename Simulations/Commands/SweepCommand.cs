using System.CommandLine;
using System.Globalization;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Sweeps;
using Spectre.Console;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap sweep run|merge|report`: a grid of scenarios and seeds in virtual time on all cores, shardable over machines.</summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var cmd = new Command("sweep", "Run a grid of scenario settings × seeds in virtual time (run), combine shards (merge), report mean curves (report).")
        {
            RunCommand(), MergeCommand(), ReportCommand(),
        };
        return cmd;
    }

    private static Command RunCommand()
    {
        var file = new Argument<string>("sweep-file") { Description = "The sweep file (JSON): base scenario, grid of dotted paths, seeds. See docs/sweeps.md." };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (must be new or empty). Default: runs/sweep-NNN." };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of N (i/N, 0-based): every N-th run starting at run i, in the sweep's stable order." };
        var parallel = new Option<int>("--parallel", "-j") { Description = "Runs at once. Default: every core.", DefaultValueFactory = _ => System.Environment.ProcessorCount };
        parallel.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--parallel must be at least 1."); });
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate the sweep and list its runs without running them." };
        var cmd = new Command("run", "Run a sweep (or one shard of it): one run folder per run and a summary table (CSV and JSON).")
        {
            file, output, shard, parallel, dryRun,
        };
        cmd.SetAction((p, ct) => Task.FromResult(Guard.Run(() => Run(p.GetValue(file)!, p.GetValue(output), p.GetValue(shard), p.GetValue(parallel), p.GetValue(dryRun), ct))));
        return cmd;
    }

    private static int Run(string file, string? output, string? shardText, int parallel, bool dryRun, CancellationToken ct)
    {
        var plan = SweepPlan.Load(file);
        (int Index, int Count)? shard = shardText is null ? null : SweepPlan.ParseShard(shardText);
        var runs = shard is { } s ? plan.Shard(s.Index, s.Count) : plan.Runs;
        string what = shard is { } sh ? $"shard {sh.Index}/{sh.Count}: {runs.Count} of {plan.Runs.Count} runs" : $"{runs.Count} runs";
        if (dryRun)
        {
            Console.WriteLine($"sweep {plan.Name}: {what}, all scenarios valid");
            foreach (var r in runs) Console.WriteLine($"  {r.Id}  {r.Point}, seed {r.Seed}");
            return ExitCodes.Ok;
        }
        string outDir = output ?? RunFolder.Create(null, "sweep", false);
        Console.WriteLine($"sweep {plan.Name}: {what} on {parallel} core{(parallel == 1 ? "" : "s")} into {outDir}");
        IReadOnlyList<SweepRow> rows;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            rows = [];
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("sweep", maxValue: runs.Count);
                    rows = SweepRunner.Run(plan, runs, outDir, shard, parallel, (row, done, total) =>
                    {
                        task.Description = $"{done}/{total} runs";
                        task.Increment(1);
                    }, ct);
                });
        }
        else
        {
            // Piped output (CI, cluster logs): Spectre's progress prints nothing there, so one plain line per run.
            var gate = new object();
            rows = SweepRunner.Run(plan, runs, outDir, shard, parallel, (row, done, total) =>
            {
                lock (gate)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[{done}/{total}] {row.Id} ({row.Point}, seed {row.Seed}): {row.Likes} likes, {row.Dislikes} dislikes, final KL {Analysis.SessionAnalysis.Format(row.FinalKlDataGen)}"));
            }, ct);
        }
        Console.WriteLine($"wrote {rows.Count} run folders and {Path.Combine(outDir, SweepRunner.SummaryCsv)}, {Path.Combine(outDir, SweepRunner.SummaryJson)}");
        if (shard is not null) Console.WriteLine("combine the shards with: ap sweep merge SHARD_FOLDER... --out FOLDER");
        return ExitCodes.Ok;
    }

    private static Command MergeCommand()
    {
        var shards = new Argument<string[]>("shard-folders") { Description = "The --out folders of every shard of one sweep.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "The merged sweep folder (must be new or empty).", Required = true };
        var cmd = new Command("merge", "Combine the shard folders of one sweep into one folder with the same summary as an unsharded run.")
        {
            shards, output,
        };
        cmd.SetAction(p => Guard.Run(() =>
        {
            var rows = SweepRunner.Merge(p.GetValue(shards)!, p.GetValue(output)!);
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
        var cmd = new Command("report", "Write the sweep report: mean curves over seeds with 95 % confidence bands per grid point.")
        {
            dir, output, force,
        };
        cmd.SetAction(p => Guard.Run(() =>
        {
            string path = SweepReport.Write(p.GetValue(dir)!, p.GetValue(output), p.GetValue(force));
            Console.WriteLine($"wrote {path}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
