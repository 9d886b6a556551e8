using System.Runtime.InteropServices;

namespace ActionPerception.Simulations.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for every command, written once. Installed at program start, so no command dies by the
/// signal: a command that can stop cleanly (a session, <c>train</c>, a sweep) opens a <see cref="StopScope"/>, and the first
/// signal cancels its token; anywhere else, and at any second signal, the program quits at once with 130 (SIGINT) or
/// 143 (SIGTERM). Quitting at once corrupts nothing: files are written whole and renamed into place, logs are
/// flushed line by line, and the exit releases every lock (<see cref="RunFolder.ReleaseAll"/>).
/// </summary>
public static class StopSignals
{
    private static readonly Lock Gate = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static StopScope? _scope;
    private static int _received;
    private static int _signals;

    /// <summary>Takes over SIGINT and SIGTERM for this process (idempotent).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (Registrations.Count > 0) return;
            Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; Receive(ExitCodes.Interrupted); }));
            Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; Receive(ExitCodes.Terminated); }));
        }
    }

    /// <summary>The exit code of the first signal received (130 or 143), or null while none came.</summary>
    public static int? Received => Volatile.Read(ref _received) is int code and not 0 ? code : null;

    /// <summary>
    /// A stretch of a command that stops cleanly: the first signal cancels <see cref="Scope.Token"/> and calls
    /// <paramref name="onStop"/> (with 130 or 143) instead of quitting.
    /// Disposing the scope restores quitting at once.
    /// </summary>
    public static StopScope Cooperate(Action<int>? onStop = null)
    {
        var scope = new StopScope(onStop);
        lock (Gate)
        {
            if (_scope is not null) throw new InvalidOperationException("A stop scope is already open.");
            _scope = scope;
        }
        return scope;
    }

    private static void Receive(int code)
    {
        Interlocked.CompareExchange(ref _received, code, 0);
        StopScope? scope;
        lock (Gate) scope = _scope;
        if (Interlocked.Increment(ref _signals) > 1 || scope is null || scope.Stopping)
        {
            Quit(code);
            return;
        }
        Console.Error.WriteLine(code == ExitCodes.Terminated
            ? "ap: SIGTERM: stopping cleanly…"
            : "ap: stopping cleanly (press Ctrl+C again to quit at once)…");
        scope.Stop(code);
    }

    /// <summary>"interrupted" (130) or "terminated (SIGTERM)" (143), as a session's stop event says.</summary>
    public static string Describe(int code) => code == ExitCodes.Terminated ? "terminated (SIGTERM)" : "interrupted";

    private static void Quit(int code)
    {
        Console.Error.WriteLine(code == ExitCodes.Terminated
            ? "ap: SIGTERM: quitting at once; files already written are complete."
            : "ap: interrupted; quitting at once; files already written are complete.");
        // Exit runs the ProcessExit handlers (the locks are released there) and never returns.
        System.Environment.Exit(code);
    }

    internal static void Close(StopScope scope)
    {
        lock (Gate) if (ReferenceEquals(_scope, scope)) _scope = null;
    }
}
