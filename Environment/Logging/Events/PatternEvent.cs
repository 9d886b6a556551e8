using ActionPerception.Agents.Drums;

namespace ActionPerception.Environment.Logging.Events;

/// <summary>A pattern became audible: frames [StartFrame, EndFrame) of the session clock, and what was played.</summary>
public sealed record PatternEvent : LogEvent
{
    public required long Serial { get; init; }
    public required int Pattern { get; init; }
    public required int DatasetIndex { get; init; }
    public required string Beats { get; init; }
    public required long StartFrame { get; init; }
    public required long EndFrame { get; init; }
    public required double Start { get; init; }
    public required double End { get; init; }
    /// <summary>The version of the generator's weights it was dreamt from.</summary>
    public required long Snapshot { get; init; }
    public required int Epoch { get; init; }
    public required IReadOnlyList<InstrumentPlay> Instruments { get; init; }
    /// <summary>Epistemic play only: every candidate dream with its scores, and which was played (absent for "dream" play).</summary>
    public PlayChoice? Play { get; init; }
}

/// <summary>One instrument of a played pattern, per beat: hit (0/1), dynamic, division.</summary>
public sealed record InstrumentPlay(string Name, int[] Hits, double[] Dynamics, int[] Divisions)
{
    /// <summary>What was played, per instrument, as the log keeps it (dynamics to 6 digits).</summary>
    public static InstrumentPlay[] FromDrums(DrumSample d, IReadOnlyList<string> names)
    {
        var instruments = new InstrumentPlay[d.Instruments];
        for (int i = 0; i < d.Instruments; i++)
        {
            var hits = new int[d.Beats];
            var dyn = new double[d.Beats];
            var div = new int[d.Beats];
            for (int k = 0; k < d.Beats; k++)
            {
                int c = k * d.Instruments + i;
                hits[k] = d.Hit[c] ? 1 : 0;
                dyn[k] = Math.Round(d.Dynamic[c], 6);
                div[k] = d.Division[c];
            }
            instruments[i] = new InstrumentPlay(names[i], hits, dyn, div);
        }
        return instruments;
    }

    /// <summary>The drums rebuilt from the log, as a listener hears them (the inverse of <see cref="FromDrums"/>).</summary>
    public static DrumSample ToDrums(IReadOnlyList<InstrumentPlay> instruments, int beats, int pattern)
    {
        int n = instruments.Count;
        var d = new DrumSample(beats, n) { Pattern = pattern };
        for (int i = 0; i < n; i++)
        {
            var inst = instruments[i];
            for (int k = 0; k < beats && k < inst.Hits.Length; k++)
            {
                int c = k * n + i;
                d.Hit[c] = inst.Hits[k] != 0;
                d.Dynamic[c] = inst.Dynamics[k];
                d.Division[c] = inst.Divisions[k];
            }
        }
        return d;
    }
}
