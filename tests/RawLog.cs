using System.Text.Json;

namespace ActionPerception.Tests;

/// <summary>
/// The session log read as plain JSON, line by line: tests check the bytes the session wrote, independently of
/// the typed reader the program uses (so a field the types drop would still be noticed).
/// </summary>
public sealed class RawLog
{
    public required IReadOnlyList<JsonElement> Events { get; init; }

    public static RawLog Read(string path) => new()
    {
        Events = [.. File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => JsonDocument.Parse(l).RootElement.Clone())],
    };

    public IEnumerable<JsonElement> OfType(string type) => Events.Where(e => e.GetProperty("type").GetString() == type);
}
