using System.Diagnostics;
using ActionPerception.Audio;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Sessions;

/// <summary>Real time: the output's count of played frames, continued across a resume.</summary>
internal sealed class OutputClock(IAudioOutput output, long offset, int sampleRate, double bufferSeconds, Func<bool> attention, CancellationToken stop) : IClock
{
    private long _lastFrames = -1;
    private long _lastMove = Stopwatch.GetTimestamp();

    public SessionMode Mode => SessionMode.Realtime;
    public long Now => offset + output.FramesPlayed;

    public bool WaitUntil(long frame)
    {
        while (true)
        {
            if (stop.IsCancellationRequested || attention()) return false;
            long now = Now;
            Watchdog(now);
            if (now >= frame) return true;
            stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Clamp((double)(frame - now) / sampleRate, 0.001, 0.005)));
        }
    }

    /// <summary>An output whose clock does not move (a device that accepts writes but never plays) would hold the session forever.</summary>
    private void Watchdog(long now)
    {
        double limit = Math.Max(5, 2 * bufferSeconds);
        if (now != _lastFrames) { _lastFrames = now; _lastMove = Stopwatch.GetTimestamp(); }
        else if (Stopwatch.GetElapsedTime(_lastMove).TotalSeconds > limit && output.FramesWritten > 0)
            throw new InvalidOperationException($"the output '{output.Description}' has not played a frame for {limit:F0} s of wall time, so real time cannot advance. Fix: use --output null:paced, or a device that plays");
    }
}
