using ActionPerception.Audio;

namespace ActionPerception.Tests.Audio;

public class ClickTrackTests
{
    [Fact]
    public void Clicks_sound_where_the_track_says_and_presses_match_the_nearest_scored_click()
    {
        var t = new ClickTrack(22050, clicks: 10, bpm: 120, countIn: 4, leadInSeconds: 1.5);
        Assert.Equal(0.5, t.IntervalSeconds, 12);
        Assert.Equal(1.5 + 4 * 0.5, t.ScoredClickTime(0), 12);
        var samples = t.Render();
        Assert.Equal((int)Math.Ceiling(t.DurationSeconds * 22050), samples.Length);
        // Silence before the first click, sound right at each click.
        Assert.All(samples.AsSpan(0, (int)(1.5 * 22050) - 1).ToArray(), s => Assert.Equal(0f, s));
        for (int i = 0; i < t.CountIn + t.Clicks; i++)
        {
            int at = (int)Math.Round(t.ClickTime(i) * 22050);
            Assert.True(samples.AsSpan(at, 50).ToArray().Max(Math.Abs) > 0.1f, $"click {i} is silent");
        }

        Assert.Equal((0, 0.12), Round(t.Match(t.ScoredClickTime(0) + 0.12)));
        Assert.Equal((3, -0.05), Round(t.Match(t.ScoredClickTime(3) - 0.05)));
        Assert.Null(t.Match(t.ClickTime(1)));                    // a count-in click is not scored
        Assert.Null(t.Match(t.ScoredClickTime(9) + 0.3));        // nearer the next (absent) click than this one
        Assert.Null(t.Match(t.ScoredClickTime(0) - 0.3));
    }

    private static (int, double)? Round((int Click, double Offset)? m) => m is { } v ? (v.Click, Math.Round(v.Offset, 9)) : null;

    [Fact]
    public void The_result_is_the_mean_and_sample_spread_of_the_offsets()
    {
        var c = OutputCalibration.FromOffsets("alsa:default", [0.10, 0.12, 0.14], 40, DateTimeOffset.UnixEpoch, simulated: false);
        Assert.Equal(0.12, c.OffsetSeconds, 12);
        Assert.Equal(0.02, c.SpreadSeconds, 12);
        Assert.Equal(3, c.Presses);
        Assert.Equal("+120.0 ms ± 20.0 ms (3 of 40 clicks, 1970-01-01 00:00 UTC)", c.Summary());
    }
}
