using System.CommandLine;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Runs;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap simulate`: a computer-computer session, in virtual time by default.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var o = new ScenarioOptions();
        var realtime = new Option<bool>("--realtime") { Description = "Play the session through the speakers in real time, so a person can listen to two machines talking." };
        var cmd = new Command("simulate", "Run a session with a simulated listener (default: 10 minutes, a Helmholtz listener with the well-formed taste, virtual time); write the log, a checkpoint and a summary into a new folder under runs/.");
        o.AddTo(cmd);
        cmd.Options.Add(realtime);
        cmd.SetAction(p => Guard.Run(() =>
        {
            bool rt = p.GetValue(realtime);
            var scenario = o.Build(p, rt ? SessionMode.Realtime : SessionMode.Virtual, "simulate", defaultOutput: rt ? "speakers" : null);
            if (scenario.Listener.Kind == ListenerBuilder.Human)
                throw new UsageException("simulate runs a simulated listener; for a person at the keyboard use `ap play`.");
            var outcome = SessionRunner.Run(scenario, p.GetValue(o.Out), p.GetValue(o.Force), human: false);
            SessionRunner.Print(outcome);
            return SessionRunner.ExitCode(outcome);
        }));
        return cmd;
    }
}

/// <summary>`ap play`: a human session with the keyboard and the speakers.</summary>
public static class PlayCommand
{
    public static Command Create()
    {
        var o = new ScenarioOptions();
        var cmd = new Command("play", "A human session: listen through the speakers and judge with single keys (l/1 like, d/2 dislike, s/0/q/Esc stop). Needs a terminal; --output null:paced or wav:PATH run without a sound card.");
        o.AddTo(cmd);
        cmd.SetAction(p => Guard.Run(() =>
        {
            if (p.GetValue(o.Listener) is not null || p.GetValue(o.Taste) is not null || p.GetValue(o.Habituation) is not null)
                throw new UsageException("play is for a person: --listener, --taste and --habituation belong to `ap simulate`.");
            var scenario = o.Build(p, SessionMode.Realtime, "play", forcedListener: ListenerBuilder.Human, defaultOutput: "speakers");
            if (p.GetValue(o.Duration) is null && p.GetValue(o.Scenario) is null) scenario = scenario with { DurationSeconds = null };
            var outcome = SessionRunner.Run(scenario, p.GetValue(o.Out), p.GetValue(o.Force), human: true);
            SessionRunner.Print(outcome);
            return SessionRunner.ExitCode(outcome);
        }));
        return cmd;
    }
}
