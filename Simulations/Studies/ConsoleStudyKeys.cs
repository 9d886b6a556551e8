using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Human;

namespace ActionPerception.Simulations.Studies;

/// <summary>The terminal's keyboard for every step.</summary>
public sealed class ConsoleStudyKeys : IStudyKeys
{
    private readonly ConsoleKeySource _keys = new();

    public ConsoleStudyKeys()
    {
        if (ConsoleKeySource.WhyUnavailable() is { } why)
            throw new UsageException(why.Replace("play needs", "a study needs", StringComparison.Ordinal) + "; or give scripted keys with --keys FILE");
    }

    public IKeySource For(string step) => _keys;
}
