using System.Globalization;
using System.Text;

namespace ActionPerception.Audio;

/// <summary>
/// The command line of a <c>pipe:COMMAND</c> output: split into words as a POSIX shell would (single and double
/// quotes, backslashes) but run without a shell, so no pipes, redirections or variables unless the user writes
/// <c>sh -c '…'</c> themselves. Placeholders in braces give the stream's format.
/// </summary>
public static class PipeCommand
{
    /// <summary>The placeholders and what they stand for (the stream is always mono signed 16-bit little-endian PCM).</summary>
    public const string PlaceholderHelp = "{rate} (samples per second), {channels} (1), {bits} (16), {format} (s16le), {alsaformat} (S16_LE)";

    /// <summary>The players <c>speakers</c> tries on macOS, in order: the program looked up and the command it runs.</summary>
    public static IReadOnlyList<(string Program, string Command)> MacPlayers { get; } =
    [
        ("play", "play -q -t raw -r {rate} -e signed -b 16 -c 1 -"),
        ("ffplay", "ffplay -nodisp -autoexit -loglevel error -f s16le -ar {rate} -ch_layout mono -i -"),
    ];

    private static readonly string[] Placeholders = ["rate", "channels", "bits", "format", "alsaformat"];

    /// <summary>What is wrong with <paramref name="command"/> (no program, an open quote, an unknown placeholder); null when it is usable.</summary>
    public static string? Check(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
            return "no command was given (write e.g. pipe:play -q -t raw -r {rate} -e signed -b 16 -c 1 -)";
        if (Split(command, out _) is { } problem) return problem;
        foreach (var name in PlaceholdersIn(command))
            if (!Placeholders.Contains(name))
                return $"the placeholder {{{name}}} is unknown; the known ones are {PlaceholderHelp}";
        return null;
    }

    /// <summary>The program and its arguments, placeholders filled in for a mono 16-bit stream at <paramref name="sampleRate"/>.</summary>
    public static IReadOnlyList<string> Arguments(string command, int sampleRate)
    {
        if (Check(command) is { } problem) throw new ArgumentException(problem, nameof(command));
        Split(command, out var words);
        return [.. words.Select(w => Fill(w, sampleRate))];
    }

    private static string Fill(string word, int sampleRate) => word
        .Replace("{rate}", sampleRate.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{channels}", "1", StringComparison.Ordinal)
        .Replace("{bits}", "16", StringComparison.Ordinal)
        .Replace("{format}", "s16le", StringComparison.Ordinal)
        .Replace("{alsaformat}", "S16_LE", StringComparison.Ordinal);

    private static IEnumerable<string> PlaceholdersIn(string command)
    {
        for (int i = command.IndexOf('{'); i >= 0; i = command.IndexOf('{', i + 1))
        {
            int end = command.IndexOf('}', i + 1);
            if (end < 0) yield break;
            string name = command[(i + 1)..end];
            // Only word-like names are placeholders: a player's own braces (e.g. a JSON argument) pass through.
            if (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) yield return name;
        }
    }

    /// <summary>Splits like a POSIX shell's word splitting and quote removal; returns the problem, or null.</summary>
    private static string? Split(string command, out List<string> words)
    {
        words = [];
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        for (int i = 0; i < command.Length; i++)
        {
            char c = command[i];
            if (quote == '\'')
            {
                if (c == '\'') quote = '\0'; else word.Append(c);
                continue;
            }
            if (quote == '"')
            {
                if (c == '"') quote = '\0';
                else if (c == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$' or '`') word.Append(command[++i]);
                else word.Append(c);
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
                continue;
            }
            inWord = true;
            if (c is '\'' or '"') quote = c;
            else if (c == '\\')
            {
                if (i + 1 == command.Length) return "the command ends in a lone backslash";
                word.Append(command[++i]);
            }
            else word.Append(c);
        }
        if (quote != '\0') return $"a {(quote == '\'' ? "single" : "double")} quote is never closed";
        if (inWord) words.Add(word.ToString());
        return words.Count == 0 ? "no command was given" : null;
    }

    /// <summary>The full path of <paramref name="program"/> on the PATH, or null.</summary>
    public static string? FindOnPath(string program)
    {
        if (program.Contains(Path.DirectorySeparatorChar) || program.Contains(Path.AltDirectorySeparatorChar))
            return File.Exists(program) ? program : null;
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "";
        string[] suffixes = OperatingSystem.IsWindows() ? [".exe", ".cmd", ".bat", ""] : [""];
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var suffix in suffixes)
            {
                var candidate = Path.Combine(dir, program + suffix);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
