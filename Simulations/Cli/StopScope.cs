namespace ActionPerception.Simulations.Cli;

/// <summary>A stretch of a command that stops cleanly on the first signal: see <see cref="StopSignals.Cooperate"/>.</summary>
public sealed class StopScope : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly Action<int>? _onStop;
    private int _code;

    internal StopScope(Action<int>? onStop) => _onStop = onStop;

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>130 or 143 once a signal stopped the scope; null before.</summary>
    public int? ExitCode => Volatile.Read(ref _code) is int c and not 0 ? c : null;

    internal bool Stopping => ExitCode is not null;

    internal void Stop(int code)
    {
        if (Interlocked.CompareExchange(ref _code, code, 0) != 0) return;
        _onStop?.Invoke(code);
        _cts.Cancel();
    }

    public void Dispose()
    {
        // The token source is not disposed: a signal handler may still be cancelling it on its own thread.
        StopSignals.Close(this);
    }
}
