using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;
using ActionPerception.Audio;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// The synthesis loop of the original, as one owned piece: dreams a pattern from a published snapshot, samples the
/// drum layer and renders the buffer. Its random sources, scratch arrays, renderer tail and history belong to one
/// thread at a time (<see cref="Owner"/>): the engine's in virtual time, the synthesis thread in real time. It never
/// sees the live machine, only snapshots.
/// </summary>
internal sealed class Synthesizer
{
    private readonly PatternRenderer _renderer;
    private readonly SeededRandom _dreamRng;
    private readonly SeededRandom _renderRng;
    private readonly double[][] _dreamStates;
    private readonly double[] _preActivation;
    private readonly DrumHit[] _hits;
    private readonly int _bufferFrames;
    private readonly EpistemicPlay? _epistemic;

    /// <param name="epistemic">Epistemic play, or null to play the one dream (the original).</param>
    public Synthesizer(PatternRenderer renderer, SeededRandom dream, SeededRandom render, HelmholtzMachine shape, int beats, int instruments, long firstSerial,
        EpistemicPlay? epistemic = null)
    {
        _epistemic = epistemic;
        _renderer = renderer;
        _dreamRng = dream;
        _renderRng = render;
        _bufferFrames = renderer.BufferLength;
        _dreamStates = shape.NewStates();
        _preActivation = new double[shape.VisibleUnits];
        _hits = new DrumHit[beats * instruments];
        History = new SynthesisHistory(_bufferFrames);
        History.Capture(firstSerial, _dreamRng.State, _renderRng.State, _renderer.Tail);
    }

    public ThreadOwner Owner { get; } = new("synthesis loop");
    public int BufferFrames => _bufferFrames;

    /// <summary>Thread-safe: checkpoints (taken by the training loop) read the state before a serial from it.</summary>
    public SynthesisHistory History { get; }

    /// <summary>Dream from <paramref name="snap"/>, sample the drum layer, render the buffer of playing <paramref name="serial"/>.</summary>
    public Playing Synthesize(long serial, GeneratorSnapshot snap, Span<float> buffer)
    {
        Owner.Check();
        var m = snap.Machine;
        var states = _dreamStates;
        Logging.Events.PlayChoice? choice = null;
        if (_epistemic is not null) (states, choice) = _epistemic.Choose(m, _dreamRng);
        else m.Dream(states, _dreamRng);
        int pattern = HelmholtzMachine.UnitsToIndex(states[0]);
        m.OutputPreActivation(states, _preActivation);
        var sample = snap.Drums.NewSample(); // one small object per pattern: it lives on in the timeline and the log
        snap.Drums.Sample(pattern, _preActivation, _dreamRng, sample);
        int n = 0;
        for (int k = 0; k < sample.Beats; k++)
            for (int i = 0; i < sample.Instruments; i++)
            {
                int c = k * sample.Instruments + i;
                if (sample.Hit[c]) _hits[n++] = new DrumHit(i, k, (float)sample.Dynamic[c], sample.Division[c]);
            }
        _renderer.Render(_hits.AsSpan(0, n), _renderRng, buffer);
        // The state that produces serial + 1: a checkpoint taken while synthesis runs ahead resumes from it.
        History.Capture(serial + 1, _dreamRng.State, _renderRng.State, _renderer.Tail);
        long start = serial * _bufferFrames;
        return new Playing(serial, pattern, sample, start, start + _bufferFrames, snap.Version, snap.Epoch) { Choice = choice };
    }

    /// <summary>Synthesise from the newest snapshot, held for the duration.</summary>
    public Playing Synthesize(long serial, SnapshotBox snapshots, Span<float> buffer)
    {
        var snap = snapshots.Acquire();
        try { return Synthesize(serial, snap, buffer); }
        finally { SnapshotBox.Release(snap); }
    }
}
