using System.Text.Json;
using System.Text.Json.Serialization;
using ActionPerception.IO;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Audio;

namespace ActionPerception.Environment.Scenarios;

public enum SessionMode
{
    /// <summary>Stepped by a deterministic scheduler on a virtual clock, as fast as the CPU allows.</summary>
    Virtual,
    /// <summary>The four loops on their own threads against the audio device's clock.</summary>
    Realtime,
}

/// <summary>
/// Every setting of a session, with the original's values as defaults. A scenario file is this record as JSON
/// (camelCase); a missing section or field takes its default. Paths are relative to the scenario file.
/// </summary>
public sealed record Scenario
{
    public const int CurrentSchemaVersion = 1;
    /// <summary>About 11.6 days of audio: frame counts stay far from overflow, and a virtual run of it still ends within the hour.</summary>
    public const double MaxDurationSeconds = 1_000_000;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public string Name { get; init; } = "session";
    public ulong Seed { get; init; } = 1;
    [JsonConverter(typeof(CamelCaseEnum<SessionMode>))]
    public SessionMode Mode { get; init; } = SessionMode.Virtual;
    /// <summary>Session length in seconds of audio; null runs until stopped (real time only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)] // null means "until stopped", not "the default"
    public double? DurationSeconds { get; init; } = 600;
    public GeneratorScenario Generator { get; init; } = new();
    public DatasetScenario Dataset { get; init; } = new();
    public AudioScenario Audio { get; init; } = new();
    public TimingScenario Timing { get; init; } = new();
    public TrainingScenario Training { get; init; } = new();
    public ListenerScenario Listener { get; init; } = new();
    public CheckpointScenario Checkpoints { get; init; } = new();
    public LoggingScenario Logging { get; init; } = new();
    public AnalysisScenario Analysis { get; init; } = new();

