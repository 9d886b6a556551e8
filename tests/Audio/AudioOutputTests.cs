using ActionPerception.Audio;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace ActionPerception.Tests.Audio;

public class WavFileOutputTests
{
    private static float[][] RenderSome(int buffers)
    {
        var settings = new RenderSettings();
        var kit = DrumKit.BuiltIn();
        var r = new PatternRenderer(kit, settings);
        var hits = RenderBenchmark.TypicalPattern(settings.Beats, kit.Count);
        var rng = new Random(9);
        return [.. Enumerable.Range(0, buffers).Select(_ => r.Render(hits, rng))];
    }

    [Fact]
    public void A_16_bit_file_reads_back_through_NAudio_while_still_open()
    {
        using var dir = new TempDir();
        var buffers = RenderSome(2);
        using var output = new WavFileOutput(dir.File("s.wav"), 22050);
        foreach (var b in buffers) output.Write(b);

        // The writer is not disposed: a session killed now must still leave a valid file.
        using (var reader = new WaveFileReader(new FileStream(dir.File("s.wav"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite)))
        {
            Assert.Equal(new WaveFormat(22050, 16, 1), reader.WaveFormat);
            var expected = buffers.SelectMany(b => b).ToArray();
            Assert.Equal(expected.Length, reader.SampleCount);
            var samples = reader.ToSampleProvider();
            var back = new float[expected.Length];
            Assert.Equal(expected.Length, samples.Read(back));
            for (var i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - back[i]) <= 1.5f / 32767, $"sample {i}: wrote {expected[i]}, read {back[i]}");
        }
        Assert.Equal(2L * buffers[0].Length, output.FramesWritten);
        Assert.Equal(output.FramesWritten, output.FramesPlayed);
        Assert.Equal(output.FramesWritten * 2, output.GetPosition());
    }

    [Fact]
    public void A_float_file_round_trips_exactly()
    {
        using var dir = new TempDir();
        var buffer = RenderSome(1)[0];
        using (var output = new WavFileOutput(dir.File("f.wav"), 22050, WavSampleFormat.Float32))
            output.Write(buffer);
        using var reader = new WaveFileReader(dir.File("f.wav"));
        Assert.Equal(WaveFormatEncoding.IeeeFloat, reader.WaveFormat.Encoding);
        var back = new float[buffer.Length];
        Assert.Equal(buffer.Length, reader.ToSampleProvider().Read(back));
        Assert.Equal(buffer, back);
    }

    [Fact]
    public void An_existing_file_is_not_overwritten_unless_asked()
    {
        using var dir = new TempDir();
        var path = dir.File("keep.wav");
        System.IO.File.WriteAllText(path, "precious");
        var e = Assert.Throws<AudioOutputException>(() => AudioOutputs.Open($"wav:{path}", 22050));
        Assert.Contains("already exists", e.Message);
        Assert.Contains("null", e.Message);
        Assert.Equal("precious", System.IO.File.ReadAllText(path));

        using (var o = AudioOutputs.Open($"wav:{path}", 22050, new AudioOutputOptions { Overwrite = true }))
            o.Write(new float[100]);
        using var reader = new WaveFileReader(path);
        Assert.Equal(100, reader.SampleCount);
    }
}

public class AudioOutputFactoryTests
{
    [Fact]
    public void Specs_open_the_right_outputs()
    {
        using (var o = AudioOutputs.Open("null", 22050))
            Assert.False(Assert.IsType<NullOutput>(o).Paced);
        using (var o = AudioOutputs.Open("null:paced", 44100))
        {
            Assert.True(Assert.IsType<NullOutput>(o).Paced);
            Assert.Equal(44100, o.SampleRate);
        }
        using var dir = new TempDir();
        using (var o = AudioOutputs.Open($"wav:{dir.File("x.wav")}", 22050))
            Assert.IsType<WavFileOutput>(o);
    }

    [Theory]
    [InlineData("speakerz")]
    [InlineData("wav:")]
    [InlineData("null:fast")]
    [InlineData("waveout")]
    [InlineData("alsa:no_such_device_here")]
    public void An_output_that_cannot_open_says_which_why_and_what_to_use_instead(string spec)
    {
        var e = Assert.Throws<AudioOutputException>(() => AudioOutputs.Open(spec, 22050));
        Assert.Equal(spec, e.Output);
        Assert.Contains($"'{spec}'", e.Message);
        Assert.Contains("wav:PATH", e.Message);
        Assert.Contains("null", e.Message);
        Assert.False(string.IsNullOrWhiteSpace(e.Reason));
    }

