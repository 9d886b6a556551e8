using System.Text.RegularExpressions;

namespace ActionPerception.Tests.Simulations;

/// <summary>
/// README.md and docs/*.md against the program's own --help: every command and option they name exists, every command
/// the program has is in the README's table, and play's help lists no option play refuses.
/// </summary>
public partial class HelpDocsTests
{
    /// <summary>Commands that only group subcommands (their help lists them).</summary>
    private static readonly string[] Groups = ["sweep", "study"];

    /// <summary>The program's commands as its help lists them; a group's as "sweep run", "study report", ….</summary>
    private static readonly Lazy<List<string>> Commands = new(() =>
    {
        var top = Subcommands(Ap.Run(Fixtures.TempDir(), "--help").Out);
        var grouped = Groups.SelectMany(g => Subcommands(Ap.Run(Fixtures.TempDir(), g, "--help").Out).Select(s => g + " " + s));
        return [.. top.Where(c => !Groups.Contains(c)), .. grouped];
    });

    private static readonly Lazy<Dictionary<string, HashSet<string>>> Help = new(() =>
        Commands.Value.ToDictionary(c => c, c => Options(Ap.Run(Fixtures.TempDir(), [.. c.Split(' '), "--help"]).Out)));

    private static string Root
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "README.md")) && Directory.Exists(Path.Combine(d.FullName, "docs"))) return d.FullName;
            throw new InvalidOperationException("README.md not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The options a help text lists: the names in the first column of its Options section.</summary>
    private static HashSet<string> Options(string help)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        bool inOptions = false;
        foreach (var line in help.Split('\n'))
        {
            if (line.StartsWith("Options:", StringComparison.Ordinal)) { inOptions = true; continue; }
            if (line.Length > 0 && !char.IsWhiteSpace(line[0])) inOptions = false;
            if (!inOptions || line.Trim().Length == 0) continue;
            string first = Regex.Split(line.Trim(), @"\s{2,}")[0];
            foreach (Match m in OptionName().Matches(first)) names.Add(m.Value);
        }
        return names;
    }

    /// <summary>The subcommands a help text lists in its Commands section.</summary>
    private static List<string> Subcommands(string help)
    {
        var names = new List<string>();
        bool inCommands = false;
        foreach (var line in help.Split('\n'))
        {
            if (line.StartsWith("Commands:", StringComparison.Ordinal)) { inCommands = true; continue; }
            if (line.Length > 0 && !char.IsWhiteSpace(line[0])) inCommands = false;
            if (inCommands && line.Trim().Length > 0) names.Add(line.Trim().Split(' ')[0]);
        }
        return names;
    }

    private static IEnumerable<(string File, int Line, string Text)> DocLines() =>
        new[] { Path.Combine(Root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order())
            .SelectMany(f => File.ReadAllLines(f).Select((t, i) => (Path.GetRelativePath(Root, f), i + 1, t)));

    [GeneratedRegex(@"--[a-z][a-z0-9-]*")]
    private static partial Regex OptionName();

    /// <summary>
    /// An invocation: `ap COMMAND …`, `ap.dll COMMAND …` or `dotnet run … -- COMMAND …`, for every command the program
    /// has; the rest ends at a backtick, a table bar or a shell comment.
    /// </summary>
    private static readonly Lazy<Regex> Invocation = new(() => new Regex(
        @"(?:\bap|ap\.dll|\s--)\s+(?<cmd>" + string.Join('|', Commands.Value.OrderByDescending(c => c.Length).Select(c => Regex.Escape(c).Replace(@"\ ", @"\s+", StringComparison.Ordinal) + @"\b")) + @")(?<rest>[^`|#]*)"));

    [Fact]
    public void Every_option_of_an_invocation_in_the_docs_is_in_that_commands_help()
    {
        var wrong = new List<string>();
        int checkedOptions = 0;
        foreach (var (file, line, text) in DocLines())
            foreach (Match m in Invocation.Value.Matches(text))
            {
                string cmd = Regex.Replace(m.Groups["cmd"].Value, @"\s+", " ");
                foreach (Match o in OptionName().Matches(m.Groups["rest"].Value))
                {
                    checkedOptions++;
                    if (o.Value != "--help" && !Help.Value[cmd].Contains(o.Value)) wrong.Add($"{file}:{line}: `ap {cmd}` has no {o.Value}");
                }
            }
        Assert.True(checkedOptions > 40, $"only {checkedOptions} options found in the docs' invocations: the pattern no longer matches them");
        Assert.Empty(wrong);
    }

    /// <summary>The README's command table: its first column names the commands, each row's options are theirs.</summary>
    private static List<(string[] Commands, string Row)> Table()
    {
        var rows = new List<(string[], string)>();
        foreach (var (file, _, text) in DocLines())
        {
            if (file != "README.md" || !text.StartsWith("| `", StringComparison.Ordinal)) continue;
            string first = Regex.Split(text, @"(?<!\\)\|")[1].Trim().Trim('`'); // cells end at a bar that is not escaped
            // `sweep run\|merge\|report\|convergence` names four; `simulate --twin RUN` and `report RUN...` name one.
            var words = first.Replace("\\|", "|", StringComparison.Ordinal).Split(' ');
            string[] names = Groups.Contains(words[0]) ? [.. words[1].Split('|').Select(s => words[0] + " " + s)] : [words[0]];
            rows.Add((names, text));
        }
        return rows;
    }

    [Fact]
    public void The_readme_table_names_every_command_and_only_options_they_have()
    {
        var table = Table();
        var named = table.SelectMany(r => r.Commands).ToHashSet();
        var all = Commands.Value;
        foreach (var known in new[] { "simulate", "play", "train", "render", "sweep run", "sweep convergence" }) Assert.Contains(known, all);
        Assert.Equal(all.Order(), named.Order());

        var wrong = new List<string>();
        foreach (var (commands, row) in table)
            foreach (Match o in OptionName().Matches(row))
                if (!commands.Any(c => Help.Value[c].Contains(o.Value))) wrong.Add($"README.md: {string.Join('/', commands)} has no {o.Value}");
        Assert.Empty(wrong);
    }

    [Fact]
    public void Play_lists_no_option_it_refuses_and_the_top_help_names_every_sweep_command()
    {
        foreach (var refused in new[] { "--listener", "--taste", "--habituation" })
        {
            Assert.DoesNotContain(refused, Help.Value["play"]);
            Assert.Contains(refused, Help.Value["simulate"]);
        }
        string top = Ap.Run(Fixtures.TempDir(), "--help").Out;
        foreach (var s in new[] { "run", "merge", "report", "convergence" }) Assert.Contains($"({s})", top);
        Assert.Contains("scenario.json", top);
    }
}
