using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionPerception.Environment.Scenarios;

/// <summary>Enums as camelCase strings ("virtual", "realtime") in every file.</summary>
public sealed class CamelCaseEnum<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase, allowIntegerValues: false) where T : struct, Enum;
