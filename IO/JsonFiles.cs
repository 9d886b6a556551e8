using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActionPerception.IO;

/// <summary>Shared System.Text.Json settings and the read path that turns every failure into an <see cref="InputFileException"/>.</summary>
public static class JsonFiles
{
    public static readonly JsonSerializerOptions Read = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // Named literals are read so that a NaN or Infinity is reported by name and place, not as a parse error.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // A field given twice is refused: taking the last value silently resumed a checkpoint at the wrong epoch.
        AllowDuplicateProperties = false,
    };

    /// <summary>The same leniency and strictness for files read as a JSON tree (sweep plans, their scenarios).</summary>
    public static readonly JsonDocumentOptions Document = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
    };

    public static readonly JsonSerializerOptions Write = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Deserialize a user's file; any I/O or JSON failure becomes one clear message naming the file and place.</summary>
    public static T Load<T>(string path, string what, string fix, long maxBytes = InputFiles.MaxJsonBytes) where T : class =>
        Parse<T>(path, InputFiles.ReadAllText(path, what, maxBytes), what, fix);

    public static T Parse<T>(string path, string text, string what, string fix) where T : class
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InputFileException(path, null, $"the {what} file is empty", fix);
        try
        {
            return JsonSerializer.Deserialize<T>(text, Read)
                ?? throw new InputFileException(path, null, $"the {what} file holds JSON null", fix);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line
                ? $"line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}{(string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" ({e.Path})")}"
                : e.Path ?? "?";
            string problem = Plain(e.Message, what);
            throw new InputFileException(path, where, problem, fix, e);
        }
    }

    /// <summary>"the field 'x' is given twice …" when System.Text.Json refused a duplicate key, else null.</summary>
    public static string? Duplicate(string message)
    {
        var twice = System.Text.RegularExpressions.Regex.Match(message, "Duplicate propert(?:y '([^']*)'|ies)");
        if (!twice.Success) return null;
        return twice.Groups[1].Success ? $"the field '{twice.Groups[1].Value}' is given twice (which one was meant?)" : "a field is given twice (which one was meant?)";
    }

    /// <summary>System.Text.Json's messages name .NET types; users need the field and what was wrong with it.</summary>
    private static string Plain(string message, string what)
    {
        if (Duplicate(message) is { } twice) return twice;
        var unknown = System.Text.RegularExpressions.Regex.Match(message, "The JSON property '([^']*)' could not be mapped");
        if (unknown.Success) return $"unknown field '{unknown.Groups[1].Value}' (is this a {what} file? is the name misspelt?)";
        var convert = System.Text.RegularExpressions.Regex.Match(message, @"could not be converted to ([A-Za-z0-9_.`\[\]+]+)");
        if (convert.Success)
        {
            string type = convert.Groups[1].Value;
            string expected = type switch
            {
                var t when t.Contains("UInt64", StringComparison.Ordinal) => $"a whole number from 0 to 2^64−1 = {ulong.MaxValue}, e.g. a seed",
                var t when t.Contains("Int", StringComparison.Ordinal) => "a whole number",
                var t when t.Contains("Double", StringComparison.Ordinal) || t.Contains("Single", StringComparison.Ordinal) => "a number",
                var t when t.Contains("Boolean", StringComparison.Ordinal) => "true or false",
                var t when t.Contains("String", StringComparison.Ordinal) => "a string",
                var t when t.Contains("[]", StringComparison.Ordinal) || t.Contains("List", StringComparison.Ordinal) => "a list",
                var t when t.Contains("Mode", StringComparison.Ordinal) => "\"virtual\" or \"realtime\"",
                _ => "a value of another kind",
            };
            return $"not a valid {what} file: the value has the wrong type (expected {expected})";
        }
        return $"not a valid {what} file: {FirstSentence(message)}";
    }

    private static string FirstSentence(string message)
    {
        int i = message.IndexOf(". ", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message).TrimEnd('.');
    }
}
