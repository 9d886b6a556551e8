using System.Globalization;

namespace ActionPerception.Audio;

/// <summary>
/// How late, on an output's own played-frame clock, a person's key press follows the sound it answers: the whole
/// chain of the output's unreported buffering, the player, the headphones, the person's timing and the terminal's
/// key delay, measured by <c>ap calibrate</c>. A press at clock time t answers the sound at t − <see cref="OffsetSeconds"/>.
/// </summary>
public sealed record OutputCalibration
{
    /// <summary>The output it was measured on (<see cref="OutputSpec.Key"/>).</summary>
    public required string Output { get; init; }
    /// <summary>Mean key-to-click offset in seconds (positive: the key comes after the click).</summary>
    public required double OffsetSeconds { get; init; }
    /// <summary>Standard deviation of the offsets in seconds.</summary>
    public required double SpreadSeconds { get; init; }
    /// <summary>Presses matched to a click, out of <see cref="Clicks"/> scored clicks.</summary>
    public required int Presses { get; init; }
    public required int Clicks { get; init; }
    public required DateTimeOffset MeasuredUtc { get; init; }
    /// <summary>Made by <c>--simulate-offset</c> (a test), not by a person.</summary>
    public bool Simulated { get; init; }

    /// <summary>The mean and spread of <paramref name="offsets"/> (seconds, one per matched press).</summary>
    public static OutputCalibration FromOffsets(string output, IReadOnlyList<double> offsets, int clicks, DateTimeOffset measuredUtc, bool simulated)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offsets.Count, 2, nameof(offsets));
        double mean = offsets.Average();
        double sd = Math.Sqrt(offsets.Sum(o => (o - mean) * (o - mean)) / (offsets.Count - 1));
        return new OutputCalibration
        {
            Output = output,
            OffsetSeconds = mean,
            SpreadSeconds = sd,
            Presses = offsets.Count,
            Clicks = clicks,
            MeasuredUtc = measuredUtc,
            Simulated = simulated,
        };
    }

    /// <summary>One line for logs and notes, e.g. "+123.4 ms ± 8.2 ms (38 of 40 clicks, 2026-12-03 16:40 UTC)".</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{OffsetSeconds * 1000:+0.0;-0.0;0.0} ms ± {SpreadSeconds * 1000:F1} ms ({Presses} of {Clicks} clicks, {MeasuredUtc.UtcDateTime:yyyy-MM-dd HH:mm} UTC{(Simulated ? ", simulated" : "")})");
}
