using ActionPerception.Agents.Randomness;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// The synthesis state (random sources and the renderer's ringing tail) as it was just before each of the last few
/// serials was synthesised, so that a checkpoint taken while synthesis runs ahead resumes with the state that
/// produces the next unheard pattern. Preallocated slots: capturing copies the tail and allocates nothing; only a
/// checkpoint copies a tail out.
/// </summary>
internal sealed class SynthesisHistory(int tailLength)
{
    // Synthesis runs at most two serials ahead of what has been heard; four slots leave room.
    private const int Slots = 4;
    private readonly long[] _serial = [-1, -1, -1, -1];
    private readonly RandomState[] _dream = new RandomState[Slots];
    private readonly RandomState[] _render = new RandomState[Slots];
    private readonly float[][] _tail = [new float[tailLength], new float[tailLength], new float[tailLength], new float[tailLength]];
    private readonly object _gate = new();
    private long _newest = -1;

    /// <summary>Records the state that will produce <paramref name="serial"/>.</summary>
    public void Capture(long serial, RandomState dream, RandomState render, ReadOnlySpan<float> tail)
    {
        lock (_gate)
        {
            int i = (int)(serial % Slots);
            _serial[i] = serial;
            _dream[i] = dream;
            _render[i] = render;
            tail.CopyTo(_tail[i]);
            _newest = serial;
        }
    }

    /// <summary>The state that produces <paramref name="serial"/> (or the newest, if it has not been synthesised yet), copied out.</summary>
    public (RandomState Dream, RandomState Render, float[] Tail) Before(long serial)
    {
        lock (_gate)
        {
            int i = (int)(serial % Slots);
            // Any other slot's state would produce another pattern: a checkpoint from it would not resume this session.
            if (_serial[i] != serial)
                throw new InvalidOperationException($"the synthesis state before pattern {serial} is not kept (the newest is {_newest}).");
            return (_dream[i], _render[i], (float[])_tail[i].Clone());
        }
    }
}
