using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Human;

/// <summary>Where single key presses come from: the real console, or a scripted fake in tests.</summary>
public interface IKeySource
{
    /// <summary>Waits up to <paramref name="timeout"/> for one key press (no Enter needed).</summary>
    bool TryReadKey(TimeSpan timeout, out ConsoleKeyInfo key);
}

/// <summary>The terminal's keyboard, key by key, without echo.</summary>
public sealed class ConsoleKeySource : IKeySource
{
    /// <summary>Null when keys cannot be read here, with the reason and the fix.</summary>
    public static string? WhyUnavailable()
    {
        if (Console.IsInputRedirected)
            return "play needs a terminal to read single key presses from, but standard input is redirected. Fix: run it in a terminal (or tmux), or use `ap simulate` for a simulated listener";
        return null;
    }

    public bool TryReadKey(TimeSpan timeout, out ConsoleKeyInfo key)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (Console.KeyAvailable)
            {
                key = Console.ReadKey(intercept: true);
                return true;
            }
            Thread.Sleep(15);
        }
        key = default;
        return false;
    }
}

/// <summary>
/// The human side of the loop: keys become judgements stamped by the session clock at the moment of the press
/// (the half-buffer attribution then applies, as in the original): l or 1 like, d or 2 dislike, s, 0, q or Esc stop.
/// </summary>
public sealed class HumanBridge(IKeySource keys)
{
    public const string Source = "human:keyboard";

    public static JudgementKind? Map(ConsoleKeyInfo key)
    {
        if (key.Key == ConsoleKey.Escape) return JudgementKind.Stop;
        return char.ToLowerInvariant(key.KeyChar) switch
        {
            'l' or '1' => JudgementKind.Like,
            'd' or '2' => JudgementKind.Dislike,
            's' or '0' or 'q' => JudgementKind.Stop,
            _ => null,
        };
    }

    /// <summary>Reads keys until the session stops (or a stop key), submitting each judgement. Returns the count.</summary>
    public int Run(Session session, CancellationToken cancel)
    {
        int submitted = 0;
        while (!cancel.IsCancellationRequested && !session.Stopped)
        {
            if (!keys.TryReadKey(TimeSpan.FromMilliseconds(100), out var key)) continue;
            if (Map(key) is not JudgementKind kind) continue;
            try
            {
                session.Submit(kind, Source);
                submitted++;
            }
            catch (InvalidOperationException)
            {
                break; // the session has ended
            }
            if (kind == JudgementKind.Stop) break;
        }
        return submitted;
    }
}
