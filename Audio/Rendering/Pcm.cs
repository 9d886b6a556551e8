namespace ActionPerception.Audio;

/// <summary>Sample format conversions shared by the outputs.</summary>
public static class Pcm
{
    /// <summary>
    /// Float in [−1, 1] to 16-bit: x·32767 rounded to nearest (ties away from zero), clamped, so that
    /// full scale maps symmetrically and nothing wraps around. (The original truncated with astype(int16);
    /// rounding halves the quantisation error and is inaudibly different.)
    /// </summary>
    public static void ToInt16(ReadOnlySpan<float> source, Span<short> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException("Destination is shorter than the source.", nameof(destination));
        for (var i = 0; i < source.Length; i++)
        {
            var v = MathF.Round(source[i] * 32767f, MidpointRounding.AwayFromZero);
            destination[i] = (short)Math.Clamp(v, -32768f, 32767f);
        }
    }

    /// <summary>16-bit to float, dividing by 32768 (NAudio's convention, so round trips through its reader agree).</summary>
    public static void FromInt16(ReadOnlySpan<short> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException("Destination is shorter than the source.", nameof(destination));
        for (var i = 0; i < source.Length; i++) destination[i] = source[i] / 32768f;
    }
}
