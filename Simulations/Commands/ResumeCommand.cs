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
        var duration = new Option<double?>("--duration") { Description = "Seconds of audio to continue for (default: the scenario's duration)." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Run folder for the continuation (default: a new folder under runs/)." };
        var force = CommonOptions.Force();
        var cmd = new Command("resume", "Continue a session from a checkpoint: generator, dataset, random sources, epoch and clock carry on.") { checkpoint, duration, outDir, force };
        cmd.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(checkpoint)!;
            var cp = Checkpoint.Load(path);
            var scenario = cp.Scenario;
            if (p.GetValue(duration) is double d) scenario = scenario with { DurationSeconds = d };
            scenario.Validate(path);
            bool human = scenario.Listener.Kind == ListenerBuilder.Human;
            var outcome = SessionRunner.Run(scenario, p.GetValue(outDir), p.GetValue(force), human, cp, Path.GetFullPath(path));
            SessionRunner.Print(outcome);
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
