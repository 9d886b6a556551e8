namespace ActionPerception.Audio;

/// <summary>
/// A steady click track for calibration: a lead-in of silence, a few count-in clicks that are not scored (so the
/// person can find the beat), then the scored clicks. Presses are matched to the nearest scored click.
/// </summary>
public sealed class ClickTrack
{
    /// <param name="clicks">Scored clicks.</param>
    /// <param name="bpm">Clicks per minute.</param>
    /// <param name="countIn">Unscored clicks before them.</param>
    /// <param name="leadInSeconds">Silence before the first click, so the output is running when it comes.</param>
    public ClickTrack(int sampleRate, int clicks, double bpm, int countIn = 4, double leadInSeconds = 1.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, RenderSettings.MinSampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(clicks, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(countIn, 0);
        if (!double.IsFinite(bpm) || bpm < 30 || bpm > 240) throw new ArgumentOutOfRangeException(nameof(bpm), bpm, "use 30–240 clicks per minute");
        SampleRate = sampleRate;
        Clicks = clicks;
        CountIn = countIn;
        IntervalSeconds = 60.0 / bpm;
        LeadInSeconds = leadInSeconds;
    }

    public int SampleRate { get; }
    public int Clicks { get; }
    public int CountIn { get; }
    public double IntervalSeconds { get; }
    public double LeadInSeconds { get; }

    /// <summary>Time of click <paramref name="i"/> from the track's start, count-in clicks first (i &lt; <see cref="CountIn"/>).</summary>
    public double ClickTime(int i) => LeadInSeconds + i * IntervalSeconds;

    /// <summary>Time of scored click <paramref name="k"/>.</summary>
    public double ScoredClickTime(int k) => ClickTime(CountIn + k);

    /// <summary>The whole track's length: the last click and one interval after it, for late presses.</summary>
    public double DurationSeconds => ClickTime(CountIn + Clicks - 1) + IntervalSeconds;

    /// <summary>The samples: each click a 10 ms burst of 2 kHz under an exponential decay; count-in clicks lower.</summary>
    public float[] Render()
    {
        var samples = new float[(int)Math.Ceiling(DurationSeconds * SampleRate)];
        int length = SampleRate / 100;
        for (int i = 0; i < CountIn + Clicks; i++)
        {
            int start = (int)Math.Round(ClickTime(i) * SampleRate);
            double frequency = i < CountIn ? 1000 : 2000;
            for (int n = 0; n < length && start + n < samples.Length; n++)
                samples[start + n] = (float)(0.8 * Math.Exp(-5.0 * n / length) * Math.Sin(2 * Math.PI * frequency * n / SampleRate));
        }
        return samples;
    }

    /// <summary>
    /// The offset of a press at <paramref name="pressSeconds"/> (track time) from the nearest scored click, and that
    /// click's index; null when it is nearer a count-in click or beyond half an interval from every scored one.
    /// </summary>
    public (int Click, double Offset)? Match(double pressSeconds)
    {
        int k = (int)Math.Round((pressSeconds - ScoredClickTime(0)) / IntervalSeconds);
        if (k < 0 || k >= Clicks) return null;
        double offset = pressSeconds - ScoredClickTime(k);
        return Math.Abs(offset) < IntervalSeconds / 2 ? (k, offset) : null;
    }
}
