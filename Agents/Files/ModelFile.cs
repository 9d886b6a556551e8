using System.Text.Json;
using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.IO;

namespace ActionPerception.Agents.Files;

/// <summary>What a model file holds: the Helmholtz machine, optionally its drum layer, and how long it trained.</summary>
public sealed record GeneratorModel(HelmholtzMachine Machine, DrumLayer? Drums, long TrainedEpochs = 0);

/// <summary>
/// Model files (JSON, schema version 1, documented in docs/file-formats.md so other tools can write them):
/// layer sizes, training settings, Φ and Θ as row lists with the bias as last column, and the drum layer.
/// Loading validates everything before building anything, so a bad file is never half-loaded.
/// </summary>
public static class ModelFile
{
    public const int SchemaVersion = 1;
    public const string Format = "actionperception.model";
    private const string Fix = "see docs/file-formats.md for the model file layout, or write one with `ap train`";

    public sealed class Dto
    {
        public int? SchemaVersion { get; set; }
        public string? Format { get; set; }
        public string? Description { get; set; }
        public int[]? Layers { get; set; }
        public TrainingDto? Training { get; set; }
        public long? TrainedEpochs { get; set; }
        public double[][][]? Recognition { get; set; }
        public double[][][]? Generative { get; set; }
        public DrumsDto? DrumLayer { get; set; }
    }

    public sealed class TrainingDto
    {
        public double? LearningRate { get; set; }
        public bool? TrainableBiases { get; set; }
        public string? Init { get; set; }
        public ActiveSamplingDto? ActiveSampling { get; set; }
    }

    public sealed class ActiveSamplingDto
    {
        public bool? Enabled { get; set; }
        public int? Every { get; set; }
        public double? Base { get; set; }
        public double? Temperature { get; set; }
    }

    public sealed class DrumsDto
    {
        public string[]? Instruments { get; set; }
        public double? LearningRate { get; set; }
        public string? DivisionRounding { get; set; }
        /// <summary>[beat][instrument]</summary>
        public double[][]? Bias { get; set; }
        public double[][]? Dynamic { get; set; }
        public double[][]? Division { get; set; }
    }

    public static GeneratorModel Load(string path) => FromDto(path, JsonFiles.Load<Dto>(path, "model", Fix));

    public static GeneratorModel Parse(string path, string json) => FromDto(path, JsonFiles.Parse<Dto>(path, json, "model", Fix));

    private static GeneratorModel FromDto(string path, Dto dto)
    {
        InputFileException Bad(string where, string problem, string fix = Fix) => new(path, where, problem, fix);

        if (dto.SchemaVersion is null) throw Bad("schemaVersion", "the field 'schemaVersion' is missing", $"add \"schemaVersion\": {SchemaVersion}");
        if (dto.SchemaVersion != SchemaVersion)
            throw Bad("schemaVersion", $"unknown schema version {dto.SchemaVersion}; this program reads version {SchemaVersion}", "write the file with schemaVersion 1 or use a newer ActionPerception");
        if (dto.Format is not null && dto.Format != Format)
            throw Bad("format", $"format is '{dto.Format}', not '{Format}'", $"this is not a model file; set \"format\": \"{Format}\" if it is one");
        if (dto.Layers is null) throw Bad("layers", "the field 'layers' is missing", "add the layer sizes, e.g. [10, 8, 6, 3, 1]");

        var t = dto.Training ?? new TrainingDto();
        var a = t.ActiveSampling ?? new ActiveSamplingDto();
        var defaults = new ActiveSamplingSettings();
        WeightInit init = (t.Init ?? "zero").ToLowerInvariant() switch
        {
            "zero" => WeightInit.Zero,
            "random" => WeightInit.Random,
            _ => throw Bad("training.init", $"init '{t.Init}' is unknown", "use \"zero\" or \"random\""),
        };
        var settings = new MachineSettings
        {
            Layers = dto.Layers,
            Init = init,
            LearningRate = t.LearningRate ?? 0.1,
            TrainableBiases = t.TrainableBiases ?? false,
            ActiveSampling = new ActiveSamplingSettings
            {
                Enabled = a.Enabled ?? defaults.Enabled,
                Every = a.Every ?? defaults.Every,
                Base = a.Base ?? defaults.Base,
                Temperature = a.Temperature ?? defaults.Temperature,
            },
        };
        try { settings.Validate(); }
        catch (ArgumentException e) { throw Bad(e.Message.StartsWith("layers", StringComparison.Ordinal) ? "layers" : "training", e.Message.TrimEnd('.'), Fix); }

        int[] n = dto.Layers;
        int pairs = n.Length - 1;
        CheckStack(dto.Recognition, "recognition", pairs, l => (n[l + 1], n[l] + 1), Bad);
        CheckStack(dto.Generative, "generative", pairs, l => (n[l], n[l + 1] + 1), Bad);

        DrumLayer? drums = null;
        if (dto.DrumLayer is { } d)
            drums = ReadDrums(d, n[0], Bad);

        // Everything is valid: only now build the machine.
        var machine = HelmholtzMachine.Uninitialised(settings);
        for (int l = 0; l < pairs; l++)
        {
            Fill(dto.Recognition![l], machine.Recognition(l));
            Fill(dto.Generative![l], machine.Generative(l));
        }
        if (dto.TrainedEpochs is < 0) throw Bad("trainedEpochs", "trainedEpochs is negative", "use a count ≥ 0 or leave it out");
        return new GeneratorModel(machine, drums, dto.TrainedEpochs ?? 0);
    }

