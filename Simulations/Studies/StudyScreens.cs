using System.Diagnostics;
using ActionPerception.Simulations.Human;

namespace ActionPerception.Simulations.Studies;

/// <summary>The study's text screens between blocks: a page, then a key from a given set.</summary>
public static class StudyScreens
{
    /// <summary>A clean screen with a block's title, so that the live view below it is all the participant sees.</summary>
    public static void Title(string title)
    {
        if (!Console.IsOutputRedirected)
        {
            try { Console.Clear(); } catch (IOException) { }
        }
        Console.WriteLine($"── {title} ──");
    }

    /// <summary>Shows a page and waits for one of <paramref name="accept"/> (lower-case characters; ' ' for space or Enter). Null: no keys left.</summary>
    public static char? Ask(IKeySource keys, string title, string text, string prompt, string accept, double minSeconds = 0)
    {
        if (!Console.IsOutputRedirected)
        {
            try { Console.Clear(); } catch (IOException) { }
        }
        Console.WriteLine();
        Console.WriteLine($"── {title} ──");
        Console.WriteLine();
        foreach (var line in text.Split('\n')) Console.WriteLine("  " + line.TrimEnd('\r'));
        Console.WriteLine();
        var clock = Stopwatch.StartNew();
        if (minSeconds > 0)
        {
            Console.WriteLine($"  (go on in {minSeconds:0} s)");
            while (clock.Elapsed.TotalSeconds < minSeconds) Thread.Sleep(50);
        }
        Console.WriteLine("  " + prompt);
        while (true)
        {
            if (keys is IFiniteKeySource { Exhausted: true }) return null;
            if (!keys.TryReadKey(TimeSpan.FromMilliseconds(100), out var key)) continue;
            char c = key.Key is ConsoleKey.Enter or ConsoleKey.Spacebar ? ' ' : char.ToLowerInvariant(key.KeyChar);
            if (accept.Contains(c)) return c;
        }
    }
}
