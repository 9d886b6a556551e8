using ActionPerception.Agents.Drums;

namespace ActionPerception.Environment.Sessions;

/// <summary>One pattern's time on the speakers: frames [StartFrame, EndFrame) of the session clock.</summary>
public sealed record Playing(long Serial, int Pattern, DrumSample Drums, long StartFrame, long EndFrame, long SnapshotVersion, int Epoch)
{
    /// <summary>How epistemic play chose it among several dreams (null for the original's one dream).</summary>
    public Logging.Events.PlayChoice? Choice { get; init; }
}

/// <summary>
/// The playback timeline: which pattern was audible when. Written by the streaming loop, read by the control
/// loop to attribute judgements, so it is guarded; every lookup is O(log n).
/// </summary>
public sealed class PlaybackTimeline(int sampleRate)
{
    private readonly List<Playing> _items = [];
    private readonly object _gate = new();

    public int SampleRate { get; } = sampleRate;

    public void Add(Playing p)
    {
        lock (_gate)
        {
            if (_items.Count > 0 && p.StartFrame < _items[^1].EndFrame)
                throw new InvalidOperationException("Patterns on the timeline must not overlap.");
            _items.Add(p);
        }
    }

    public int Count { get { lock (_gate) return _items.Count; } }

    public Playing? Last { get { lock (_gate) return _items.Count == 0 ? null : _items[^1]; } }

    public long FrameOf(double seconds) => (long)Math.Floor(seconds * SampleRate + 1e-9);

    /// <summary>The pattern audible at <paramref name="frame"/> (start inclusive, end exclusive), if any.</summary>
    public Playing? At(long frame)
    {
        lock (_gate)
        {
            int lo = 0, hi = _items.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                var p = _items[mid];
                if (frame < p.StartFrame) hi = mid - 1;
                else if (frame >= p.EndFrame) lo = mid + 1;
                else return p;
            }
            return null;
        }
    }

    public Playing? BySerial(long serial)
    {
        lock (_gate)
        {
            int lo = 0, hi = _items.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                long s = _items[mid].Serial;
                if (s == serial) return _items[mid];
                if (s < serial) lo = mid + 1; else hi = mid - 1;
            }
            return null;
        }
    }
}
