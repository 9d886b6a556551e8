using System.CommandLine;
using System.Text.Json;
using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Simulations.Cli;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap distribution`: a model's exact generative distribution and per-beat marginals as JSON.</summary>
public static class DistributionCommand
{
    public const int SchemaVersion = 1;

    public sealed record Output(
        int SchemaVersion,
        string Format,
        string Model,
        int[] Layers,
        string IndexConvention,
        double[] Patterns,
        double[] BeatMarginals,
        double[][] LayerMarginals,
        double[][] LayerUnitMarginals,
        double EntropyNats,
        string? Dataset,
        double? KlDataGen,
        double? KlGenData);

    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model file (JSON, see docs/file-formats.md).", Required = true };
        var dataset = new Option<string?>("--dataset", "-d") { Description = "Also report KL in both directions against this dataset." };
        var outFile = new Option<string?>("--out", "-o") { Description = "Write the JSON here (refuses to replace a file unless --force); default: standard output." };
        var force = CommonOptions.Force();
        var cmd = new Command("distribution", "Write a model's exact generative distribution over all patterns, per-beat and per-layer marginals as JSON.")
        {
            model, dataset, outFile, force,
        };
        cmd.SetAction(p => Guard.Run(() => Run(p.GetValue(model)!, p.GetValue(dataset), p.GetValue(outFile), p.GetValue(force))));
        return cmd;
    }

    public static Output Compute(string modelPath, GeneratorModel model, string? datasetPath)
    {
        var m = model.Machine;
        var exact = new ExactDistributions(m.Layers);
        exact.ComputeGenerative(m);
        double? klDG = null, klGD = null;
        if (datasetPath is not null)
        {
            var data = DatasetFile.Load(datasetPath);
            if (data.PatternLength != m.VisibleUnits)
                throw new UsageException($"{datasetPath}: the dataset has {data.PatternLength} beats but the model has {m.VisibleUnits}. Fix: give a dataset of the model's pattern length.");
            var dist = new double[data.PatternCount];
            data.Distribution(dist);
            klDG = Divergence.KL(dist, exact.Patterns);
            klGD = Divergence.KL(exact.Patterns, dist);
        }
        int L = m.LayerCount;
        return new Output(SchemaVersion, "actionperception.distribution", modelPath, m.Layers.ToArray(),
            "pattern index: beat 0 is the most significant bit; layer states: unit 0 is the most significant bit",
            exact.Patterns.ToArray(), exact.GenerativeUnitMarginal(0).ToArray(),
            Enumerable.Range(0, L).Select(l => exact.GenerativeMarginal(l).ToArray()).ToArray(),
            Enumerable.Range(0, L).Select(l => exact.GenerativeUnitMarginal(l).ToArray()).ToArray(),
            Divergence.Entropy(exact.Patterns), datasetPath, klDG, klGD);
    }

    private static int Run(string modelPath, string? datasetPath, string? outFile, bool force)
    {
        var output = Compute(modelPath, ModelFile.Load(modelPath), datasetPath);
        string json = JsonSerializer.Serialize(output, JsonFiles.Write);
        if (outFile is null) Console.WriteLine(json);
        else
        {
            SafeFile.WriteAllTextAtomically(outFile, json, force);
            Console.Error.WriteLine($"wrote {outFile}");
        }
        return ExitCodes.Ok;
    }
}
