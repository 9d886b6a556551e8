using System.Text.Json;
using System.Text.Json.Serialization;
using ActionPerception.Agents.Files;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Logging.Events;

/// <summary>The first line: the scenario, the derived timing, the starting dataset and what resumed it.</summary>
public sealed record HeaderEvent : LogEvent
{
    public required int SchemaVersion { get; init; }
    public required string Format { get; init; }
    /// <summary>"virtual" or "realtime": which clock drove the session.</summary>
    public required string Mode { get; init; }
    public required string ListenerKind { get; init; }
    public required Scenario Scenario { get; init; }
    public required HeaderSeeds Seeds { get; init; }
    public required HeaderDerived Derived { get; init; }
    /// <summary>The starting dataset itself, so that analyses rebuild the dataset from the log alone.</summary>
    public required DatasetFile.Dto InitialDataset { get; init; }
    /// <summary>Every setting of the simulated listener (absent for a person).</summary>
    public Dictionary<string, JsonElement>? Listener { get; init; }
    public ResumedFrom? ResumedFrom { get; init; }
    public Dictionary<string, string>? Versions { get; init; }
    /// <summary>For a twin run: the human run it replays.</summary>
    public string? TwinOf { get; init; }
}

/// <summary>The session seed and the names from which each component's source is derived.</summary>
public sealed record HeaderSeeds(ulong Session, string Init = "init", string Drums = "drums", string Train = "train",
    string Dream = "dream", string Render = "render", string Listener = "listener");

public sealed record HeaderDerived
{
    public required int SampleRate { get; init; }
    public required long BufferFrames { get; init; }
    public required double BufferSeconds { get; init; }
    public required double LeadSeconds { get; init; }
    public required double AttributionShiftSeconds { get; init; }
    public required double DecisionSeconds { get; init; }
    /// <summary>Wake-sleep steps per second of audio; null is free-running ("max" in version 1 logs).</summary>
    [JsonConverter(typeof(MaxAsNullConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required double? StepsPerAudioSecond { get; init; }
    public required string Kit { get; init; }
    public required string[] Instruments { get; init; }
    public required string Output { get; init; }
    /// <summary>Epoch events are logged at most this often (seconds of audio); the epochs between are aggregated.</summary>
    public double? EpochLogIntervalSeconds { get; init; }
}

public sealed record ResumedFrom(string Checkpoint, double Time, long NextSerial, int Epoch, long TotalSteps);

/// <summary>Reads the version-1 spelling "max" as null (free-running), writes null.</summary>
public sealed class MaxAsNullConverter : JsonConverter<double?>
{
    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String when reader.GetString() == "max" => null,
        JsonTokenType.Number => reader.GetDouble(),
        _ => throw new JsonException("expected a number, null or \"max\""),
    };

    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        if (value is double v) writer.WriteNumberValue(v); else writer.WriteNullValue();
    }
}
