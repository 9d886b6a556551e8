using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Environment.Logging;

/// <summary>
/// The session log: JSON lines, one typed <see cref="LogEvent"/> per line, flushed as written so that a crash loses
/// at most the line being written. Thread-safe: the real-time loops write from their own threads.
/// </summary>
public sealed class SessionLog : IDisposable
{
    /// <summary>2: typed events; "stepsPerAudioSecond" null for free-running; epochs aggregated per log interval. Version 1 logs still load.</summary>
    public const int SchemaVersion = 2;
    public const int OldestReadableVersion = 1;
    public const string Format = "actionperception.session-log";

    /// <summary>The one set of options every writer and reader of the log uses.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Keep '‖', '→' and other non-ASCII text readable in the log instead of \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
        RespectRequiredConstructorParameters = true,
        // A line naming a field twice is damaged, not read as its last value.
        AllowDuplicateProperties = false,
    };

    private readonly Stream _stream;
    private readonly Utf8JsonWriter _writer;
    private readonly System.Buffers.ArrayBufferWriter<byte> _line = new(4096);
    private readonly object _gate = new();
    private bool _closed;

    private SessionLog(Stream stream, string? path)
    {
        _stream = stream;
        Path = path;
        _writer = new Utf8JsonWriter(_line, new JsonWriterOptions { Encoder = Json.Encoder, Indented = false });
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

    /// <summary>Writes one event as one line.</summary>
    public void Write(LogEvent e)
    {
        lock (_gate)
        {
            if (_closed) return;
            // The line and its newline go out in one write, so a failed write never glues the next event onto it.
            _line.ResetWrittenCount();
            _writer.Reset(_line);
            JsonSerializer.Serialize(_writer, e, Json);
            _writer.Flush();
            _line.GetSpan(1)[0] = (byte)'\n';
            _line.Advance(1);
            _stream.Write(_line.WrittenSpan);
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

/// <summary>
/// Reads a session log into the same typed events the session wrote. A truncated, corrupt or badly typed line is
/// reported by its number and skipped; a log of an unknown schema version is refused by name.
/// </summary>
public sealed class SessionLogReader
{
    /// <summary>Lines longer than this are not events of ours (the longest, a header, is a few kB).</summary>
    public const int MaxLineBytes = 4 << 20;
    /// <summary>The largest log read (2 GiB): every event is held in memory. Epoch aggregation keeps a free-running hour far below it.</summary>
    public const long MaxLogBytes = 2L << 30;

    public IReadOnlyList<LogEvent> Events { get; }
    public IReadOnlyList<LogProblem> Problems { get; }
    public string Path { get; }
    public HeaderEvent? Header => Events.Count > 0 ? Events[0] as HeaderEvent : null;

    private SessionLogReader(string path, List<LogEvent> events, List<LogProblem> problems)
    {
        Path = path;
        Events = events;
        Problems = problems;
    }

    public static SessionLogReader Read(string path)
    {
        var stream = ActionPerception.IO.FileCheck.Open(path, MaxLogBytes, out string? problem, out var kind)
            ?? throw new ActionPerception.IO.InputFileException(path, null,
                kind == ActionPerception.IO.FileProblem.Missing ? "no such session log" : $"the session log {problem}", "give the session.jsonl of a run folder");
        var events = new List<LogEvent>();
        var problems = new List<LogProblem>();
        int lineNo = 0;
        using var reader = new ActionPerception.IO.BoundedLineReader(stream, MaxLineBytes);
        while (reader.TryReadLine(out string? line))
        {
            lineNo++;
            if (line is null) { problems.Add(new LogProblem(lineNo, "a line of over 4 MB is not an event")); continue; }
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (lineNo == 1 && VersionOf(line) is int version && (version < SessionLog.OldestReadableVersion || version > SessionLog.SchemaVersion))
                throw new ActionPerception.IO.InputFileException(path, "line 1", $"log schema version {version} is unknown; this program reads versions {SessionLog.OldestReadableVersion}–{SessionLog.SchemaVersion}", "read it with the version of ActionPerception that wrote it");
            try
            {
                var e = JsonSerializer.Deserialize<LogEvent>(line, SessionLog.Json);
                if (e is null) problems.Add(new LogProblem(lineNo, "null is not an event"));
                else if (OutsidePatterns(e, events) is { } outside) problems.Add(new LogProblem(lineNo, outside));
                else events.Add(e);
            }
            catch (JsonException e)
            {
                problems.Add(new LogProblem(lineNo, Plain(e)));
            }
            catch (NotSupportedException e)
            {
                problems.Add(new LogProblem(lineNo, $"not an event of a known type ({e.Message.Split('.')[0]})"));
            }
        }
        return new SessionLogReader(path, events, problems);
    }

    /// <summary>
    /// Why an event naming a pattern is not one of the header's 2^beats patterns, else null: such a line is damaged,
    /// and every reader (the report's dataset, the taste) would otherwise index past its arrays.
    /// </summary>
    private static string? OutsidePatterns(LogEvent e, List<LogEvent> events)
    {
        int? pattern = e switch { JudgementEvent j => j.Pattern, PatternEvent p => p.Pattern, PerceptionEvent p => p.Pattern, _ => null };
        if (pattern is not int n) return null;
        if (events.Count == 0 || events[0] is not HeaderEvent header || header.Scenario.Generator.Layers is not [int beats, ..] || beats is < 1 or > 30) return null;
        return n >= 0 && n < 1 << beats ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"pattern {n} is not one of the {1 << beats} patterns of {beats} beats");
    }

    private static int? VersionOf(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out int n) ? n : null;
        }
        catch (JsonException) { return null; }
    }

    private static string Plain(JsonException e)
    {
        string m = e.Message;
        if (m.Contains("missing required properties", StringComparison.Ordinal))
        {
            int i = m.IndexOf("properties", StringComparison.Ordinal);
            return "an event lacks fields:" + m[(i + "properties".Length)..].Split('.')[0].TrimEnd();
        }
        if (m.Contains("type discriminator", StringComparison.OrdinalIgnoreCase) || m.Contains("'type'", StringComparison.Ordinal))
            return "not an event object with a known \"type\"";
        string where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
        return $"corrupt, truncated or badly typed JSON{where} ({m.Split('.')[0]})";
    }

    public IEnumerable<T> OfType<T>() where T : LogEvent => Events.OfType<T>();
}
