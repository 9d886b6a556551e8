using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Sessions;

public sealed partial class Session
{
    /// <summary>
    /// Virtual time: the clock jumps to the next event. On the way, training takes exactly floor(budget · t) steps
    /// (inline, so judgements are applied at once), and synthesis and streaming run inline too: a run is
    /// reproducible byte for byte from its seed, and only the CPU limits its speed.
    /// </summary>
    private sealed class VirtualClock(Session s) : IClock
    {
        private readonly float[][] _buffers = [new float[s.BufferFrames], new float[s.BufferFrames], new float[s.BufferFrames]];
        private readonly Playing?[] _pending = new Playing?[3];
        private long _now = s._frameOffset;
        private long _budgetUsed;
        private bool _dirty; // a judgement changed the drum layer or dataset since the last publish

        public SessionMode Mode => SessionMode.Virtual;
        public long Now => _now;
        public long StepsTaken { get; private set; }

        public void Begin() { }

        public bool WaitUntil(long frame)
        {
            if (s._requested is not null) return false;
            long target = s.BudgetAt(frame);
            long need = target - _budgetUsed;
            if (need > 0)
            {
                long before = _budgetUsed;
                double start = s.Seconds(s._frameOffset), budget = s.Budget!.Value;
                // Epochs are stamped at the moment their last step was due, not at the next event.
                long taken = s.Train(need, local => start + (before + local) / budget, s._wall);
                _budgetUsed = target;
                StepsTaken += taken;
                if (taken > 0) _dirty = true;
            }
            // As in real time: what changed (steps or an applied like) is published before the next event needs it.
            if (_dirty) { s.Publish(); _dirty = false; }
            _now = Math.Max(_now, frame);
            return true;
        }

        public void Synthesize(long serial)
        {
            int slot = (int)(serial % _buffers.Length);
            _pending[slot] = s.Synthesize(serial, _buffers[slot]);
        }

        public Playing? Deliver(long serial)
        {
            int slot = (int)(serial % _buffers.Length);
            var p = _pending[slot] is { } q && q.Serial == serial ? q : throw new InvalidOperationException($"pattern {serial} was not synthesised before its start (virtual clock).");
            _pending[slot] = null;
            s._parts.Output.Write(_buffers[slot]);
            return p;
        }

        public void ToTraining(Attributed a)
        {
            s.Apply(a);
            _dirty = true;
        }

        public void End() { }
    }
}
