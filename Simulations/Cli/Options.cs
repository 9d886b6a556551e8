using System.CommandLine;
using System.Globalization;
using ActionPerception.Agents.Files;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Niche;

namespace ActionPerception.Simulations.Cli;

/// <summary>Options shared by several commands, and their parsing into the library's settings.</summary>
public static class CommonOptions
{
    public static Option<string?> Dataset() => new("--dataset", "-d")
    {
        Description = "Dataset file: JSON {schemaVersion, patternLength, counts} or a NumPy .npy array of 2^n counts. Default: the original's start, every 5th pattern once.",
    };

    public static Option<ulong> Seed() => new("--seed", "-s")
    {
        Description = "Seed of every random draw; the same seed gives the same result byte for byte.",
        DefaultValueFactory = _ => 1UL,
        CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)) return v;
            r.AddError($"--seed: '{text}' is not a whole number from 0 to {ulong.MaxValue}.");
            return 1UL;
        },
    };

    public static Option<string> Layers() => new("--layers")
    {
        Description = "Layer sizes from visible to top, comma-separated; the top is the constant unit 1.",
        DefaultValueFactory = _ => "10,8,6,3,1",
    };

    public static Option<bool> Force() => new("--force")
    {
        Description = "Replace existing output files instead of refusing.",
    };

    /// <summary>A whole-number option with a minimum; a bad value gets a one-line message naming the option.</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min, string? alias = null, int max = int.MaxValue)
    {
        var o = alias is null ? new Option<int>(name) : new Option<int>(name, alias);
        o.Description = description;
        o.DefaultValueFactory = _ => defaultValue;
        o.CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)) { r.AddError($"{name}: '{text}' is not a whole number from {min} to {max}."); return defaultValue; }
            if (v < min) { r.AddError($"{name} must be at least {min} (got {v})."); return defaultValue; }
            if (v > max) { r.AddError($"{name} must be at most {max} (got {v})."); return defaultValue; }
            return v;
        };
        return o;
    }

    /// <summary>A number option; a bad value gets a one-line message naming the option, not a .NET type.</summary>
    public static Option<double> Number(string name, string description, double defaultValue)
    {
        var o = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        o.CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return v;
            r.AddError($"{name}: '{text}' is not a number.");
            return defaultValue;
        };
        return o;
    }

    public static int[] ParseLayers(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]))
                throw new UsageException($"--layers: '{parts[i]}' is not a whole number. Fix: give sizes like 10,8,6,3,1.");
        return sizes;
    }

    public static PreferenceDataset LoadDataset(string? path, int beats) =>
        path is null ? PreferenceDataset.Default(beats) : DatasetFile.Load(path);

    public static MachineSettings Machine(int[] layers, string init, double lr, bool trainableBiases, bool activeSampling)
    {
        var s = new MachineSettings
        {
            Layers = layers,
            Init = init switch
            {
                "zero" => WeightInit.Zero,
                "random" => WeightInit.Random,
                _ => throw new UsageException($"--init: '{init}' is unknown. Fix: use zero or random."),
            },
            LearningRate = lr,
            TrainableBiases = trainableBiases,
            ActiveSampling = new ActiveSamplingSettings { Enabled = activeSampling },
        };
        try { s.Validate(); }
        catch (ArgumentException e) { throw new UsageException($"--layers/--lr: {e.Message}"); }
        return s;
    }
}