    /// <summary>The folder that relative paths in this scenario are relative to (not serialised).</summary>
    [JsonIgnore]
    public string BaseDirectory { get; init; } = ".";

    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));

    [JsonIgnore]
    public RenderSettings RenderSettings => new()
    {
        SampleRate = Audio.SampleRate,
        Bpm = Audio.Bpm,
        Deviation = Audio.Deviation,
        Beats = Generator.Layers[0],
    };

    /// <summary>Throws <see cref="ScenarioException"/> naming the field and the fix.</summary>
    public void Validate(string source = "scenario")
    {
        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        void Bad(string field, string problem, string fix) => throw new ScenarioException(source, field, problem, fix);

        foreach (var (section, value) in new (string, object?)[] { ("generator", Generator), ("dataset", Dataset), ("audio", Audio), ("timing", Timing), ("training", Training), ("listener", Listener), ("checkpoints", Checkpoints), ("logging", Logging), ("analysis", Analysis) })
            if (value is null) Bad(section, "the section is null", "remove it to use the defaults, or give an object");
        if (Generator.Layers is null) Bad("generator.layers", "null", "give the layer sizes, e.g. [10, 8, 6, 3, 1], or remove the field");
        if (Name is null) Bad("name", "null", "give a name or remove the field");
        if (SchemaVersion != CurrentSchemaVersion)
            Bad("schemaVersion", $"unknown schema version {SchemaVersion}", $"use schemaVersion {CurrentSchemaVersion}");
        if (Name.Length > Agents.Limits.MaxNameLength)
            Bad("name", $"the name is {Name.Length} characters long, more than the {Agents.Limits.MaxNameLength} a run folder's name may have", "use a shorter name");
        if (string.IsNullOrWhiteSpace(Name) || Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || Name.Contains('/') || Name is "." or "..")
            Bad("name", $"'{Name}' cannot name a run folder", "use letters, digits, '-' and '_'");
        if (DurationSeconds is double d && (!double.IsFinite(d) || d <= 0 || d > MaxDurationSeconds))
            Bad("durationSeconds", $"{d} s is out of range: a duration must be greater than 0 and at most {MaxDurationSeconds} s", "give seconds of audio, e.g. 600, or null to run until stopped (real time only)");
        if (DurationSeconds is null && Mode == SessionMode.Virtual)
            Bad("durationSeconds", "a virtual session needs a duration", "give seconds of audio, e.g. 600");
        Generator.Validate(Bad);
        Dataset.Validate(Bad);
        Audio.Validate(Bad, Generator.Layers[0]);
        Timing.Validate(Bad, RenderSettingsOrNull());
        Training.Validate(Bad, Mode);
        if (DurationSeconds is double secs && Training.StepsPerSecond is double sps && secs * sps > Agents.Limits.MaxTotalSteps)
            Bad("training.stepsPerSecond", $"{sps} steps per second for {secs} s is {secs * sps:0.#e0} wake-sleep steps, more than the {Agents.Limits.MaxTotalSteps:0e0} one session may take (about a day of one core)", "lower the budget or the duration");
        // A RIFF WAV holds at most 4 GiB of 16-bit mono; past it NAudio fails hours into the run ("enable RF64").
        if (DurationSeconds is double wavSecs && (Audio.Record is not null || Audio.Output.StartsWith("wav:", StringComparison.Ordinal))
            && wavSecs * Audio.SampleRate * sizeof(short) > uint.MaxValue - 1024)
            Bad(Audio.Record is not null ? "audio.record" : "audio.output", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{wavSecs} s at {Audio.SampleRate} Hz is {wavSecs * Audio.SampleRate * sizeof(short) / (1L << 30):0.#} GiB of WAV, more than the 4 GiB a WAV file can hold"),
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"record at most {(uint.MaxValue - 1024L) / (Audio.SampleRate * (long)sizeof(short))} s at this rate, or leave the WAV out"));
        if (string.IsNullOrWhiteSpace(Listener.Kind))
            Bad("listener.kind", "no listener kind is given", "name one, e.g. \"helmholtz\", \"oracle\", \"template\", \"random\", \"none\" or \"human\"");
        if (Listener.Kind == ListenerBuilder.Human && Mode == SessionMode.Virtual)
            Bad("listener.kind", "a human listener needs real time", "set \"mode\": \"realtime\" (ap play does), or choose a simulated listener");
        ListenerBuilder.Settings(this, source);
        if (Generator.Model is { Length: > 4096 } || Dataset.File is { Length: > 4096 } || Audio.Kit is { Length: > 4096 })
            Bad("generator.model/dataset.file/audio.kit", "a path is longer than 4096 characters", "give a shorter path");
        if (Checkpoints.EveryEpochs < 0)
            Bad("checkpoints.everyEpochs", $"{Checkpoints.EveryEpochs} is negative", "use 0 (only at stop) or a positive number of epochs");
        if (Checkpoints.Keep < 0)
            Bad("checkpoints.keep", $"{Checkpoints.Keep} is negative", $"use the number of newest checkpoints to keep (default {CheckpointScenario.DefaultKeep}), or 0 to keep all (the whole trajectory)");
        Analysis.Validate(Bad);
        if (!double.IsFinite(Logging.EpochIntervalSeconds) || Logging.EpochIntervalSeconds < 0 || Logging.EpochIntervalSeconds > 3600)
            Bad("logging.epochIntervalSeconds", $"{Logging.EpochIntervalSeconds}", "use seconds of audio from 0 (every epoch) to 3600 (default 0.1)");
    }

    private RenderSettings? RenderSettingsOrNull()
    {
        try { return RenderSettings; } catch (ArgumentException) { return null; }
    }

    public static Scenario Load(string path)
    {
        var s = JsonFiles.Load<Scenario>(path, "scenario", "see docs/scenarios.md for every field and its default");
        s = s with { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "." };
        s.Validate(path);
        return s;
    }

    public static Scenario Parse(string json, string source = "scenario", string baseDirectory = ".")
    {
        var s = JsonFiles.Parse<Scenario>(source, json, "scenario", "see docs/scenarios.md for every field and its default");
        s = s with { BaseDirectory = baseDirectory };
        s.Validate(source);
        return s;
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonFiles.Write);
}

