using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Sessions;

/// <summary>Virtual time: the clock jumps to the next event at once.</summary>
internal sealed class VirtualClock(long start, Func<bool> attention) : IClock
{
    private long _now = start;

    public SessionMode Mode => SessionMode.Virtual;
    public long Now => _now;

    public bool WaitUntil(long frame)
    {
        if (attention()) return false;
        _now = Math.Max(_now, frame);
        return true;
    }
}
