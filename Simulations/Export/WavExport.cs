using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Agents.Randomness;
using ActionPerception.Audio;

namespace ActionPerception.Simulations.Export;

/// <summary>
/// Liked patterns rendered back to sound, one buffer each in the order of the MIDI file, through the kit and at the
/// sample rate of the first liked pattern's session and each pattern's own tempo. The onset jitter and roll
/// amplitudes are drawn from the seeded stream "export-render" of that session's seed, so an export is repeatable.
/// </summary>
public static class WavExport
{
    public static double Write(string path, IReadOnlyList<LikedPattern> liked, bool overwrite)
    {
        if (liked.Count == 0) throw new ArgumentException("no liked pattern to render");
        var first = liked[0].Header;
        int rate = first.Scenario.Audio.SampleRate;
        var kit = LoadKit(first.Scenario.Audio.Kit, rate, liked[0].Run);
        var rng = SeededRandom.Derive(first.Scenario.Seed, "export-render");
        using var output = new WavFileOutput(path, rate, WavSampleFormat.Pcm16, overwrite);
        PatternRenderer? renderer = null;
        float[] buffer = [];
        foreach (var p in liked)
        {
            var settings = new RenderSettings { SampleRate = rate, Bpm = p.Bpm, Deviation = p.Header.Scenario.Audio.Deviation, Beats = p.Beats.Length };
            if (renderer is null || renderer.Settings != settings)
            {
                // A new tempo: the previous renderer's ringing tail is played out before the next one starts.
                if (renderer is not null && renderer.FlushTail(buffer) is int tail and > 0) output.Write(buffer.AsSpan(0, tail));
                renderer = new PatternRenderer(kit, settings);
                buffer = new float[renderer.BufferLength];
            }
            var hits = new List<DrumHit>();
            for (int k = 0; k < p.Beats.Length; k++)
                foreach (var inst in p.Instruments)
                {
                    if (k >= inst.Hits.Length || inst.Hits[k] == 0) continue;
                    int index = IndexOf(kit, inst.Name, p.Run);
                    hits.Add(new DrumHit(index, k, (float)inst.Dynamics[k], Math.Max(1, inst.Divisions[k])));
                }
            renderer.Render(hits.ToArray(), rng, buffer);
            output.Write(buffer);
        }
        if (renderer!.FlushTail(buffer) is int last and > 0) output.Write(buffer.AsSpan(0, last));
        output.Drain();
        return (double)output.FramesWritten / rate;
    }

    private static int IndexOf(DrumKit kit, string instrument, string run)
    {
        for (int i = 0; i < kit.InstrumentNames.Count; i++)
            if (kit.InstrumentNames[i] == instrument) return i;
        throw new InputFileException(run, null, $"the kit '{kit.Name}' has no instrument '{instrument}', which a liked pattern of this run played",
            "export the WAV of runs that used one kit, or leave out --wav");
    }

    private static DrumKit LoadKit(string kit, int rate, string run)
    {
        if (kit == "builtin") return DrumKit.BuiltIn(rate);
        if (!Directory.Exists(kit))
            throw new InputFileException(kit, null, $"the kit folder of run {run} is not there (moved or deleted?)", "put the kit back where the run found it, or leave out --wav (the tables and --midi need no kit)");
        return DrumKit.FromFolder(kit, rate);
    }
}
