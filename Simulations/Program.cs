using System.CommandLine;
using System.Globalization;
using ActionPerception.Simulations.Commands;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = System.Text.Encoding.UTF8;

var root = new RootCommand("ActionPerception: action-perception loops between a Helmholtz drum machine and its listeners.")
{
    TrainCommand.Create(),
    DistributionCommand.Create(),
    BenchCommand.Create(),
    ReportCommand.Create(),
    SweepCommand.Create(),
};
return root.Parse(args).Invoke();