public sealed record GeneratorScenario
{
    /// <summary>Start from this model file instead of a fresh machine (its layers win over <see cref="Layers"/>).</summary>
    public string? Model { get; init; }
    public int[] Layers { get; init; } = [10, 8, 6, 3, 1];
    public string Init { get; init; } = "zero";
    public double LearningRate { get; init; } = 0.1;
    public bool TrainableBiases { get; init; }
    public bool ActiveSampling { get; init; } = true;
    public int NData { get; init; } = 500;
    public double DrumLearningRate { get; init; } = 0.1;
    public string DivisionRounding { get; init; } = "floor";
    /// <summary>
    /// How an epoch is drawn from the dataset: "rounded" (the original: round(nData·count/total) copies of each
    /// pattern, so a pattern whose share is below 1/(2·nData) gets none) or "multinomial" (nData draws from
    /// count/total with the trainer's random source: exactly nData data, every pattern with a chance).
    /// </summary>
    public string EpochData { get; init; } = RoundedEpochs;

    public const string CountsNiche = Agents.Niche.GeneratorRules.CountsNiche, PosteriorNiche = Agents.Niche.GeneratorRules.PosteriorNiche,
        PredictiveNiche = Agents.Niche.GeneratorRules.PredictiveNiche;

    /// <summary>
    /// How judgements shape what the generator trains on. "counts" (the original): +likeIncrement / −dislikeDecrement on
    /// the judged pattern. "posterior": the same counts, each weighted in every epoch by the taste posterior's
    /// P(like), so that judgements generalise to patterns never judged (off by default; measured in docs/taste-posterior.md).
    /// </summary>
    public string Niche { get; init; } = CountsNiche;

    /// <summary>The predictive niche's target (used when <see cref="Niche"/> is "predictive").</summary>
    public Agents.Niche.PredictiveSettings Predictive { get; init; } = new();

    /// <summary>"dream" (the original: play one dream) or "epistemic" (play the most informative of several dreams).</summary>
    public string Play { get; init; } = Agents.Niche.GeneratorRules.DreamPlay;

    /// <summary>Epistemic play's candidates and pragmatic weight (used when <see cref="Play"/> is "epistemic").</summary>
    public Agents.Niche.EpistemicSettings Epistemic { get; init; } = new();

    public const string RoundedEpochs = "rounded";
    public const string MultinomialEpochs = "multinomial";

    /// <summary><see cref="EpochData"/> as the trainer's enum (call after validation).</summary>
    [JsonIgnore]
    public Agents.Niche.EpochData EpochDataMode => EpochData == MultinomialEpochs ? Agents.Niche.EpochData.Multinomial : Agents.Niche.EpochData.Rounded;

    [JsonIgnore]
    public MachineSettings MachineSettings => new()
    {
        Layers = Layers,
        Init = Init == "random" ? WeightInit.Random : WeightInit.Zero,
        LearningRate = LearningRate,
        TrainableBiases = TrainableBiases,
        ActiveSampling = new ActiveSamplingSettings { Enabled = ActiveSampling },
    };

