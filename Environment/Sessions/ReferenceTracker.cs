using ActionPerception.Agents.Tastes;
using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// The generator measured toward the run's reference taste, independent of the listener: exact measures from the
/// trainer's generative distribution at each epoch's start (no sampling). Keeps the whole per-epoch series for the
/// run's convergence summary.
/// </summary>
internal sealed class ReferenceTracker(ReferenceSet reference)
{
    private readonly List<ConvergencePoint> _series = [];

    public ReferenceSet Reference { get; } = reference;
    public ReferenceMeasures? Latest { get; private set; }
    public ReferenceMeasures? Start { get; private set; }
    public double? Chance { get; private set; }

    /// <summary>Measures the generator as it is at <paramref name="t"/> (an epoch's start), when <paramref name="patternsHeard"/> had been heard.</summary>
    public void Measure(double t, long patternsHeard, ReadOnlySpan<double> generator)
    {
        var m = ConvergenceMeasures.Compute(generator, Reference);
        // The starting generator's false-positive rate is the chance level of this run.
        Chance ??= m.FalsePositiveRate;
        if (_series.Count > 0 && t < _series[^1].TimeSeconds) t = _series[^1].TimeSeconds;
        _series.Add(new ConvergencePoint(t, patternsHeard, m));
        Latest = new ReferenceMeasures(LogEvent.R(m.FalsePositiveRate), LogEvent.R(m.Coverage), LogEvent.R(m.Entropy), LogEvent.Finite(m.KlReferenceGen));
        Start ??= Latest;
    }

    public ConvergenceSummary Summary() => ConvergenceSummary.Compute(Reference.Name, Chance ?? double.NaN, _series);
}
