namespace ActionPerception.Audio;

/// <summary>
/// One hit of one instrument on one beat of a pattern, as sampled by a drum layer.
/// </summary>
/// <param name="Instrument">Index into the kit's instruments.</param>
/// <param name="Beat">Beat index, 0 … Beats−1.</param>
/// <param name="Amplitude">The sampled dynamic g, nominally in [0, 1].</param>
/// <param name="Division">The sampled division e; e ≤ 1 means a single hit, e &gt; 1 adds e−1 extra hits.</param>
public readonly record struct DrumHit(int Instrument, int Beat, float Amplitude, int Division = 1);
