using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Simulations.Analysis;

/// <summary>One epoch's figures as logged; the divergences are measured at the start of the epoch (the trainer's exact tables then).</summary>
public sealed record EpochPoint(double T, int Epoch, long TotalSteps, int AppliedJudgements, double KlDataGen, double KlGenData,
    double Entropy, double? FalsePositiveRate, double? KlListenerGen, double? WallSeconds)
{
    /// <summary>Measures toward the run's reference taste, when the log has them.</summary>
    public ReferenceMeasures? Reference { get; init; }
    /// <summary>Epochs this point stands for (more than one when the log interval aggregated them).</summary>
    public int Epochs { get; init; } = 1;
}
