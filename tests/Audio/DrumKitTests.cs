using ActionPerception.Audio;
using NAudio.Wave;

namespace ActionPerception.Tests.Audio;

public class BuiltInKitTests
{
    [Fact]
    public void Has_the_originals_six_instruments_in_order()
    {
        var kit = DrumKit.BuiltIn();
        Assert.Equal(["kick", "snare", "clap", "closed hi-hat", "open hi-hat", "bass"], kit.InstrumentNames);
        Assert.Equal(22050, kit.SampleRate);
        Assert.Null(kit.SourceFiles);
    }

    [Theory]
    [InlineData(22050)]
    [InlineData(44100)]
    [InlineData(48000)]
    public void Is_the_same_on_every_run_audible_and_not_clipped_at_any_rate(int rate)
    {
        var a = DrumKit.BuiltIn(rate);
        var b = DrumKit.BuiltIn(rate);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.True(a.Sample(i).SequenceEqual(b.Sample(i)), $"{a.InstrumentNames[i]} differs between runs");
            var peak = a.Sample(i).ToArray().Max(Math.Abs);
            Assert.InRange(peak, 0.3f, 1f);
            Assert.InRange(a.Sample(i).Length, (int)(0.1 * rate), rate);
            // Every voice ends in silence (no click when it is cut off).
            Assert.True(Math.Abs(a.Sample(i)[^1]) < 1e-3, $"{a.InstrumentNames[i]} does not fade out");
        }
    }

    [Fact]
    public void Low_voices_are_low_and_hats_are_high()
    {
        var kit = DrumKit.BuiltIn();
        double CrossingsPerSecond(int i)
        {
            var x = kit.Sample(i);
            var n = 0;
            for (var k = 1; k < x.Length; k++) if (x[k - 1] < 0 != x[k] < 0) n++;
            return n * (double)kit.SampleRate / x.Length / 2; // ≈ dominant frequency in Hz
        }
        Assert.InRange(CrossingsPerSecond(0), 30, 120);   // kick: 150 → 50 Hz sweep
        Assert.InRange(CrossingsPerSecond(5), 40, 150);   // bass: 55 Hz
        Assert.True(CrossingsPerSecond(3) > 3000, $"closed hat at {CrossingsPerSecond(3)} Hz");
        Assert.True(CrossingsPerSecond(4) > 3000, $"open hat at {CrossingsPerSecond(4)} Hz");
        Assert.True(kit.Sample(4).Length > kit.Sample(3).Length, "the open hat should ring longer than the closed one");
    }
}