    private static void CheckStack(double[][][]? stack, string name, int pairs, Func<int, (int Rows, int Cols)> shape,
        Func<string, string, string, InputFileException> bad)
    {
        if (stack is null) throw bad(name, $"the field '{name}' is missing", Fix);
        if (stack.Length != pairs)
            throw bad(name, $"{stack.Length} matrices given; {pairs} are needed, one per pair of adjacent layers", Fix);
        for (int l = 0; l < pairs; l++)
        {
            var (rows, cols) = shape(l);
            var m = stack[l];
            if (m is null || m.Length != rows)
                throw bad($"{name}[{l}]", $"{m?.Length ?? 0} rows; {rows} are needed for these layer sizes", Fix);
            for (int r = 0; r < rows; r++)
            {
                if (m[r] is null || m[r].Length != cols)
                    throw bad($"{name}[{l}][{r}]", $"{m[r]?.Length ?? 0} columns; {cols} are needed (weights, then the bias as last column)", Fix);
                for (int c = 0; c < cols; c++)
                    if (!(Math.Abs(m[r][c]) <= Limits.MaxWeight))
                        throw bad($"{name}[{l}][{r}][{c}]", $"the weight is {m[r][c]}", $"every weight must be a finite number of magnitude at most {Limits.MaxWeight:0e0} (a larger one means training diverged); retrain with a lower learning rate or restore the model");
            }
        }
    }

