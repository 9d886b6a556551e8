using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Simulations.Export;

/// <summary>A heard pattern the listener liked, as it was played (hits, dynamics, divisions per instrument), at its session's tempo.</summary>
public sealed record LikedPattern(string Run, long Serial, string Beats, double Bpm, IReadOnlyList<string> KitInstruments,
    IReadOnlyList<InstrumentPlay> Instruments, HeaderEvent Header);