    internal void Validate(Action<string, string, string> bad)
    {
        if (Init is not ("zero" or "random")) bad("generator.init", $"'{Init}' is unknown", "use \"zero\" or \"random\"");
        if (DivisionRounding is not ("floor" or "round")) bad("generator.divisionRounding", $"'{DivisionRounding}' is unknown", "use \"floor\" or \"round\"");
        Agents.Niche.GeneratorRules.Validate(Niche, Play, Predictive, Epistemic, bad);
        if (EpochData is not (RoundedEpochs or MultinomialEpochs))
            bad("generator.epochData", $"'{EpochData}' is unknown", "use \"rounded\" (the original, default) or \"multinomial\" (nData draws from the dataset, no rounding threshold)");
        if (NData < 1 || NData > Agents.Limits.MaxNData) bad("generator.nData", $"{NData} data per epoch is out of range", $"use 1 … {Agents.Limits.MaxNData} (the original: 500)");
        if (!(DrumLearningRate >= 0 && DrumLearningRate <= Agents.Limits.MaxDrumLearningRate)) bad("generator.drumLearningRate", $"{DrumLearningRate} is out of range", $"use a number from 0 to {Agents.Limits.MaxDrumLearningRate} (default 0.1)");
        try { MachineSettings.Validate(); }
        catch (ArgumentException e) { bad(e.Message.StartsWith("layers", StringComparison.Ordinal) ? "generator.layers" : "generator", e.Message.TrimEnd('.'), "see docs/scenarios.md"); }
    }
}

public sealed record DatasetScenario
{
    /// <summary>A dataset file (JSON or .npy); null starts from the original's every-5th-pattern dataset.</summary>
    public string? File { get; init; }
    public double LikeIncrement { get; init; } = 10;
    public double DislikeDecrement { get; init; } = 5;

    internal void Validate(Action<string, string, string> bad)
    {
        if (!double.IsFinite(LikeIncrement) || LikeIncrement < 0) bad("dataset.likeIncrement", $"{LikeIncrement}", "use a finite number ≥ 0 (default 10)");
        if (!double.IsFinite(DislikeDecrement) || DislikeDecrement < 0) bad("dataset.dislikeDecrement", $"{DislikeDecrement}", "use a finite number ≥ 0 (default 5)");
    }
}

public sealed record AudioScenario
{
    /// <summary>"builtin" or a folder of WAV files.</summary>
    public string Kit { get; init; } = "builtin";
    public int SampleRate { get; init; } = 22050;
    public double Bpm { get; init; } = 120;
    /// <summary>Timing deviation in samples (standard deviation of the onset jitter).</summary>
    public double Deviation { get; init; } = 500;
    /// <summary>null, null:paced, wav:PATH, alsa[:DEVICE], waveout, speakers.</summary>
    public string Output { get; init; } = "null";
    /// <summary>Also write what is played into this WAV file (relative to the run folder), whatever the output; null records nothing.</summary>
    public string? Record { get; init; }

    internal void Validate(Action<string, string, string> bad, int beats)
    {
        if (!double.IsFinite(Bpm) || Bpm < RenderSettings.MinBpm || Bpm > RenderSettings.MaxBpm)
            bad("audio.bpm", $"{Bpm} BPM is out of range", $"use {RenderSettings.MinBpm}–{RenderSettings.MaxBpm} (default 120)");
        if (!double.IsFinite(Deviation) || Deviation < RenderSettings.MinDeviation || Deviation > RenderSettings.MaxDeviation)
            bad("audio.deviation", $"{Deviation} samples is out of range", $"use {RenderSettings.MinDeviation}–{RenderSettings.MaxDeviation} (default 500)");
        if (SampleRate < RenderSettings.MinSampleRate || SampleRate > RenderSettings.MaxSampleRate)
            bad("audio.sampleRate", $"{SampleRate} Hz is out of range", "use e.g. 22050 (the original), 44100 or 48000");
        if (string.IsNullOrWhiteSpace(Output)) bad("audio.output", "no output is named", $"use one of {AudioOutputs.Help}");
        else if (AudioOutputs.CheckSpec(Output) is { } problem) bad("audio.output", $"'{Output}': {problem}", $"use one of {AudioOutputs.Help}");
        if (Record is not null && (string.IsNullOrWhiteSpace(Record) || !Record.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)))
            bad("audio.record", $"'{Record}' is not a WAV file name", "give a file name ending in .wav, e.g. heard.wav, or remove the field");
        if (string.IsNullOrWhiteSpace(Kit)) bad("audio.kit", "no kit is named", "use \"builtin\" or a folder of WAV files");
        _ = beats;
    }
}