    [Fact]
    public void Any_NAudio_sample_provider_plays_through_an_output()
    {
        var tone = new SignalGenerator(22050, 1) { Frequency = 440, Gain = 0.2 }.Take(TimeSpan.FromSeconds(0.5));
        using var o = new NullOutput(22050);
        o.Play(tone);
        Assert.Equal(11025, o.FramesWritten);
    }
}

public class NullOutputTests
{
    [Fact]
    public void Unpaced_counts_everything_as_played_at_once()
    {
        using var o = new NullOutput(22050);
        o.Write(new float[110250]);
        o.Write(new float[5]);
        Assert.Equal(110255, o.FramesWritten);
        Assert.Equal(110255, o.FramesPlayed);
        Assert.Equal(110255 * 2, o.GetPosition());
    }

    [Fact]
    public void Paced_plays_by_the_clock_and_drains_to_everything_written()
    {
        using var o = new NullOutput(22050, paced: true, TimeSpan.FromMilliseconds(100));
        o.Write(new float[1100]); // 50 ms: fits in the device buffer, returns without waiting
        Assert.InRange(o.FramesPlayed, 0, 1100);
        o.Write(new float[1100]);
        o.Drain();
        Assert.Equal(2200, o.FramesWritten);
        Assert.Equal(2200, o.FramesPlayed);
    }
}

public class NullOutputUnderrunTests
{
    [Fact]
    public void Paced_counts_an_underrun_when_writes_come_too_late_but_not_after_a_drain()
    {
        using var o = new NullOutput(22050, paced: true, TimeSpan.FromMilliseconds(100));
        o.Write(new float[220]); // 10 ms of audio
        Thread.Sleep(200);       // far longer than what was queued, however slow the machine: the device ran dry
        o.Write(new float[220]);
        Assert.Equal(1, o.Underruns);
        o.Drain();
        Thread.Sleep(50);
        o.Write(new float[220]);
        Assert.Equal(1, o.Underruns);
        o.Drain();
        Assert.Equal(660, o.FramesPlayed);
    }
}

public class AlsaOutputTests
{
    [Fact]
    public void Plays_rendered_audio_to_the_alsa_null_device()
    {
        // Requires libasound.so.2 (Debian: libasound2; .ci/run installs it). Without it this fails, saying so.
        var settings = new RenderSettings();
        var kit = DrumKit.BuiltIn();
        var r = new PatternRenderer(kit, settings);
        var buffer = r.Render(RenderBenchmark.TypicalPattern(settings.Beats, kit.Count), new Random(4));

        using var o = AudioOutputs.Open("alsa:null", settings.SampleRate);
        var alsa = Assert.IsType<AlsaOutput>(o);
        Assert.Equal("null", alsa.Device);
        o.Write(buffer);
        o.Write(buffer.AsSpan(0, 1000));
        Assert.InRange(o.FramesPlayed, 0, o.FramesWritten);
        o.Drain();
        Assert.Equal(buffer.Length + 1000L, o.FramesWritten);
        Assert.Equal(o.FramesWritten, o.FramesPlayed);
        // A drained device plays again (it has to be prepared after snd_pcm_drain).
        o.Write(buffer.AsSpan(0, 500));
        o.Drain();
        Assert.Equal(buffer.Length + 1500L, o.FramesPlayed);
        Assert.Equal(0, o.Underruns);
    }
}

public class PaddedFeedTests
{
    [Fact]
    public void Silence_played_while_the_queue_was_dry_is_not_counted_as_audio()
    {
        var format = new WaveFormat(22050, 16, 1);
        var queue = new BufferedWaveProvider(format, TimeSpan.FromSeconds(1)) { ReadFully = false };
        var feed = new PaddedFeed(queue);
        var block = new byte[400];
        queue.AddSamples(new byte[600], 0, 600);
        Assert.Equal(400, feed.Read(block));   // device bytes 0–400: audio
        Assert.Equal(400, feed.Read(block));   // 400–800: 200 audio, then padding (an underrun)
        Assert.All(block.AsSpan(200).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(400, feed.Read(block));   // 800–1200: all padding
        queue.AddSamples(new byte[400], 0, 400);
        Assert.Equal(400, feed.Read(block));   // 1200–1600: audio again
        Assert.Equal(1, feed.DryRuns);

        Assert.Equal(0, feed.AudioPlayed(0));
        Assert.Equal(300, feed.AudioPlayed(300));
        Assert.Equal(550, feed.AudioPlayed(550));
        Assert.Equal(600, feed.AudioPlayed(700));  // in the padding: the clock waits, it does not run ahead
        Assert.Equal(600, feed.AudioPlayed(1100));
        Assert.Equal(700, feed.AudioPlayed(1300));
        Assert.Equal(1000, feed.AudioPlayed(1600));
    }
}
