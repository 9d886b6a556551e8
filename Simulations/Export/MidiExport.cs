using NAudio.Midi;

namespace ActionPerception.Simulations.Export;

/// <summary>
/// Liked patterns as a General MIDI file (type 1: a tempo track and a drum track on channel 10), one bar of the
/// pattern's beats each, one after the other: a beat is a quarter note at the session's tempo (as the renderer
/// plays it), each hit a note of the instrument's GM number, its dynamic the velocity, a division of d strokes d
/// notes evenly within the beat. A tempo change is written where the next run's tempo differs.
/// </summary>
public static class MidiExport
{
    public const int TicksPerQuarter = 480;

    /// <summary>Writes the file (never over an existing one unless <paramref name="overwrite"/>); returns the instruments with no GM name.</summary>
    public static IReadOnlyList<string> Write(string path, IReadOnlyList<LikedPattern> liked, bool overwrite)
    {
        var events = new MidiEventCollection(1, TicksPerQuarter);
        events.AddTrack();
        events.AddTrack();
        var unmapped = new SortedSet<string>(StringComparer.Ordinal);
        long tick = 0;
        double? bpm = null;
        int? beatsPerBar = null;
        events.AddEvent(new TextEvent("ActionPerception liked patterns", MetaEventType.SequenceTrackName, 0), 0);
        events.AddEvent(new TextEvent("drums", MetaEventType.SequenceTrackName, 0), 1);
        foreach (var p in liked)
        {
            int beats = p.Beats.Length;
            if (bpm != p.Bpm)
            {
                events.AddEvent(new TempoEvent((int)Math.Round(60_000_000 / p.Bpm), tick), 0);
                bpm = p.Bpm;
            }
            if (beatsPerBar != beats)
            {
                // Denominator as a power of two: 2 is a quarter note.
                events.AddEvent(new TimeSignatureEvent(tick, beats, 2, 24, 8), 0);
                beatsPerBar = beats;
            }
            var (notes, missing) = GeneralMidi.Map([.. p.Instruments.Select(i => i.Name)]);
            foreach (var m in missing) unmapped.Add(m);
            for (int k = 0; k < beats; k++)
                for (int i = 0; i < p.Instruments.Count; i++)
                {
                    var inst = p.Instruments[i];
                    if (k >= inst.Hits.Length || inst.Hits[k] == 0) continue;
                    int strokes = Math.Max(1, inst.Divisions[k]);
                    int length = TicksPerQuarter / strokes;
                    int velocity = GeneralMidi.Velocity(inst.Dynamics[k]);
                    for (int j = 0; j < strokes; j++)
                    {
                        var on = new NoteOnEvent(tick + (long)k * TicksPerQuarter + j * length, GeneralMidi.DrumChannel, notes[i], velocity, Math.Max(1, length / 2));
                        events.AddEvent(on, 1);
                        events.AddEvent(on.OffEvent!, 1);
                    }
                }
            tick += (long)beats * TicksPerQuarter;
        }
        events.AddEvent(new MetaEvent(MetaEventType.EndTrack, 0, tick), 0);
        events.AddEvent(new MetaEvent(MetaEventType.EndTrack, 0, tick), 1);
        events.PrepareForExport();
        using var stream = new FileStream(path, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write);
        MidiFile.Export(stream, events);
        return [.. unmapped];
    }
}