public sealed record TimingScenario
{
    /// <summary>Seconds before the audible buffer ends at which the next is synthesised; null = a tenth of a buffer (0.5 s at 120 BPM, as the original's 4.5 s of 5 s).</summary>
    public double? LeadSeconds { get; init; }
    /// <summary>A judgement at t applies to the pattern audible at t − shift; null = half a buffer (the original).</summary>
    public double? AttributionShiftSeconds { get; init; }

    /// <summary>
    /// When a simulated listener has heard enough of a pattern to decide, as a fraction of the buffer (1 = at its end,
    /// the default). Its judgement is made then plus its reaction time. The original's half-buffer attribution assumes
    /// a listener who judges a bar after hearing it; a decision at the pattern's start plus a 0.45 s reaction would
    /// land in the previous pattern's attribution window.
    /// </summary>
    public double DecisionPoint { get; init; } = 1.0;

    /// <summary>The longest attribution shift, in buffers (patterns).</summary>
    public const int MaxShiftBuffers = 4;
    /// <summary>
    /// How late a person's key press follows the sound it answers on this output (measured by `ap calibrate`; `ap play`
    /// sets it from the calibration file): added to the attribution shift. Null: none.
    /// </summary>
    public double? KeyLatencySeconds { get; init; }

    public double Lead(double bufferSeconds) => LeadSeconds ?? bufferSeconds / 10;
    public double Shift(double bufferSeconds) => Math.Max(0, (AttributionShiftSeconds ?? bufferSeconds / 2) + (KeyLatencySeconds ?? 0));

    internal void Validate(Action<string, string, string> bad, RenderSettings? render)
    {
        double buffer = render is null ? double.PositiveInfinity : (double)render.BufferLength / render.SampleRate;
        if (LeadSeconds is double l && (!double.IsFinite(l) || l <= 0 || l >= buffer))
            bad("timing.leadSeconds", $"{l} s", $"use a positive time shorter than one buffer ({buffer:F3} s), or null for a tenth of a buffer");
        if (!double.IsFinite(DecisionPoint) || DecisionPoint < 0 || DecisionPoint > 1)
            bad("timing.decisionPoint", $"{DecisionPoint}", "use a fraction of the buffer in [0, 1] (default 1: the listener decides when the pattern has been heard)");
        if (AttributionShiftSeconds is double s && (!double.IsFinite(s) || s < 0))
            bad("timing.attributionShiftSeconds", $"{s} s", "use a time ≥ 0, or null for half a buffer");
        // A judgement is of one of the last patterns heard; a longer shift attributes it to a pattern long gone (or,
        // in a short session, to none, so every judgement is ignored).
        else if (AttributionShiftSeconds is double far && far > MaxShiftBuffers * buffer)
            bad("timing.attributionShiftSeconds", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{far} s is more than {MaxShiftBuffers} buffers ({MaxShiftBuffers * buffer:F3} s)"),
                "use a listener's reaction time, at most a few seconds, or null for half a buffer");
        if (KeyLatencySeconds is double k && (!double.IsFinite(k) || Math.Abs(k) > 1))
            bad("timing.keyLatencySeconds", $"{k} s", "use a calibrated delay within ±1 s (ap calibrate measures it), or null for none");
    }
}

public sealed record TrainingScenario
{
    /// <summary>Wake-sleep steps per second of audio; null is "max" (free-running, real time only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? StepsPerSecond { get; init; } = 800;

    internal void Validate(Action<string, string, string> bad, SessionMode mode)
    {
        if (StepsPerSecond is double b && !(b >= 0 && b <= Agents.Limits.MaxStepsPerSecond))
            bad("training.stepsPerSecond", $"{b} is out of range", $"use 0 … {Agents.Limits.MaxStepsPerSecond} wake-sleep steps per second of audio (default 800), or null for max in real time");
        if (StepsPerSecond is null && mode == SessionMode.Virtual)
            bad("training.stepsPerSecond", "max is not defined on a virtual clock", "give a number of steps per second of audio, e.g. 800");
    }
}

