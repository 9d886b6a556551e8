using System.Text.Json;
using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Environment.Checkpoints;

/// <summary>
/// A session checkpoint: the scenario, the clock and counters, the generator (model and drum layer), the dataset,
/// the random sources' states and the renderer's ringing tail — enough to continue the session with `resume`.
/// Written atomically, so an interrupted write leaves the previous checkpoint intact.
/// </summary>
public sealed class Checkpoint
{
    public const int SchemaVersion = 1;
    public const string FormatName = "actionperception.checkpoint";
    private const string Fix = "resume from a checkpoint written by `ap simulate` or `ap play` (runs/…/checkpoint-*.json)";

    public int? SchemaVersionField { get; init; }
    public required Scenario Scenario { get; init; }
    public required double Time { get; init; }
    public required long NextSerial { get; init; }
    public required int Epoch { get; init; }
    public required long TotalSteps { get; init; }
    public required GeneratorModel Model { get; init; }
    public required PreferenceDataset Dataset { get; init; }
    public required RandomState Train { get; init; }
    public required RandomState Dream { get; init; }
    public required RandomState Render { get; init; }
    public required float[] RendererTail { get; init; }
    /// <summary>
    /// The judgements the taste posterior had observed, in order (pattern × 2 + 1 for a like): a resumed session replays
    /// them, so the posterior (and the predictive niche and epistemic play that read it) continues instead of starting
    /// empty. Empty in checkpoints written before this field existed.
    /// </summary>
    public int[] TasteJudgements { get; init; } = [];

    public static Checkpoint Create(Scenario scenario, double time, long nextSerial, int epoch, long totalSteps, GeneratorModel model,
        PreferenceDataset dataset, RandomState train, RandomState dream, RandomState render, float[] tail, int[]? tasteJudgements = null) => new()
    {
        TasteJudgements = tasteJudgements ?? [],
        Scenario = scenario,
        Time = time,
        NextSerial = nextSerial,
        Epoch = epoch,
        TotalSteps = totalSteps,
        // Copies: the live objects keep training after the checkpoint is taken.
        Model = new GeneratorModel(model.Machine.Clone(), model.Drums?.Clone(), model.TrainedEpochs),
        Dataset = dataset.Clone(),
        Train = train,
        Dream = dream,
        Render = render,
        RendererTail = tail,
    };

    public ResumeState ToResume(string path) => new(path, Time, NextSerial, Epoch, TotalSteps, Train, Dream, Render, RendererTail, TasteJudgements);

    private sealed class Dto
    {
        public int? SchemaVersion { get; set; }
        public string? Format { get; set; }
        public Scenario? Scenario { get; set; }
        public double? Time { get; set; }
        public long? NextSerial { get; set; }
        public int? Epoch { get; set; }
        public long? TotalSteps { get; set; }
        public JsonElement? Model { get; set; }
        public DatasetFile.Dto? Dataset { get; set; }
        public Dictionary<string, ulong[]>? Random { get; set; }
        /// <summary>The ringing tail as little-endian float32, base64, trailing silence trimmed (a JSON list of 110,250 floats was ~1 MB).</summary>
        public string? RendererTail { get; set; }
        public int? RendererTailLength { get; set; }
        public int[]? TasteJudgements { get; set; }
    }

    public void Save(string path)
    {
        var dto = new Dto
        {
            SchemaVersion = SchemaVersion,
            Format = FormatName,
            Scenario = Scenario,
            Time = Time,
            NextSerial = NextSerial,
            Epoch = Epoch,
            TotalSteps = TotalSteps,
            Model = JsonSerializer.SerializeToElement(ModelFile.ToDto(Model), JsonFiles.Write),
            Dataset = DatasetFile.ToDto(Dataset),
            Random = new()
            {
                ["train"] = [Train.S0, Train.S1, Train.S2, Train.S3],
                ["dream"] = [Dream.S0, Dream.S1, Dream.S2, Dream.S3],
                ["render"] = [Render.S0, Render.S1, Render.S2, Render.S3],
            },
            RendererTail = EncodeTail(RendererTail),
            RendererTailLength = RendererTail.Length,
            TasteJudgements = TasteJudgements,
        };
        SafeFile.WriteAllTextAtomically(path, JsonSerializer.Serialize(dto, JsonFiles.Write), overwrite: true);
    }

