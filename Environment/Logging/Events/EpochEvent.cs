namespace ActionPerception.Environment.Logging.Events;

/// <summary>
/// The newest finished epoch and, when epochs come faster than the log interval, the aggregate of those since the
/// previous epoch event: nothing trained goes unaccounted for. Divergences are measured on the generator
/// distribution at the start of the newest epoch (the trainer's exact tables of that moment).
/// </summary>
public sealed record EpochEvent : LogEvent
{
    public required int Epoch { get; init; }
    /// <summary>Steps of the newest epoch.</summary>
    public required long Steps { get; init; }
    public required long TotalSteps { get; init; }
    /// <summary>Epochs this event stands for (1 unless the log interval aggregated several).</summary>
    public int Epochs { get; init; } = 1;
    /// <summary>Steps of all the epochs this event stands for.</summary>
    public long? AggregatedSteps { get; init; }
    public required double KlDataGen { get; init; }
    public required double KlGenData { get; init; }
    public required double Entropy { get; init; }
    /// <summary>Mean total loss per step over the epochs this event stands for.</summary>
    public required double Loss { get; init; }
    public required double[] WakeLoss { get; init; }
    public required double[] SleepLoss { get; init; }
    public required double DatasetTotal { get; init; }
    /// <summary>Generator mass outside the listener's own taste set (set-like tastes only).</summary>
    public double? FalsePositiveRate { get; init; }
    public double? KlListenerGen { get; init; }
    public double? KlGenListener { get; init; }
    /// <summary>Measures toward the run's reference taste (independent of the listener).</summary>
    public ReferenceMeasures? Reference { get; init; }
    /// <summary>Wall-clock seconds since the session began (real time only: a virtual log is byte-identical run to run).</summary>
    public double? WallSeconds { get; init; }
}

/// <summary>Exact measures of the generator toward the reference taste set.</summary>
/// <param name="KlReferenceGen">Null when infinite: the generator cannot produce some pattern of the reference.</param>
public sealed record ReferenceMeasures(double FalsePositiveRate, double Coverage, double Entropy, double? KlReferenceGen = null);
