using System.CommandLine;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Runs;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap simulate`: a computer-computer session, in virtual time by default; with --twin, the twin of a human run.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var o = new ScenarioOptions();
        var realtime = new Option<bool>("--realtime") { Description = "Play the session through the speakers in real time, so a person can listen to two machines talking." };
        var twin = new Option<string?>("--twin") { Description = "Replay a human run (an `ap play` run folder) with a machine listener in virtual time: its seed, starting dataset, kit, tempo, heard duration, budget and timing." };
        var counterfactual = new Option<bool>("--counterfactual") { Description = "With --twin: no new loop; the machine listener judges exactly the patterns the person heard, and is compared with the person pattern by pattern." };
        var cmd = new Command("simulate", "Run a session with a simulated listener (default: 10 minutes, a Helmholtz listener with the well-formed taste, virtual time); write the log (session.jsonl), scenario.json, a checkpoint, summary.json and report.html into a new folder under runs/.");
        o.AddTo(cmd);
        cmd.Options.Add(realtime);
        cmd.Options.Add(twin);
        cmd.Options.Add(counterfactual);
        cmd.SetAction(p => Guard.Run(() =>
        {
            bool rt = p.GetValue(realtime);
            if (p.GetValue(twin) is string run) return Twin(p, o, run, rt, p.GetValue(counterfactual));
            if (p.GetValue(counterfactual))
                throw new UsageException("--counterfactual compares a machine listener with a person: give the person's run with --twin RUN.");
            var scenario = o.Build(p, rt ? SessionMode.Realtime : SessionMode.Virtual, "simulate", defaultOutput: rt ? "speakers" : null);
            if (scenario.Listener.Kind == ListenerBuilder.Human)
                throw new UsageException("simulate runs a simulated listener; for a person at the keyboard use `ap play`.");
            var outcome = SessionRunner.Run(scenario, p.GetValue(o.Out), p.GetValue(o.Force), human: false);
            SessionRunner.Print(outcome);
            return SessionRunner.ExitCode(outcome);
        }));
        return cmd;
    }

    private static int Twin(ParseResult p, ScenarioOptions o, string runFolder, bool realtime, bool counterfactual)
    {
        if (realtime) throw new UsageException("--twin replays a human run in virtual time; drop --realtime.");
        // The twin's scenario is the human run's: an option that would change it would make it no twin.
        var changing = new (string Name, bool Given)[]
        {
            ("--scenario", p.GetValue(o.Scenario) is not null), ("--duration", p.GetValue(o.Duration) is not null),
            ("--seed", p.GetValue(o.Seed) is not null), ("--bpm", p.GetValue(o.Bpm) is not null), ("--budget", p.GetValue(o.Budget) is not null),
            ("--dataset", p.GetValue(o.Dataset) is not null), ("--model", p.GetValue(o.Model) is not null), ("--kit", p.GetValue(o.Kit) is not null),
        };
        if (changing.FirstOrDefault(c => c.Given) is { Name: { } name })
            throw new UsageException($"{name} would change the human run's scenario, which --twin replays as it was. Fix: drop {name}; choose the machine listener with --listener, --taste and --habituation.");
        var human = HumanRun.Load(runFolder);
        var start = TwinRun.ScenarioOf(human, w => Console.Error.WriteLine($"ap: warning: {w}"));
        var scenario = o.Build(p, SessionMode.Virtual, start.Name, defaultOutput: "null", start: start);
        if (scenario.Listener.Kind == ListenerBuilder.Human)
            throw new UsageException("--twin needs a machine listener: --listener helmholtz, oracle, template, random or none.");
        if (counterfactual)
        {
            var (folder, written) = TwinRun.WriteCounterfactual(human, scenario, p.GetValue(o.Out), p.GetValue(o.Force));
            TwinRun.Print(written.Twin, folder);
            return ExitCodes.Ok;
        }
        var outcome = SessionRunner.Run(scenario, p.GetValue(o.Out), p.GetValue(o.Force), human: false, twin: new SessionRunner.TwinSetup(human));
        SessionRunner.Print(outcome);
        if (outcome.Twin is { } t) TwinRun.Print(t, outcome.Folder);
        return SessionRunner.ExitCode(outcome);
    }
}
