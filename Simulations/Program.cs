using System.CommandLine;
using System.Globalization;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Commands;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = System.Text.Encoding.UTF8;
// Before anything else: no command may die by Ctrl+C or SIGTERM (130 / 143, every lock released).
StopSignals.Install();

var root = new RootCommand("ActionPerception: action-perception loops between a Helmholtz drum machine and its listeners.")
{
    SimulateCommand.Create(),
    PlayCommand.Create(),
    CalibrateCommand.Create(),
    ResumeCommand.Create(),
    TrainCommand.Create(),
    DistributionCommand.Create(),
    RenderCommand.Create(),
    BenchCommand.Create(),
    ReportCommand.Create(),
    SweepCommand.Create(),
    TasteCommand.Create(),
    ExportCommand.Create(),
    StudyCommand.Create(),
};
var parsed = root.Parse(args);
// A parse error prints its one-line message and a pointer to --help, not the whole help text.
if (parsed.Action is System.CommandLine.Invocation.ParseErrorAction onError) onError.ShowHelp = false;
if (parsed.Errors.Count > 0)
{
    foreach (var e in parsed.Errors) Console.Error.WriteLine($"ap: error: {e.Message}");
    Console.Error.WriteLine($"Run 'ap {string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? [] : new[] { parsed.CommandResult.Command.Name })} --help' for the options.".Replace("ap  --help", "ap --help"));
    return ExitCodes.Usage;
}
// An empty value ('--out ""') names no file; refused here, once, rather than as .NET's "The value cannot be an empty string" later.
if (ActionPerception.Simulations.Cli.EmptyValues.First(parsed) is { } empty)
{
    Console.Error.WriteLine($"ap: error: {empty}: an empty value names nothing. Fix: give a value, or leave the option out.");
    return ActionPerception.Simulations.Cli.ExitCodes.Usage;
}
return parsed.Invoke();
