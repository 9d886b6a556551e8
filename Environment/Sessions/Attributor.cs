using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// The control loop's rule, as one owned piece: a judgement made at t applies to the pattern audible at t − shift
/// (the original's half-buffer rule), at most one like and one dislike per pattern from a person's keys, nothing
/// after the stop. Used by the engine's thread only; it decides and describes, the session logs and counts.
/// </summary>
internal sealed class Attributor(PlaybackTimeline timeline, double shiftSeconds, long firstSerial)
{
    private readonly HashSet<(long Serial, JudgementKind Kind)> _keyed = [];

    public ThreadOwner Owner { get; } = new("attributor");
    public double ShiftSeconds { get; } = shiftSeconds;

    /// <summary>From the keyboard, at most one like and one dislike count per pattern (later presses are logged as ignored).</summary>
    public bool OneKeyPerPattern { get; set; } = true;

    /// <summary>The logged event for <paramref name="j"/> and the playing it applies to (null when ignored or a stop).</summary>
    public (JudgementEvent Event, Playing? Playing) Attribute(Judgement j, double stopTime)
    {
        Owner.Check();
        if (j.Kind == JudgementKind.Stop)
            return (new JudgementEvent { T = j.Time, Kind = JudgementKind.Stop, Made = j.Time, Source = j.Source, Status = JudgementStatus.Stop }, null);
        double target = j.Time - ShiftSeconds;
        Playing? p = null;
        string? reason = null;
        if (j.Time > stopTime) reason = "after stop";
        else
        {
            p = timeline.At(timeline.FrameOf(target));
            if (p is null)
            {
                var first = timeline.Count == 0 ? null : timeline.BySerial(firstSerial);
                reason = first is null || timeline.FrameOf(target) < first.StartFrame ? "before the first buffer" : "no pattern audible then";
            }
            else if (OneKeyPerPattern && j.Source.StartsWith(Session.HumanSourcePrefix, StringComparison.Ordinal) && !_keyed.Add((p.Serial, j.Kind)))
            {
                reason = $"repeated key: one {JudgementKinds.Name(j.Kind)} per pattern";
                p = null;
            }
        }
        var e = new JudgementEvent
        {
            T = j.Time,
            Kind = j.Kind,
            Made = j.Time,
            AttributedTo = Math.Round(target, 6),
            Source = j.Source,
            HeardSerial = j.HeardSerial,
            Status = p is null ? JudgementStatus.Ignored : JudgementStatus.Applied,
            Serial = p?.Serial,
            Pattern = p?.Pattern,
            Reason = reason,
        };
        return (e, p);
    }
}
