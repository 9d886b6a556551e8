namespace ActionPerception.Agents.Tastes;

/// <summary>One epoch's convergence measures toward the reference, where the session was when they were taken.</summary>
/// <param name="TimeSeconds">Session time (seconds of audio).</param>
/// <param name="PatternsHeard">Patterns the listener had heard by then.</param>
public readonly record struct ConvergencePoint(double TimeSeconds, long PatternsHeard, double FalsePositiveRate, double KlReferenceGen, double Coverage, double Entropy)
{
    public ConvergencePoint(double timeSeconds, long patternsHeard, ConvergenceMeasures m)
        : this(timeSeconds, patternsHeard, m.FalsePositiveRate, m.KlReferenceGen, m.Coverage, m.Entropy) { }
}

/// <summary>
/// A run's convergence toward its reference, for summary.json's <c>convergence</c> object (camelCase) and the sweep
/// table. Built by <see cref="Compute"/> from the per-epoch measures:
/// <list type="bullet">
/// <item><see cref="ChanceFalsePositiveRate"/>: the starting generator's false-positive rate (the chance level);</item>
/// <item><see cref="FalsePositiveRate"/>, <see cref="KlReferenceGen"/>, <see cref="Coverage"/>, <see cref="Entropy"/>:
/// means over the last 10 % of epochs (at least one epoch), not the final values: one epoch's value is noisy;</item>
/// <item><see cref="SecondsToHalfChance"/>, <see cref="PatternsToHalfChance"/>: the first epoch from which the false-positive
/// rate, smoothed over a trailing 60 s window, stays at or below half of chance until the end; null if never.</item>
/// </list>
/// A series with no epoch gives nulls for every measured field.
/// </summary>
// "Never" ignored: a run that never reached half of chance says null, not nothing.
public sealed record ConvergenceSummary(
    string Reference,
    double ChanceFalsePositiveRate,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] double? FalsePositiveRate,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] double? SecondsToHalfChance,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] long? PatternsToHalfChance,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] double? Coverage,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] double? KlReferenceGen,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] double? Entropy,
    int Epochs)
{
    /// <summary>The trailing window the false-positive rate is smoothed over for the time to half chance.</summary>
    public const double SmoothingSeconds = 60;
    /// <summary>The share of the last epochs the final measures are averaged over.</summary>
    public const double TailFraction = 0.1;

    /// <summary>
    /// Summarise <paramref name="series"/> (one point per epoch, in time order). <paramref name="chanceFalsePositiveRate"/>
    /// is the starting generator's false-positive rate toward the reference named <paramref name="reference"/>.
    /// Smoothing: at epoch k, the mean of the false-positive rates of the epochs with time in (t_k − 60 s, t_k], each epoch
    /// weighing the same (epochs are equally long at a fixed training budget); before 60 s it averages what there is.
    /// </summary>
    public static ConvergenceSummary Compute(string reference, double chanceFalsePositiveRate, IReadOnlyList<ConvergencePoint> series,
        double smoothingSeconds = SmoothingSeconds, double tailFraction = TailFraction)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(series);
        if (!double.IsFinite(chanceFalsePositiveRate) || chanceFalsePositiveRate < 0 || chanceFalsePositiveRate > 1)
            throw new ArgumentOutOfRangeException(nameof(chanceFalsePositiveRate), chanceFalsePositiveRate, "a false-positive rate is in [0, 1].");
        if (!(smoothingSeconds > 0) || !double.IsFinite(smoothingSeconds))
            throw new ArgumentOutOfRangeException(nameof(smoothingSeconds), smoothingSeconds, "the smoothing window must be a positive time.");
        if (!(tailFraction > 0 && tailFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(tailFraction), tailFraction, "the tail is a fraction in (0, 1].");
        int n = series.Count;
        for (int k = 1; k < n; k++)
            if (series[k].TimeSeconds < series[k - 1].TimeSeconds)
                throw new ArgumentException($"the series is not in time order (epoch {k} at {series[k].TimeSeconds} s follows {series[k - 1].TimeSeconds} s).", nameof(series));
        if (n == 0) return new ConvergenceSummary(reference, chanceFalsePositiveRate, null, null, null, null, null, null, 0);

        int tail = Math.Max(1, (int)Math.Ceiling(tailFraction * n - 1e-9));
        double fp = 0, kl = 0, cov = 0, h = 0;
        for (int k = n - tail; k < n; k++)
        {
            fp += series[k].FalsePositiveRate;
            kl += series[k].KlReferenceGen;
            cov += series[k].Coverage;
            h += series[k].Entropy;
        }

        // The smoothed rate at every epoch over its trailing window; `first` starts the run of epochs at or below half of
        // chance that is still unbroken at the end.
        double half = chanceFalsePositiveRate / 2;
        // Each window is summed afresh (no running sum whose rounding could tip a value across half of chance).
        int first = -1, lo = 0;
        for (int k = 0; k < n; k++)
        {
            while (series[lo].TimeSeconds <= series[k].TimeSeconds - smoothingSeconds) lo++;
            double sum = 0;
            for (int j = lo; j <= k; j++) sum += series[j].FalsePositiveRate;
            if (sum / (k - lo + 1) <= half) { if (first < 0) first = k; }
            else first = -1;
        }

        return new ConvergenceSummary(reference, chanceFalsePositiveRate, fp / tail,
            first < 0 ? null : series[first].TimeSeconds, first < 0 ? null : series[first].PatternsHeard,
            cov / tail, kl / tail, h / tail, n);
    }
}
