using System.CommandLine;
using ActionPerception.Environment.Checkpoints;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Runs;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap resume`: continue a session from a checkpoint, into a new run folder.</summary>
public static class ResumeCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint file written by simulate or play (runs/…/checkpoint-epoch*.json)." };
        var duration = ScenarioOptions.NumberOption("--duration", "Seconds of audio to continue for (default: what remains of the scenario's duration).");
        var outDir = new Option<string?>("--out", "-o") { Description = "Run folder for the continuation (default: a new folder under runs/)." };
        var force = CommonOptions.Force();
        var record = new Option<string?>("--record") { Description = "Also write what is played into this WAV file (relative paths: inside the run folder)." };
        var options = new ScenarioOptions();
        var cmd = new Command("resume", "Continue a session from a checkpoint: generator, dataset, random sources, epoch and clock carry on.") { checkpoint, duration, outDir, record, options.Niche, options.Play, force };
        cmd.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(checkpoint)!;
            var cp = Checkpoint.Load(path);
            if (p.GetValue(outDir) is string o && p.GetValue(force)
                && Path.GetFullPath(Path.TrimEndingDirectorySeparator(o)) == Path.GetDirectoryName(Path.GetFullPath(path)))
                throw new IOException($"{o}: this is the folder of the checkpoint being resumed; --force would delete that checkpoint and the run's log. Nothing was changed. Fix: resume into a new --out folder.");
            var scenario = cp.Scenario;
            if (p.GetValue(duration) is double d) scenario = scenario with { DurationSeconds = d };
            else if (scenario.DurationSeconds is double total)
            {
                double left = total - cp.Time;
                if (left <= 1e-9)
                    throw new UsageException($"{path}: the session had already run its {total} s when this checkpoint was taken. Fix: give --duration SECONDS to continue for.");
                scenario = scenario with { DurationSeconds = left };
            }
            if (p.GetValue(record) is string r) scenario = scenario with { Audio = scenario.Audio with { Record = r } };
            if (p.GetValue(options.Niche) is string niche) scenario = scenario with { Generator = scenario.Generator with { Niche = niche } };
            if (p.GetValue(options.Play) is string play) scenario = scenario with { Generator = scenario.Generator with { Play = play } };
            scenario.Validate(path);
            bool human = scenario.Listener.Kind == ListenerBuilder.Human;
            var outcome = SessionRunner.Run(scenario, p.GetValue(outDir), p.GetValue(force), human, cp, Path.GetFullPath(path));
            SessionRunner.Print(outcome);
            return SessionRunner.ExitCode(outcome);
        }));
        return cmd;
    }
}
