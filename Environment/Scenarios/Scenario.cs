using System.Text.Json;
using System.Text.Json.Serialization;
using ActionPerception.IO;
using ActionPerception.Audio;
using ActionPerception.Agents.Listeners;

namespace ActionPerception.Environment.Scenarios;

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
    public ListenerSettings Listener { get; init; } = ListenerSettings.Default;
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
        if (Listener.IsHuman && Mode == SessionMode.Virtual)
            Bad("listener.kind", "a human listener needs real time", "set \"mode\": \"realtime\" (ap play does), or choose a simulated listener");
        try { Listener.Validate(); }
        catch (ArgumentException e) { Bad("listener", e.Message.TrimEnd('.'), $"see docs/listeners.md; valid kinds: {string.Join(", ", ListenerKinds.Names)}"); }
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
