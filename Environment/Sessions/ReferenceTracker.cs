using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Tastes;
using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// The generator measured toward the run's reference taste, independent of the listener: exact measures from the
/// trainer's generative distribution at each epoch's start (no sampling), and the model-free share of played
/// patterns inside the reference.
/// </summary>
internal sealed class ReferenceTracker(Taste reference)
{
    private long _heard, _heardInside;

    public Taste Reference { get; } = reference;
    public ReferenceMeasures? Latest { get; private set; }
    public ReferenceMeasures? First { get; private set; }
    public long HeardCount => Interlocked.Read(ref _heard);
    public long HeardInside => Interlocked.Read(ref _heardInside);

    public void Heard(int pattern)
    {
        Interlocked.Increment(ref _heard);
        if (Reference.Contains(pattern)) Interlocked.Increment(ref _heardInside);
    }

    public ReferenceMeasures Measure(ReadOnlySpan<double> generator)
    {
        var m = ConvergenceMeasures.Of(generator, Reference);
        var r = new ReferenceMeasures(LogEvent.R(m.FalsePositiveRate), LogEvent.R(m.Coverage), LogEvent.R(m.Entropy), LogEvent.Finite(m.KlReferenceGen));
        First ??= r;
        Latest = r;
        return r;
    }
}
