using ActionPerception.Audio;

namespace ActionPerception.Environment.Scenarios;

public sealed record TimingScenario
{
    /// <summary>Seconds before the audible buffer ends at which the next is synthesised; null = a tenth of a buffer (0.5 s at 120 BPM, as the original's 4.5 s of 5 s).</summary>
    public double? LeadSeconds { get; init; }
    /// <summary>A judgement at t applies to the pattern audible at t − shift; null = half a buffer (the original).</summary>
    public double? AttributionShiftSeconds { get; init; }

    /// <summary>
    /// When a simulated listener has heard enough of a pattern to decide, as a fraction of the buffer (1 = at its end,
    /// the default). Its judgement is made then plus its reaction time. The original's half-buffer attribution assumes
    /// a listener who judges a bar after hearing it; a decision at the pattern's start plus a 0.45 s reaction would
    /// land in the previous pattern's attribution window.
    /// </summary>
    public double DecisionPoint { get; init; } = 1.0;

    /// <summary>The longest attribution shift, in buffers (patterns).</summary>
    public const int MaxShiftBuffers = 4;
    /// <summary>
    /// How late a person's key press follows the sound it answers on this output (measured by `ap calibrate`; `ap play`
    /// sets it from the calibration file): added to the attribution shift. Null: none.
    /// </summary>
    public double? KeyLatencySeconds { get; init; }

    public double Lead(double bufferSeconds) => LeadSeconds ?? bufferSeconds / 10;
    public double Shift(double bufferSeconds) => Math.Max(0, (AttributionShiftSeconds ?? bufferSeconds / 2) + (KeyLatencySeconds ?? 0));

    internal void Validate(Action<string, string, string> bad, RenderSettings? render)
    {
        double buffer = render is null ? double.PositiveInfinity : (double)render.BufferLength / render.SampleRate;
        if (LeadSeconds is double l && (!double.IsFinite(l) || l <= 0 || l >= buffer))
            bad("timing.leadSeconds", $"{l} s", $"use a positive time shorter than one buffer ({buffer:F3} s), or null for a tenth of a buffer");
        if (!double.IsFinite(DecisionPoint) || DecisionPoint < 0 || DecisionPoint > 1)
            bad("timing.decisionPoint", $"{DecisionPoint}", "use a fraction of the buffer in [0, 1] (default 1: the listener decides when the pattern has been heard)");
        if (AttributionShiftSeconds is double s && (!double.IsFinite(s) || s < 0))
            bad("timing.attributionShiftSeconds", $"{s} s", "use a time ≥ 0, or null for half a buffer");
        // A judgement is of one of the last patterns heard; a longer shift attributes it to a pattern long gone (or,
        // in a short session, to none, so every judgement is ignored).
        else if (AttributionShiftSeconds is double far && far > MaxShiftBuffers * buffer)
            bad("timing.attributionShiftSeconds", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{far} s is more than {MaxShiftBuffers} buffers ({MaxShiftBuffers * buffer:F3} s)"),
                "use a listener's reaction time, at most a few seconds, or null for half a buffer");
        if (KeyLatencySeconds is double k && (!double.IsFinite(k) || Math.Abs(k) > 1))
            bad("timing.keyLatencySeconds", $"{k} s", "use a calibrated delay within ±1 s (ap calibrate measures it), or null for none");
    }
}
