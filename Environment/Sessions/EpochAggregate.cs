using ActionPerception.Agents.Helmholtz;
using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// The epochs finished since the last epoch event: when training runs far faster than the log interval, one
/// event stands for all of them (count, steps, mean losses per step), so a free-running hour does not write
/// gigabytes and nothing trained goes unaccounted for.
/// </summary>
internal sealed class EpochAggregate
{
    private double[] _wake = [], _sleep = [];
    private double _loss;

    public int Count { get; private set; }
    public long Steps { get; private set; }
    public double MeanLoss => Steps > 0 ? _loss / Steps : 0;

    public void Add(EpochReport r)
    {
        if (_wake.Length != r.WakeLoss.Count) _wake = new double[r.WakeLoss.Count];
        if (_sleep.Length != r.SleepLoss.Count) _sleep = new double[r.SleepLoss.Count];
        // Losses are per-step means of each epoch: weight them by the epoch's steps.
        long w = r.Steps;
        Count++;
        if (w == 0) return; // a partial epoch closed at the stop before its first step: no loss to weigh
        for (int i = 0; i < _wake.Length; i++) _wake[i] += r.WakeLoss[i] * w;
        for (int i = 0; i < _sleep.Length; i++) _sleep[i] += r.SleepLoss[i] * w;
        _loss += r.TotalLoss * w;
        Steps += w;
    }

    public double[] MeanWake() => [.. _wake.Select(v => LogEvent.R(v / Math.Max(1, Steps)))];
    public double[] MeanSleep() => [.. _sleep.Select(v => LogEvent.R(v / Math.Max(1, Steps)))];

    public void Clear()
    {
        Array.Clear(_wake);
        Array.Clear(_sleep);
        _loss = 0;
        Steps = 0;
        Count = 0;
    }
}
