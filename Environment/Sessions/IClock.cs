using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Sessions;

/// <summary>How time passes, and nothing else: the engine asks for the next event's frame and is told when it is there.</summary>
internal interface IClock
{
    SessionMode Mode { get; }
    /// <summary>The session clock in frames.</summary>
    long Now { get; }
    /// <summary>True once the clock has reached <paramref name="frame"/>; false early when something from outside needs attention (a key, a stop, a failure).</summary>
    bool WaitUntil(long frame);
}
