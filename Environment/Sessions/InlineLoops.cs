using ActionPerception.Agents.Listeners;
using ActionPerception.Audio;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// Virtual time: training spends exactly its budget up to each event and judgements are applied at once, all on
/// the engine's thread, so a run is reproducible byte for byte from its seed and only the CPU limits its speed.
/// </summary>
internal sealed class InlineLoops(TrainingLoop training, Synthesizer synthesizer, IAudioOutput output, Func<long, double> runSeconds, Func<bool> stopping) : ISessionLoops
{
    private readonly float[][] _buffers = [new float[synthesizer.BufferFrames], new float[synthesizer.BufferFrames], new float[synthesizer.BufferFrames]];
    private readonly Playing?[] _pending = new Playing?[3];

    public void Begin() { }

    public void Prepare(long frame)
    {
        if (!stopping()) training.AdvanceTo(runSeconds(frame));
    }

    public void Ready(long frame) { }

    public void Synthesize(long serial)
    {
        int slot = (int)(serial % _buffers.Length);
        _pending[slot] = synthesizer.Synthesize(serial, training.Snapshots, _buffers[slot]);
    }

    public Playing? Deliver(long serial)
    {
        int slot = (int)(serial % _buffers.Length);
        var p = _pending[slot] is { } q && q.Serial == serial ? q : throw new InvalidOperationException($"pattern {serial} was not synthesised before its start (virtual time).");
        _pending[slot] = null;
        output.Write(_buffers[slot]);
        return p;
    }

    public void ToTraining(JudgementKind kind, Playing playing) => training.Apply(kind, playing.Pattern, playing.Drums);

    public bool End() => true;
}
