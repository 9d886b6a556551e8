using System.CommandLine;
using System.Globalization;
using ActionPerception.Simulations.Commands;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = System.Text.Encoding.UTF8;

var root = new RootCommand("ActionPerception: action-perception loops between a Helmholtz drum machine and its listeners.")
{
    SimulateCommand.Create(),
    PlayCommand.Create(),
    ResumeCommand.Create(),
    TrainCommand.Create(),
    DistributionCommand.Create(),
    RenderCommand.Create(),
    BenchCommand.Create(),
};
return root.Parse(args).Invoke();