/// <summary>The listener's kind and its settings; the settings are read by the listener factory of that kind.</summary>
public sealed record ListenerScenario
{
    public string Kind { get; init; } = "helmholtz";

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Settings { get; init; }

    public JsonElement SettingsElement()
    {
        var obj = new Dictionary<string, JsonElement>(Settings ?? []);
        return JsonSerializer.SerializeToElement(obj);
    }
}

public sealed record CheckpointScenario
{
    public const int DefaultKeep = 3;

    /// <summary>Write a checkpoint every this many epochs; 0 writes one only at stop.</summary>
    public int EveryEpochs { get; init; }

    /// <summary>How many of the newest checkpoints to keep on disk; 0 keeps every one (the generator's whole trajectory).</summary>
    public int Keep { get; init; } = DefaultKeep;
}

/// <summary>What a run's convergence is measured against (docs/scenarios.md, "analysis").</summary>
public sealed record AnalysisScenario
{
    /// <summary>
    /// The reference taste, a set-like taste by name (well-formed, mixture, sparse, dense, backbeat), as <c>--taste</c>
    /// names one. Null (the default): the listener's own taste when it has a set, else well-formed
    /// (<see cref="ReferenceTaste.Resolve"/>).
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>The taste posterior's features and prior (docs/taste-posterior.md).</summary>
    public Agents.Tastes.Posterior.TastePosteriorSettings TastePosterior { get; init; } = new();

    /// <summary>Patterns per window of the log's window events (played share inside the reference, the posterior's summary).</summary>
    public int WindowPatterns { get; init; } = 10;

    internal void Validate(Action<string, string, string> bad)
    {
        if (TastePosterior is null) bad("analysis.tastePosterior", "null", "remove it for the defaults, or give an object");
        try { TastePosterior!.Validate("analysis.tastePosterior"); }
        catch (ArgumentException e) { bad("analysis.tastePosterior", e.Message.TrimEnd('.'), "see docs/taste-posterior.md for the fields and their ranges"); }
        if (WindowPatterns < 1 || WindowPatterns > 100_000)
            bad("analysis.windowPatterns", $"{WindowPatterns}", "use 1 … 100000 patterns per window (default 10)");
        if (Reference is null) return;
        if (Reference == Agents.Tastes.TasteCatalog.User)
            bad("analysis.reference", "'user' is a dataset's counts, not a set, and a reference is a set", $"use one of {string.Join(", ", ReferenceTaste.Names)}, or leave it out for the listener's own taste when it has a set (else well-formed)");
        if (!ReferenceTaste.Names.Contains(Reference))
            bad("analysis.reference", $"'{Reference}' is not a set-like taste", $"use one of {string.Join(", ", ReferenceTaste.Names)}, or leave it out for the listener's own taste (else well-formed)");
    }
}

public sealed record LoggingScenario
{
    /// <summary>
    /// Epoch events are logged at most this often, in seconds of audio (0: every epoch). Epochs in between are
    /// folded into the next event (count, steps, mean losses), so free-running training does not write gigabytes.
    /// </summary>
    public double EpochIntervalSeconds { get; init; } = 0.1;
}

/// <summary>A scenario setting that cannot work, with the field, the problem and the fix.</summary>
public sealed class ScenarioException(string source, string field, string problem, string fix)
    : Exception($"{source}: at {field}: {problem}. Fix: {fix}")
{
    public string Field { get; } = field;
}

/// <summary>Enums as camelCase strings ("virtual", "realtime") in every file.</summary>
public sealed class CamelCaseEnum<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase, allowIntegerValues: false) where T : struct, Enum;
