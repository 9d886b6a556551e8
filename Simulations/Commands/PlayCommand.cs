using System.CommandLine;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Runs;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap play`: a human session with the keyboard and the speakers.</summary>
public static class PlayCommand
{
    public static Command Create()
    {
        var o = new ScenarioOptions();
        var repeatKeys = new Option<bool>("--repeat-keys") { Description = "Count every press: by default only the first like and the first dislike of a pattern count, and later presses of the same key are shown and logged as ignored." };
        var cmd = new Command("play", "A human session: listen through the speakers and judge with single keys (l/1 like, d/2 dislike, s/0/q/Esc stop). Needs a terminal; --output null:paced or wav:PATH run without a sound card.");
        var calibration = CalibrationOptions.File();
        o.AddTo(cmd);
        // A person is the listener: these are simulate's, kept only to refuse them with a pointer, not listed in --help.
        foreach (var machineOnly in new Option[] { o.Listener, o.Taste, o.Habituation }) machineOnly.Hidden = true;
        cmd.Options.Add(repeatKeys);
        cmd.Options.Add(calibration);
        cmd.SetAction(p => Guard.Run(() =>
        {
            if (p.GetValue(o.Listener) is not null || p.GetValue(o.Taste) is not null || p.GetValue(o.Habituation) is not null)
                throw new UsageException("play is for a person: --listener, --taste and --habituation belong to `ap simulate`.");
            var scenario = o.Build(p, SessionMode.Realtime, "play", forcedListener: ListenerBuilder.Human, defaultOutput: "speakers");
            if (p.GetValue(o.Duration) is null && p.GetValue(o.Scenario) is null) scenario = scenario with { DurationSeconds = null };
            scenario = CalibrationOptions.Apply(scenario, p.GetValue(calibration), Console.Error);
            var outcome = SessionRunner.Run(scenario, p.GetValue(o.Out), p.GetValue(o.Force), human: true, oneKeyPerPattern: !p.GetValue(repeatKeys));
            SessionRunner.Print(outcome);
            return SessionRunner.ExitCode(outcome);
        }));
        return cmd;
    }
}
