namespace ActionPerception.Agents.Helmholtz;

/// <summary>
/// Training diverged: a wake-sleep step made a weight, a loss or a divergence non-finite (or a weight larger than
/// <see cref="Limits.MaxWeight"/>). Thrown by <see cref="WakeSleepTrainer"/> before the bad numbers are reported, so
/// the caller can keep its last finite model and stop cleanly. The message names the epoch, what went wrong and the
/// setting to lower.
/// </summary>
public sealed class DivergedException : Exception
{
    public DivergedException(int epoch, string quantity, double value, double learningRate)
        : base(Compose(epoch, quantity, value, learningRate))
    {
        Epoch = epoch;
        Quantity = quantity;
    }

    /// <summary>The 1-based epoch during which training diverged; epochs before it completed with finite numbers.</summary>
    public int Epoch { get; }
    /// <summary>What went non-finite or out of range, e.g. "generative weight [0][3][2]" or "wake loss of layer 1".</summary>
    public string Quantity { get; }
    /// <summary>The setting to lower, as the scenario names it.</summary>
    public string Setting => LearningRateSetting;

    private const string LearningRateSetting = "generator.learningRate";

    private static string Compose(int epoch, string quantity, double value, double lr) =>
        $"training diverged at epoch {epoch}: the {quantity} became {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}. " +
        $"Fix: lower {LearningRateSetting} (--lr), now {lr.ToString(System.Globalization.CultureInfo.InvariantCulture)}; the original uses 0.1";
}
