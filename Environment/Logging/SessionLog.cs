using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ActionPerception.Environment.Logging;

/// <summary>
/// The session log: JSON lines, one event per line, flushed as written so that a crash loses at most the line
/// being written. Thread-safe: the real-time loops write from their own threads. Each event has "type" and "t"
/// (seconds on the session clock) first.
/// </summary>
public sealed class SessionLog : IDisposable
{
    public const int SchemaVersion = 1;
    public const string Format = "actionperception.session-log";

    private readonly Stream _stream;
    private readonly Utf8JsonWriter _writer;
    private readonly object _gate = new();
    private bool _closed;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        // Keep '‖', '→' and other non-ASCII text readable in the log instead of \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private SessionLog(Stream stream, string? path)
    {
        _stream = stream;
        Path = path;
        _writer = new Utf8JsonWriter(stream, Options);
    }

    public string? Path { get; }
    public long Lines { get; private set; }

    /// <summary>Creates a new log file; refuses to replace an existing one.</summary>
    public static SessionLog Create(string path)
    {
        var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        return new SessionLog(fs, path);
    }

    public static SessionLog ToStream(Stream stream) => new(stream, null);

    /// <summary>Writes one event: <paramref name="body"/> adds the fields after "type" and "t".</summary>
    public void Write(string type, double t, Action<Utf8JsonWriter> body)
    {
        lock (_gate)
        {
            if (_closed) return;
            _writer.Reset(_stream);
            _writer.WriteStartObject();
            _writer.WriteString("type", type);
            _writer.WriteNumber("t", Math.Round(t, 6));
            body(_writer);
            _writer.WriteEndObject();
            _writer.Flush();
            _stream.WriteByte((byte)'\n');
            _stream.Flush();
            Lines++;
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            _writer.Dispose();
            _stream.Dispose();
        }
    }

    public void Dispose() => Close();
}

/// <summary>A log line that could not be read, reported by line number; the reader keeps the rest.</summary>
public sealed record LogProblem(int Line, string Problem);

/// <summary>Reads a session log; a truncated or corrupt line is reported by its number and skipped.</summary>
public sealed class SessionLogReader
{
    public IReadOnlyList<JsonElement> Events { get; }
    public IReadOnlyList<LogProblem> Problems { get; }
    public string Path { get; }

    private SessionLogReader(string path, List<JsonElement> events, List<LogProblem> problems)
    {
        Path = path;
        Events = events;
        Problems = problems;
    }

    public static SessionLogReader Read(string path)
    {
        if (!File.Exists(path))
            throw new Agents.Files.InputFileException(path, null, "no such session log", "give the session.jsonl of a run folder");
        var events = new List<JsonElement>();
        var problems = new List<LogProblem>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                {
                    problems.Add(new LogProblem(lineNo, "not an event object with a \"type\""));
                    continue;
                }
                events.Add(root.Clone());
            }
            catch (JsonException e)
            {
                problems.Add(new LogProblem(lineNo, $"corrupt or truncated JSON ({e.Message.Split('.')[0]})"));
            }
        }
        if (events.Count > 0 && events[0].GetProperty("type").GetString() == "header"
            && events[0].TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out int version) && version != SessionLog.SchemaVersion)
            throw new Agents.Files.InputFileException(path, "line 1", $"log schema version {version} is unknown; this program reads version {SessionLog.SchemaVersion}", "read it with the version of ActionPerception that wrote it");
        return new SessionLogReader(path, events, problems);
    }

    public IEnumerable<JsonElement> OfType(string type) => Events.Where(e => e.GetProperty("type").GetString() == type);
}