    private static void Fill(double[][] rows, WeightMatrix into)
    {
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < rows[r].Length; c++)
                into[r, c] = rows[r][c];
    }

    private static DrumLayer ReadDrums(DrumsDto d, int beats, Func<string, string, string, InputFileException> bad)
    {
        if (d.Instruments is null || d.Instruments.Length == 0)
            throw bad("drumLayer.instruments", "no instruments are named", "list the instrument names in kit order");
        int m = d.Instruments.Length;
        for (int i = 0; i < m; i++)
        {
            string? name = d.Instruments[i];
            if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || name.Any(char.IsControl))
                throw bad($"drumLayer.instruments[{i}]", $"'{name}' is not an instrument name", "use the kit's instrument names, e.g. kick, snare, clap, closed-hihat, open-hihat, bass");
            if (Array.IndexOf(d.Instruments, name) < i)
                throw bad($"drumLayer.instruments[{i}]", $"'{name}' is named twice", "name each instrument of the kit once");
        }
        double lr = d.LearningRate ?? 0.1;
        if (!(lr >= 0 && lr <= Limits.MaxDrumLearningRate)) throw bad("drumLayer.learningRate", $"learningRate is {lr}", $"use a number from 0 to {Limits.MaxDrumLearningRate} (default 0.1)");
        bool round = (d.DivisionRounding ?? "floor") switch
        {
            "floor" => false,
            "round" => true,
            var x => throw bad("drumLayer.divisionRounding", $"'{x}' is unknown", "use \"floor\" (the original) or \"round\""),
        };
        double[] Read(double[][]? mat, string name, double lo, double hi)
        {
            if (mat is null || mat.Length != beats)
                throw bad($"drumLayer.{name}", $"{mat?.Length ?? 0} rows; one per beat ({beats}) is needed", Fix);
            var flat = new double[beats * m];
            for (int k = 0; k < beats; k++)
            {
                if (mat[k] is null || mat[k].Length != m)
                    throw bad($"drumLayer.{name}[{k}]", $"{mat[k]?.Length ?? 0} values; one per instrument ({m}) is needed", Fix);
                for (int i = 0; i < m; i++)
                {
                    double v = mat[k][i];
                    if (!double.IsFinite(v) || v < lo || v > hi)
                        throw bad($"drumLayer.{name}[{k}][{i}]", $"the value is {v}", $"use a finite number in [{lo}, {hi}]");
                    flat[k * m + i] = v;
                }
            }
            return flat;
        }
        var bias = Read(d.Bias, "bias", -Limits.MaxWeight, Limits.MaxWeight);
        var dyn = Read(d.Dynamic, "dynamic", 0, 1);
        var div = Read(d.Division, "division", 1, 4);
        return new DrumLayer(beats, d.Instruments, bias, dyn, div, lr, round);
    }

    public static Dto ToDto(GeneratorModel model, string? description = null)
    {
        var m = model.Machine;
        var n = m.Layers;
        var s = m.Settings;
        double[][] Rows(double[] w, int rows, int cols) =>
            Enumerable.Range(0, rows).Select(r => w.AsSpan(r * cols, cols).ToArray()).ToArray();
        double[][] Matrix(WeightMatrix w) => Enumerable.Range(0, w.Rows).Select(w.Row).ToArray();
        var dto = new Dto
        {
            SchemaVersion = SchemaVersion,
            Format = Format,
            Description = description,
            Layers = n.ToArray(),
            TrainedEpochs = model.TrainedEpochs,
            Training = new TrainingDto
            {
                LearningRate = s.LearningRate,
                TrainableBiases = s.TrainableBiases,
                Init = s.Init == WeightInit.Zero ? "zero" : "random",
                ActiveSampling = new ActiveSamplingDto
                {
                    Enabled = s.ActiveSampling.Enabled,
                    Every = s.ActiveSampling.Every,
                    Base = s.ActiveSampling.Base,
                    Temperature = s.ActiveSampling.Temperature,
                },
            },
            Recognition = Enumerable.Range(0, n.Count - 1).Select(l => Matrix(m.Recognition(l))).ToArray(),
            Generative = Enumerable.Range(0, n.Count - 1).Select(l => Matrix(m.Generative(l))).ToArray(),
        };
        if (model.Drums is { } d)
        {
            dto.DrumLayer = new DrumsDto
            {
                Instruments = d.InstrumentNames.ToArray(),
                LearningRate = d.LearningRate,
                DivisionRounding = d.RoundDivision ? "round" : "floor",
                Bias = Rows(d.Bias, d.Beats, d.Instruments),
                Dynamic = Rows(d.Dynamic, d.Beats, d.Instruments),
                Division = Rows(d.Division, d.Beats, d.Instruments),
            };
        }
        return dto;
    }

    public static string Serialize(GeneratorModel model, string? description = null) =>
        JsonSerializer.Serialize(ToDto(model, description), JsonFiles.Write);

    public static void Save(string path, GeneratorModel model, bool overwrite, string? description = null)
    {
        // The load's own check (weights finite and within Limits.MaxWeight), so that a saved model always reloads.
        if (model.Machine.FirstUnhealthyWeight() is var (where, value))
            throw new InvalidOperationException(double.IsFinite(value)
                ? $"The model's weight {where} is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}, beyond the {Limits.MaxWeight:0e0} a model file may hold (training diverged); it was not saved. Lower the learning rate."
                : "The model has non-finite weights (training diverged); it was not saved. Lower the learning rate.");
        SafeFile.WriteAllTextAtomically(path, Serialize(model, description), overwrite);
    }
}