    private static string EncodeTail(float[] tail)
    {
        int n = tail.Length;
        while (n > 0 && tail[n - 1] == 0) n--;
        var bytes = new byte[n * 4];
        for (int i = 0; i < n; i++) System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), tail[i]);
        return Convert.ToBase64String(bytes);
    }

    private static float[] DecodeTail(string base64, int length)
    {
        var bytes = Convert.FromBase64String(base64);
        if (bytes.Length % 4 != 0 || length < bytes.Length / 4 || length > 1 << 26)
            throw new FormatException($"the tail holds {bytes.Length} bytes for a declared length of {length} samples");
        var tail = new float[length];
        for (int i = 0; i < bytes.Length / 4; i++) tail[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
        return tail;
    }

    public static Checkpoint Load(string path)
    {
        var dto = JsonFiles.Load<Dto>(path, "checkpoint", Fix, InputFiles.MaxCheckpointBytes);
        InputFileException Bad(string where, string problem) => new(path, where, problem, Fix);
        if (dto.SchemaVersion != SchemaVersion) throw Bad("schemaVersion", $"schema version {dto.SchemaVersion?.ToString() ?? "missing"} is not {SchemaVersion}");
        if (dto.Format != FormatName) throw Bad("format", $"this is not a checkpoint (format '{dto.Format}')");
        if (dto.Scenario is null || dto.Time is null || dto.NextSerial is null || dto.Epoch is null || dto.TotalSteps is null
            || dto.Model is null || dto.Dataset?.Counts is null || dto.Random is null || dto.RendererTail is null)
            throw Bad("(top level)", "a field is missing (scenario, time, nextSerial, epoch, totalSteps, model, dataset, random and rendererTail are all needed)");
        if (dto.Time < 0 || dto.NextSerial < 0 || dto.Epoch < 0 || dto.TotalSteps < 0 || !double.IsFinite(dto.Time.Value))
            throw Bad("time/nextSerial/epoch/totalSteps", "a counter is negative or not finite");
        var scenario = dto.Scenario with { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "." };
        try { scenario.Validate(path + " (scenario)"); }
        catch (ScenarioException e) { throw Bad("scenario", e.Message); }
        var model = ModelFile.Parse(path + " (model)", dto.Model.Value.GetRawText());
        if (model.Drums is null) throw Bad("model.drumLayer", "the drum layer is missing");
        PreferenceDataset dataset;
        try { dataset = DatasetFile.FromDto(path + " (dataset)", dto.Dataset, allowEmpty: true); }
        catch (InputFileException e) { throw Bad("dataset", e.Problem); }
        RandomState State(string name)
        {
            if (!dto.Random.TryGetValue(name, out var s) || s.Length != 4 || (s[0] | s[1] | s[2] | s[3]) == 0)
                throw Bad($"random.{name}", "four nonzero words of xoshiro256** state are needed");
            return new RandomState(s[0], s[1], s[2], s[3]);
        }
        float[] tail;
        try { tail = DecodeTail(dto.RendererTail, dto.RendererTailLength ?? -1); }
        catch (FormatException e) { throw Bad("rendererTail", e.Message); }
        if (tail.Any(v => !float.IsFinite(v))) throw Bad("rendererTail", "a sample is not finite");
        int codes = 2 << scenario.Generator.Layers[0];
        var observed = dto.TasteJudgements ?? [];
        for (int i = 0; i < observed.Length; i++)
            if (observed[i] < 0 || observed[i] >= codes)
                throw Bad($"tasteJudgements[{i}]", $"{observed[i]} is not a judgement code (pattern × 2 + 1 for a like, 0..{codes - 1} for {scenario.Generator.Layers[0]} beats)");
        return new Checkpoint
        {
            Scenario = scenario,
            Time = dto.Time.Value,
            NextSerial = dto.NextSerial.Value,
            Epoch = dto.Epoch.Value,
            TotalSteps = dto.TotalSteps.Value,
            Model = model,
            Dataset = dataset,
            Train = State("train"),
            Dream = State("dream"),
            Render = State("render"),
            RendererTail = tail,
            TasteJudgements = observed,
        };
    }
}