public class KitLoaderTests
{
    public static TheoryData<string, int, int> Formats()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var f in new[] { "pcm8", "pcm16", "pcm24", "pcm32", "float32", "float64", "ext-pcm24", "ext-float32" })
            foreach (var ch in new[] { 1, 2 })
                foreach (var rate in new[] { 22050, 44100, 48000 })
                    data.Add(f, ch, rate);
        return data;
    }

    /// <summary>Writes a WAV with a 441 Hz sine at 0.5 on the first channel and 0.25 on the second, if any.</summary>
    internal static void WriteTone(string path, string format, int channels, int rate, double seconds = 0.2)
    {
        var (bits, isFloat) = format.Replace("ext-", "") switch
        {
            "pcm8" => (8, false), "pcm16" => (16, false), "pcm24" => (24, false), "pcm32" => (32, false),
            "float32" => (32, true), "float64" => (64, true), _ => throw new ArgumentException(format),
        };
        // WAVE_FORMAT_EXTENSIBLE is what many editors write for 24-bit and float files.
        var wf = format.StartsWith("ext-", StringComparison.Ordinal)
            ? new WaveFormatExtensible(rate, bits, channels, isFloat, bits, channels == 1 ? 0x4 : 0x3)
            : isFloat ? WaveFormat.CreateCustomFormat(WaveFormatEncoding.IeeeFloat, rate, channels, rate * channels * bits / 8, channels * bits / 8, bits)
            : new WaveFormat(rate, bits, channels);
        using var w = new WaveFileWriter(path, wf);
        var frames = (int)(seconds * rate);
        var bytes = new List<byte>();
        for (var n = 0; n < frames; n++)
            for (var c = 0; c < channels; c++)
            {
                var x = (c == 0 ? 0.5 : 0.25) * Math.Sin(2 * Math.PI * 441 * n / rate);
                switch (bits, isFloat)
                {
                    case (8, _): bytes.Add((byte)Math.Round(128 + 127 * x)); break;
                    case (16, _): bytes.AddRange(BitConverter.GetBytes((short)Math.Round(32767 * x))); break;
                    case (24, _):
                        var v = (int)Math.Round(8388607 * x);
                        bytes.Add((byte)v); bytes.Add((byte)(v >> 8)); bytes.Add((byte)(v >> 16));
                        break;
                    case (32, false): bytes.AddRange(BitConverter.GetBytes((int)Math.Round(2147483647 * x))); break;
                    case (64, true): bytes.AddRange(BitConverter.GetBytes(x)); break;
                    default: bytes.AddRange(BitConverter.GetBytes((float)x)); break;
                }
            }
        w.Write(bytes.ToArray());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Loads_every_pcm_and_float_format_mixed_to_mono_and_resampled(string format, int channels, int rate)
    {
        using var dir = new TempDir();
        WriteTone(dir.File("tone.wav"), format, channels, rate);
        var kit = DrumKit.FromFolder(dir.Path, 22050);

        Assert.Equal(["tone"], kit.InstrumentNames);
        var x = kit.Sample(0).ToArray();
        Assert.InRange(x.Length, (int)(0.2 * 22050) - 64, (int)(0.2 * 22050) + 64);
        // Mono = mean of the channels: 0.5 for mono, (0.5 + 0.25) / 2 for stereo.
        var expectedPeak = channels == 1 ? 0.5 : 0.375;
        var middle = x[(x.Length / 4)..(3 * x.Length / 4)];
        Assert.InRange(middle.Max(), expectedPeak * 0.95, expectedPeak * 1.05);
        // Still a 441 Hz tone after resampling: 441 cycles per second.
        var crossings = 0;
        for (var k = 1; k < middle.Length; k++) if (middle[k - 1] < 0 != middle[k] < 0) crossings++;
        Assert.InRange(crossings / 2.0 / (middle.Length / 22050.0), 420, 460);
    }

    [Fact]
    public void Instruments_are_sorted_by_ordinal_file_name()
    {
        using var dir = new TempDir();
        foreach (var name in new[] { "b.wav", "a.wav", "A.WAV", "_x.wav" })
            WriteTone(dir.File(name), "pcm16", 1, 22050, 0.05);
        System.IO.File.WriteAllText(dir.File("notes.txt"), "not audio");
        var kit = DrumKit.FromFolder(dir.Path, 22050);
        Assert.Equal(["A", "_x", "a", "b"], kit.InstrumentNames);
        Assert.Equal(System.IO.Path.GetFileName(dir.Path), kit.Name);
        Assert.Empty(kit.Warnings);
    }

    [Fact]
    public void A_manifest_sets_name_order_and_gain()
    {
        using var dir = new TempDir();
        WriteTone(dir.File("bd.wav"), "pcm16", 1, 22050, 0.05);
        WriteTone(dir.File("sd.wav"), "pcm16", 1, 22050, 0.05);
        System.IO.File.WriteAllText(dir.File("kit.json"), """
            { "schemaVersion": 1, "name": "909",
              "instruments": [ { "name": "snare", "file": "sd.wav", "gain": 0.5 }, { "file": "bd.wav" } ] }
            """);
        var kit = DrumKit.FromFolder(dir.Path, 22050);
        Assert.Equal("909", kit.Name);
        Assert.Equal(["snare", "bd"], kit.InstrumentNames);
        Assert.InRange(kit.Sample(0).ToArray().Max(), 0.24, 0.26);
        Assert.InRange(kit.Sample(1).ToArray().Max(), 0.49, 0.51);
        Assert.EndsWith("sd.wav", kit.SourceFiles![0]);
    }

    [Fact]
    public void A_manifest_saved_with_a_byte_order_mark_loads()
    {
        // Notepad writes UTF-8 with a BOM; the JSON reader refused its first byte 0xEF when given the raw bytes.
        using var dir = new TempDir();
        WriteTone(dir.File("bd.wav"), "pcm16", 1, 22050, 0.05);
        System.IO.File.WriteAllText(dir.File("kit.json"), """{ "schemaVersion": 1, "name": "bom", "instruments": [ { "name": "kick", "file": "bd.wav" } ] }""",
            new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, System.IO.File.ReadAllBytes(dir.File("kit.json"))[0]);
        var kit = DrumKit.FromFolder(dir.Path, 22050);
        Assert.Equal("bom", kit.Name);
        Assert.Equal(["kick"], kit.InstrumentNames);
    }

    [Theory]
    [InlineData("""{ "schemaVersion": 2, "instruments": [ { "file": "bd.wav" } ] }""", "schemaVersion 2")]
    [InlineData("""{ "instruments": [ { "file": "bd.wav" } ] }""", "schemaVersion 0")]
    [InlineData("""{ "schemaVersion": 1, "instruments": [] }""", "no instruments")]
    [InlineData("""{ "schemaVersion": 1, "instruments": [ { "file": "bd.wav", "gian": 2 } ] }""", "gian")]
    [InlineData("""{ "schemaVersion": 1, "instruments": [ { "file": "bd.wav", "gain": -1 } ] }""", "gain -1")]
    [InlineData("""{ "schemaVersion": 1, "instruments": [ { "file": "../bd.wav" } ] }""", "outside the kit folder")]
    [InlineData("""{ "schemaVersion": 1, "instruments": [ { "file": "bd.wav" }, { "file": "bd.wav" } ] }""", "repeats")]
    [InlineData("""{ "schemaVersion": 1, "instruments": [ { "file": "bd.wav" } """, "line")]
    public void A_bad_manifest_is_refused_naming_kit_json_and_the_problem(string json, string problem)
    {
        using var dir = new TempDir();
        WriteTone(dir.File("bd.wav"), "pcm16", 1, 22050, 0.05);
        System.IO.File.WriteAllText(dir.File("kit.json"), json);
        var e = Assert.Throws<KitLoadException>(() => DrumKit.FromFolder(dir.Path, 22050));
        Assert.Equal(dir.File("kit.json"), e.Path);
        Assert.Contains("kit.json", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_manifest_naming_a_missing_file_names_that_file()
    {
        using var dir = new TempDir();
        System.IO.File.WriteAllText(dir.File("kit.json"), """{ "schemaVersion": 1, "instruments": [ { "file": "gone.wav" } ] }""");
        var e = Assert.Throws<KitLoadException>(() => DrumKit.FromFolder(dir.Path, 22050));
        Assert.Contains("gone.wav", e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "no-such-kit-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<KitLoadException>(() => DrumKit.FromFolder(path, 22050));
        Assert.Equal(path, e.Path);
        Assert.Contains("does not exist", e.Message);
        Assert.Contains("built-in kit", e.Message);
    }

    [Fact]
    public void A_folder_without_wav_files_is_refused()
    {
        using var dir = new TempDir();
        System.IO.File.WriteAllText(dir.File("readme.txt"), "no audio here");
        var e = Assert.Throws<KitLoadException>(() => DrumKit.FromFolder(dir.Path, 22050));
        Assert.Contains("no .wav files", e.Message);
    }

    public static TheoryData<string, string> BrokenFiles() => new()
    {
        { "empty", "empty file" },
        { "text", "not a readable WAV" },
        { "truncated", "truncated" },
        { "no-data", "no audio" },
        { "header-only", "not a readable WAV" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void A_broken_file_is_named_with_what_is_wrong(string kind, string problem)
    {
        using var dir = new TempDir();
        WriteTone(dir.File("a-good.wav"), "pcm16", 1, 22050, 0.05);
        var bad = dir.File("b-bad.wav");
        switch (kind)
        {
            case "empty":
                System.IO.File.WriteAllBytes(bad, []);
                break;
            case "text":
                System.IO.File.WriteAllText(bad, "This is not a RIFF file at all, just some words in a .wav file.");
                break;
            case "truncated":
                WriteTone(bad, "pcm16", 1, 22050, 0.5);
                var bytes = System.IO.File.ReadAllBytes(bad);
                System.IO.File.WriteAllBytes(bad, bytes[..(bytes.Length * 3 / 4)]);
                break;
            case "no-data":
                using (new WaveFileWriter(bad, new WaveFormat(22050, 16, 1))) { }
                break;
            case "header-only":
                WriteTone(bad, "pcm16", 1, 22050, 0.5);
                System.IO.File.WriteAllBytes(bad, System.IO.File.ReadAllBytes(bad)[..20]);
                break;
        }
        var e = Assert.Throws<KitLoadException>(() => DrumKit.FromFolder(dir.Path, 22050));
        Assert.Equal(bad, e.Path);
        Assert.Contains("b-bad.wav", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_sample_longer_than_a_buffer_gives_a_warning_naming_the_file()
    {
        using var dir = new TempDir();
        WriteTone(dir.File("drone.wav"), "pcm16", 1, 22050, 1.5);
        var kit = DrumKit.FromFolder(dir.Path, 22050);
        var fast = new RenderSettings { Bpm = 300, Beats = 2 }; // 0.4 s buffers
        var renderer = new PatternRenderer(kit, fast);
        var w = Assert.Single(renderer.Warnings);
        Assert.Contains("drone.wav", w);
        Assert.Contains("longer than one buffer", w);
        Assert.Empty(kit.CheckFits(new RenderSettings().BufferLength));
    }
}
