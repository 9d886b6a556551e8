using System.CommandLine;
using System.CommandLine.Parsing;

namespace ActionPerception.Simulations.Cli;

/// <summary>Finds an option or argument given an empty or blank value on the command line.</summary>
public static class EmptyValues
{
    /// <summary>The name of the first option ("--out") or argument given "" or blanks, else null.</summary>
    public static string? First(ParseResult parsed)
    {
        for (SymbolResult? r = parsed.CommandResult; r is not null; r = r.Parent)
            foreach (var child in r is CommandResult c ? c.Children : [])
            {
                if (child.Tokens.Any(t => t.Type == TokenType.Argument && string.IsNullOrWhiteSpace(t.Value)))
                    return child switch
                    {
                        OptionResult o => o.Option.Name,
                        ArgumentResult a => a.Argument.Name,
                        _ => null,
                    };
            }
        return null;
    }
}
