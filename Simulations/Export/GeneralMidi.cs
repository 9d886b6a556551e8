namespace ActionPerception.Simulations.Export;

/// <summary>
/// A kit's instrument names mapped to General MIDI percussion notes (channel 10) by the words in the name; an
/// instrument no word matches gets a free note from a fallback list (and the export says which).
/// </summary>
public static class GeneralMidi
{
    /// <summary>The GM drum channel, 1-based as NAudio numbers channels.</summary>
    public const int DrumChannel = 10;

    // Checked in order, so "open hi-hat" is found before "hi-hat" and "bass drum" before a bare "bass".
    private static readonly (string Word, int Note)[] Words =
    [
        ("open hi", 46), ("open hat", 46), ("pedal", 44), ("closed hi", 42), ("closed hat", 42), ("hi-hat", 42), ("hihat", 42), ("hat", 42),
        ("kick", 36), ("bass drum", 36), ("bd", 36), ("bass", 35),
        ("rim", 37), ("snare", 38), ("sd", 38), ("clap", 39),
        ("low tom", 45), ("mid tom", 47), ("high tom", 50), ("tom", 47),
        ("crash", 49), ("ride", 51), ("splash", 55), ("china", 52), ("cowbell", 56), ("tambourine", 54),
        ("shaker", 70), ("maraca", 70), ("conga", 63), ("bongo", 60), ("clave", 75), ("block", 76), ("triangle", 81),
    ];

    private static readonly int[] Fallback = [41, 43, 48, 53, 59, 67, 68, 77, 80];

    /// <summary>The note of each instrument, and the instruments that had no word of the map (they get fallback notes).</summary>
    public static (int[] Notes, IReadOnlyList<string> Unmapped) Map(IReadOnlyList<string> instruments)
    {
        var notes = new int[instruments.Count];
        var unmapped = new List<string>();
        int next = 0;
        for (int i = 0; i < instruments.Count; i++)
        {
            string name = instruments[i].ToLowerInvariant();
            int note = Words.FirstOrDefault(w => Matches(name, w.Word)).Note;
            if (note == 0)
            {
                unmapped.Add(instruments[i]);
                while (next < Fallback.Length && notes.Contains(Fallback[next])) next++;
                note = next < Fallback.Length ? Fallback[next++] : 41;
            }
            notes[i] = note;
        }
        return (notes, unmapped);
    }

    // Short words (bd, sd) only as whole words, so that "sd" does not match inside another name.
    private static bool Matches(string name, string word) => word.Length > 2
        ? name.Contains(word, StringComparison.Ordinal)
        : name.Split([' ', '-', '_', '.'], StringSplitOptions.RemoveEmptyEntries).Contains(word);

    /// <summary>A dynamic in [0, 1] as a MIDI velocity 1–127 (a hit is never silent).</summary>
    public static int Velocity(double dynamic) => Math.Clamp((int)Math.Round(dynamic * 127, MidpointRounding.AwayFromZero), 1, 127);
}
