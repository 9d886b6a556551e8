using ActionPerception.Audio;
using MathNet.Numerics.Distributions;

namespace ActionPerception.Tests.Audio;

public class PatternRendererTests
{
    [Fact]
    public void Buffer_and_beat_lengths_follow_the_original()
    {
        var s = new RenderSettings();
        Assert.Equal(110250, s.BufferLength);
        Assert.Equal(11025, s.BeatLength);
        var fast = new RenderSettings { Bpm = 300, SampleRate = 44100, Beats = 7 };
        Assert.Equal((int)Math.Round(60.0 / 300 * 44100 * 7), fast.BufferLength);
        Assert.Equal((int)Math.Round(fast.BufferLength / 7.0), fast.BeatLength);
    }

    [Theory]
    [InlineData(29.9, 500)]
    [InlineData(301, 500)]
    [InlineData(120, -1)]
    [InlineData(120, 1201)]
    [InlineData(double.NaN, 500)]
    public void Settings_out_of_range_are_refused_with_the_range(double bpm, double deviation)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RenderSettings { Bpm = bpm, Deviation = deviation });
        Assert.Contains("out of range", e.Message);
        Assert.Matches(bpm is < 30 or > 300 or double.NaN ? "Bpm.*30.*300" : "Deviation.*0.*1200", e.Message);
    }

    [Fact]
    public void With_no_deviation_every_onset_is_on_its_beat_at_its_dynamic()
    {
        var r = new PatternRenderer(TestKits.Impulses(3), TestKits.NoDeviation());
        DrumHit[] hits = [new(0, 0, 0.25f), new(1, 3, 0.5f), new(2, 9, 0.75f), new(0, 5, 0.125f)];
        var output = r.Render(hits, new Random(1));

        var expected = new float[r.BufferLength];
        foreach (var h in hits) expected[h.Beat * r.BeatLength] += h.Amplitude;
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Coinciding_hits_add_up()
    {
        var r = new PatternRenderer(TestKits.Impulses(2), TestKits.NoDeviation());
        var output = r.Render([new(0, 4, 0.25f), new(1, 4, 0.5f)], new Random(1));
        Assert.Equal(0.75f, output[4 * r.BeatLength]);
        Assert.Equal(0.75f, output.Sum());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Divisions_add_extra_hits_at_beat_fractions_with_scaled_random_amplitudes(int division)
    {
        var r = new PatternRenderer(TestKits.Impulses(1), TestKits.NoDeviation());
        const float g = 0.8f;
        const int beat = 2;
        var output = r.Render([new(0, beat, g, division)], new Random(42));

        // Replay the documented draw order: onset Gaussian, then per extra hit U(0,1) amplitude and its Gaussian.
        var replay = new Random(42);
        Normal.Sample(replay, 0, 1);
        var expected = new float[r.BufferLength];
        var onset = beat * r.BeatLength;
        expected[onset] = g;
        for (var j = 1; j < division; j++)
        {
            var u = replay.NextDouble();
            Normal.Sample(replay, 0, 1);
            expected[onset + (int)(r.BeatLength * (double)j / division)] += (float)(g * u);
        }
        Assert.Equal(expected, output);
        Assert.Equal(division, output.Count(x => x != 0));
    }

    [Fact]
    public void Division_one_or_less_adds_nothing()
    {
        var r = new PatternRenderer(TestKits.Impulses(1), TestKits.NoDeviation());
        Assert.Single(r.Render([new(0, 1, 0.5f, 1)], new Random(1)), x => x != 0);
        Assert.Single(r.Render([new(0, 1, 0.5f, 0)], new Random(1)), x => x != 0);
    }

    [Fact]
    public void A_tail_past_the_buffer_starts_the_next_buffer_and_nothing_is_lost_or_doubled()
    {
        var settings = TestKits.NoDeviation();
        var length = settings.BufferLength;
        // A ramp 1.5 beats long, hit on the last beat: half a beat spills into the next buffer.
        var sample = Enumerable.Range(0, settings.BeatLength * 3 / 2).Select(i => 0.5f + 0.4f * i / (settings.BeatLength * 1.5f)).ToArray();
        var r = new PatternRenderer(TestKits.Single(sample), settings);
        var rng = new Random(3);

        var first = r.Render([new(0, 9, 1f)], rng);
        var second = r.Render([], rng);
        var third = r.Render([], rng);

        var both = first.Concat(second).ToArray();
        var expected = new float[2 * length];
        sample.CopyTo(expected, 9 * settings.BeatLength);
        Assert.Equal(expected, both);
        Assert.Equal(sample.Sum(), both.Sum(), 3);
        Assert.All(third, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Flushing_returns_the_ringing_tail_and_starts_again_from_silence()
    {
        var settings = TestKits.NoDeviation();
        var sample = Enumerable.Repeat(0.25f, settings.BeatLength * 2).ToArray();
        var r = new PatternRenderer(TestKits.Single(sample), settings);
        r.Render([new(0, 9, 1f)], new Random(1));
        var rest = new float[r.BufferLength];
        var n = r.FlushTail(rest);
        Assert.Equal(settings.BeatLength, n);
        Assert.All(rest[..n], x => Assert.Equal(0.25f, x));
        Assert.Equal(0, r.FlushTail(rest));
        Assert.All(r.Render([], new Random(1)), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void The_tail_mixes_with_the_next_patterns_hits()
    {
        var settings = TestKits.NoDeviation();
        var sample = Enumerable.Repeat(0.25f, settings.BeatLength * 2).ToArray();
        var r = new PatternRenderer(TestKits.Single(sample), settings);
        var rng = new Random(3);
        r.Render([new(0, 9, 1f)], rng);
        var second = r.Render([new(0, 0, 1f)], rng);
        // Beat 0 of the next buffer hears the previous hit's tail plus the new hit.
        Assert.Equal(0.5f, second[0]);
        Assert.Equal(0.5f, second[settings.BeatLength - 1]);
        Assert.Equal(0.25f, second[settings.BeatLength]);
    }

    [Fact]
    public void Samples_past_the_end_of_the_working_array_are_cut()
    {
        var settings = TestKits.NoDeviation();
        var sample = Enumerable.Repeat(0.5f, settings.BufferLength * 3).ToArray();
        var r = new PatternRenderer(TestKits.Single(sample), settings);
        var rng = new Random(3);
        var first = r.Render([new(0, 5, 1f)], rng);
        var second = r.Render([], rng);
        var third = r.Render([], rng);
        Assert.Equal(0.5f * (2 * settings.BufferLength - 5 * settings.BeatLength), first.Sum() + second.Sum(), 0);
        Assert.All(second, x => Assert.Equal(0.5f, x));
        Assert.All(third, x => Assert.Equal(0f, x));
        Assert.Contains(r.Warnings, w => w.Contains("longer than one buffer"));
    }

    [Fact]
    public void A_peak_above_one_scales_the_whole_working_array_to_0_98()
    {
        var settings = TestKits.NoDeviation();
        // Impulse then a long low plateau that reaches into the carried tail.
        var sample = new float[settings.BeatLength * 3];
        sample[0] = 1f;
        for (var i = 1; i < sample.Length; i++) sample[i] = 0.1f;
        var r = new PatternRenderer(TestKits.Single(sample), settings);
        var rng = new Random(3);
        var first = r.Render([new(0, 0, 1f), new(0, 0, 1f), new(0, 9, 0.5f)], rng);

        Assert.Equal(0.98f, first.Max(Math.Abs), 6);
        var scale = 0.98f / 2f;
        Assert.Equal(0.2f * scale, first[1], 6);
        var second = r.Render([], rng);
        // The carried tail was scaled with the same factor, before it was carried.
        Assert.Equal(0.1f * scale * 0.5f, second[settings.BeatLength], 6);
        Assert.True(second.Max(Math.Abs) < 0.98f);
    }

    [Fact]
    public void A_peak_of_exactly_one_is_left_alone_and_a_peak_in_the_tail_alone_scales_the_head_too()
    {
        var settings = TestKits.NoDeviation();
        var r = new PatternRenderer(TestKits.Impulses(1), settings);
        Assert.Equal(1f, r.Render([new(0, 3, 1f)], new Random(1)).Max());

        // A sample that peaks only after the buffer end: the head is scaled by the tail's peak (the original's rule).
        var sample = new float[settings.BeatLength * 2];
        sample[0] = 0.5f;
        sample[^1] = 1f;
        var r2 = new PatternRenderer(TestKits.Single(sample), settings);
        var first = r2.Render([new(0, 9, 2f)], new Random(1));
        Assert.Equal(0.98f / 2f, first[9 * settings.BeatLength], 6);
        var second = r2.Render([], new Random(1));
        Assert.Equal(0.98f, second[settings.BeatLength - 1], 6);
    }

    [Fact]
    public void The_same_seed_gives_the_same_samples_bit_for_bit()
    {
        var settings = new RenderSettings { Deviation = 500 };
        var kit = DrumKit.BuiltIn();
        var hits = RenderBenchmark.TypicalPattern(settings.Beats, kit.Count);
        float[][] Run(int seed)
        {
            var r = new PatternRenderer(kit, settings);
            var rng = new Random(seed);
            return [r.Render(hits, rng), r.Render(hits, rng), r.Render(hits, rng)];
        }
        var a = Run(7);
        var b = Run(7);
        var c = Run(8);
        for (var i = 0; i < a.Length; i++)
            Assert.True(a[i].AsSpan().SequenceEqual(b[i]), $"buffer {i} differs between equal seeds");
        Assert.False(a[0].AsSpan().SequenceEqual(c[0]), "different seeds gave the same buffer");
    }

    [Fact]
    public void Onsets_below_zero_are_clipped_to_sample_zero_not_dropped()
    {
        var settings = new RenderSettings { Deviation = 1200 };
        var r = new PatternRenderer(TestKits.Impulses(1), settings);
        var rng = new Random(5);
        var sawZero = false;
        for (var i = 0; i < 200; i++)
        {
            r.Reset();
            var output = r.Render([new(0, 0, 0.5f)], rng);
            Assert.Equal(0.5f, output.Sum());
            sawZero |= output[0] == 0.5f;
        }
        Assert.True(sawZero, "with deviation 1200 about half the beat-0 onsets should clip to sample 0");
    }

    [Fact]
    public void Rendering_allocates_nothing_per_buffer()
    {
        var settings = new RenderSettings();
        var kit = DrumKit.BuiltIn();
        var r = new PatternRenderer(kit, settings);
        var hits = RenderBenchmark.TypicalPattern(settings.Beats, kit.Count);
        var output = new float[r.BufferLength];
        var rng = new Random(1);
        for (var i = 0; i < 5; i++) r.Render(hits, rng, output);

        // The least of three rounds: tiered compilation may allocate once on this thread while a round runs.
        long least = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++) r.Render(hits, rng, output);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, least);
    }

    [Fact]
    public void The_tail_can_be_saved_restored_and_reset()
    {
        var settings = new RenderSettings();
        var kit = DrumKit.BuiltIn();
        var hits = RenderBenchmark.TypicalPattern(settings.Beats, kit.Count);
        var a = new PatternRenderer(kit, settings);
        a.Render(hits, new Random(1));
        var saved = a.Tail.ToArray();
        Assert.Contains(saved, x => x != 0);
        var next = a.Render(hits, new Random(2));

        var b = new PatternRenderer(kit, settings);
        b.SetTail(saved);
        Assert.Equal(next, b.Render(hits, new Random(2)));

        b.Reset();
        Assert.All(b.Tail.ToArray(), x => Assert.Equal(0f, x));
        Assert.All(b.Render([], new Random(2)), x => Assert.Equal(0f, x));
        Assert.Throws<ArgumentException>(() => b.SetTail(new float[3]));
    }

    [Fact]
    public void Bad_hits_and_mismatched_kits_are_refused_without_changing_state()
    {
        var r = new PatternRenderer(TestKits.Impulses(2), TestKits.NoDeviation());
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Render([new(2, 0, 1f)], new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Render([new(0, 10, 1f)], new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Render([new(0, -1, 1f)], new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Render([new(0, 0, float.NaN)], new Random(1)));
        Assert.Throws<ArgumentException>(() => r.Render([], new Random(1), new float[10]));
        var e = Assert.Throws<ArgumentException>(() => new PatternRenderer(DrumKit.BuiltIn(44100), new RenderSettings()));
        Assert.Contains("44100", e.Message);
    }

    [Fact]
    public void Sixteen_bit_conversion_rounds_and_clamps()
    {
        float[] x = [0f, 1f, -1f, 2f, -2f, 0.5f, 1f / 32767 * 0.49f];
        var y = new short[x.Length];
        Pcm.ToInt16(x, y);
        Assert.Equal(new short[] { 0, 32767, -32767, 32767, -32768, 16384, 0 }, y);
    }
}
