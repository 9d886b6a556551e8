using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MathNet.Numerics.Distributions;

namespace ActionPerception.Audio;

/// <summary>
/// Renders one pattern's hits into one buffer, exactly as the original drum machine did (reference §6), with
/// the tail of the working array carried into the next buffer.
/// </summary>
/// <remarks>
/// <para>The working array is two buffers long: [head | tail]. Rather than copying the tail to the front after
/// every buffer, the two halves are separate arrays whose roles swap; the result is the same.</para>
/// <para><b>Random draws</b>, in this fixed order, for the hits in the order given:
/// per hit, first z₀ ~ N(0,1) for the onset; then for each extra division hit j = 1 … e−1, first u_j ~ U(0,1)
/// (rng.NextDouble()) for its amplitude, then z_j ~ N(0,1) for its timing. Gaussians come from
/// MathNet.Numerics' Normal.Sample(rng, 0, 1) (polar Box–Muller; it consumes pairs of NextDouble() until it
/// accepts, so the count of uniform draws per Gaussian varies but is fixed by the stream). The draws happen
/// even when the deviation is 0 or the hit falls outside the array, so that changing a setting does not shift
/// the stream for later hits.</para>
/// <para><b>Onset rounding</b>: a position t (in samples, real) becomes max(0, t) truncated toward zero, i.e.
/// floor after clipping at 0, which is what the original's int() conversion does. Main hit: t = k·beat + z₀·dev.
/// Extra hit j: t = onset + beat·j/e + z_j·dev, from the main hit's integer onset. Anything from the array end
/// on is cut.</para>
/// <para><b>Normalisation</b>: after all hits are added, if the peak |x| of the whole working array (head and
/// carried tail) exceeds 1, both halves are scaled so the peak is 0.98. The head is then played; the tail
/// becomes the start of the next buffer.</para>
/// <para>Not thread-safe: one renderer belongs to one synthesis loop, like the seeded source it is given.</para>
/// </remarks>
public sealed class PatternRenderer
{
    private const float TargetPeak = 0.98f;

    private readonly DrumKit _kit;
    private float[] _head;
    private float[] _tail;
    // How far into _tail anything has been written, so clearing and scanning skip silence.
    private int _tailExtent;

    public PatternRenderer(DrumKit kit, RenderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(kit);
        ArgumentNullException.ThrowIfNull(settings);
        if (kit.SampleRate != settings.SampleRate)
            throw new ArgumentException(
                $"Kit '{kit.Name}' is at {kit.SampleRate} Hz but rendering is at {settings.SampleRate} Hz: load the kit at the render rate.",
                nameof(kit));
        _kit = kit;
        Settings = settings;
        BufferLength = settings.BufferLength;
        BeatLength = settings.BeatLength;
        _head = new float[BufferLength];
        _tail = new float[BufferLength];
        Warnings = [.. kit.Warnings, .. kit.CheckFits(BufferLength)];
    }

    public RenderSettings Settings { get; }
    public DrumKit Kit => _kit;

    /// <summary>Samples per buffer (one pattern): round(60/BPM · fs · n_d).</summary>
    public int BufferLength { get; }

    /// <summary>Samples per beat: round(BufferLength / n_d).</summary>
    public int BeatLength { get; }

    /// <summary>Warnings about this kit at this tempo (e.g. samples longer than a buffer), for the caller to show.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The carried tail: what will start the next buffer (already normalised). Valid until the next call.</summary>
    public ReadOnlySpan<float> Tail => _tail;

    /// <summary>Restores a tail saved from <see cref="Tail"/> (checkpoints). Must be <see cref="BufferLength"/> long.</summary>
    public void SetTail(ReadOnlySpan<float> tail)
    {
        if (tail.Length != BufferLength)
            throw new ArgumentException($"A tail must be {BufferLength} samples long, not {tail.Length}.", nameof(tail));
        tail.CopyTo(_tail);
        _tailExtent = BufferLength;
    }

    /// <summary>Forgets the carried tail: the next buffer starts from silence.</summary>
    public void Reset()
    {
        Array.Clear(_tail);
        _tailExtent = 0;
    }

    /// <summary>
    /// Renders one buffer of <paramref name="hits"/> into <paramref name="output"/> (exactly BufferLength samples).
    /// Allocates nothing.
    /// </summary>
    public void Render(ReadOnlySpan<DrumHit> hits, Random rng, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (output.Length != BufferLength)
            throw new ArgumentException($"The output must be exactly {BufferLength} samples long, not {output.Length}.", nameof(output));
        foreach (ref readonly var hit in hits) Validate(hit);

        // The previous tail becomes this head; the old head array, cleared, becomes the new (empty) tail.
        (_head, _tail) = (_tail, _head);
        var headExtent = _tailExtent;
        Array.Clear(_tail);
        var tailExtent = 0;

        var dev = Settings.Deviation;
        foreach (ref readonly var hit in hits)
        {
            var onset = ToSample(hit.Beat * (double)BeatLength + Gaussian(rng) * dev);
            Add(hit.Instrument, onset, hit.Amplitude, ref headExtent, ref tailExtent);
            for (var j = 1; j < hit.Division; j++)
            {
                var amplitude = hit.Amplitude * rng.NextDouble();
                var t = onset + BeatLength * (double)j / hit.Division + Gaussian(rng) * dev;
                Add(hit.Instrument, ToSample(t), (float)amplitude, ref headExtent, ref tailExtent);
            }
        }

        var peak = Math.Max(MaxMagnitude(_head.AsSpan(0, headExtent)), MaxMagnitude(_tail.AsSpan(0, tailExtent)));
        if (peak > 1f)
        {
            var scale = TargetPeak / peak;
            Scale(_head.AsSpan(0, headExtent), scale);
            Scale(_tail.AsSpan(0, tailExtent), scale);
        }
        _head.CopyTo(output);
        _tailExtent = tailExtent;
    }

    /// <summary>
    /// Ends a performance: copies the carried tail (up to its last written sample) into <paramref name="output"/>,
    /// returns how many samples that is, and resets. Lets a rendered file end with the last hits ringing out.
    /// </summary>
    public int FlushTail(Span<float> output)
    {
        var n = _tailExtent;
        while (n > 0 && _tail[n - 1] == 0f) n--;
        if (output.Length < n)
            throw new ArgumentException($"The output must hold at least {n} samples.", nameof(output));
        _tail.AsSpan(0, n).CopyTo(output);
        Reset();
        return n;
    }

    /// <summary>Renders into a new array; convenient for tools and tests, not for the real-time loop.</summary>
    public float[] Render(ReadOnlySpan<DrumHit> hits, Random rng)
    {
        var output = new float[BufferLength];
        Render(hits, rng, output);
        return output;
    }

    private void Validate(in DrumHit hit)
    {
        if ((uint)hit.Instrument >= (uint)_kit.Count)
            throw new ArgumentOutOfRangeException(nameof(hit), hit.Instrument, $"Instrument {hit.Instrument} is not in kit '{_kit.Name}' (0 … {_kit.Count - 1}).");
        if ((uint)hit.Beat >= (uint)Settings.Beats)
            throw new ArgumentOutOfRangeException(nameof(hit), hit.Beat, $"Beat {hit.Beat} is outside the pattern (0 … {Settings.Beats - 1}).");
        if (!float.IsFinite(hit.Amplitude))
            throw new ArgumentOutOfRangeException(nameof(hit), hit.Amplitude, "A hit's amplitude must be a finite number.");
    }

    private static double Gaussian(Random rng) => Normal.Sample(rng, 0.0, 1.0);

    // Clip at 0, then truncate (= floor for non-negative values); huge values saturate past the array end.
    private static long ToSample(double t) => t <= 0 ? 0 : t >= long.MaxValue / 2 ? long.MaxValue / 2 : (long)t;

    // Adds the instrument's sample at amplitude a from working-array position `onset`, split across head and tail.
    private void Add(int instrument, long onset, float a, ref int headExtent, ref int tailExtent)
    {
        var sample = _kit.SampleArray(instrument);
        var n = BufferLength;
        if (onset >= 2L * n || sample.Length == 0) return;
        var start = (int)onset;
        var end = (int)Math.Min(2L * n, onset + sample.Length);
        if (start < n)
        {
            var headEnd = Math.Min(end, n);
            AddScaled(_head.AsSpan(start, headEnd - start), sample.AsSpan(0, headEnd - start), a);
            headExtent = Math.Max(headExtent, headEnd);
        }
        if (end > n)
        {
            var from = Math.Max(start, n);
            AddScaled(_tail.AsSpan(from - n, end - from), sample.AsSpan(from - start, end - from), a);
            tailExtent = Math.Max(tailExtent, end - n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled(Span<float> dst, ReadOnlySpan<float> src, float a)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && dst.Length >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            var d = MemoryMarshal.Cast<float, Vector<float>>(dst);
            var s = MemoryMarshal.Cast<float, Vector<float>>(src);
            for (var k = 0; k < d.Length; k++) d[k] += s[k] * va;
            i = d.Length * Vector<float>.Count;
        }
        for (; i < dst.Length; i++) dst[i] += src[i] * a;
    }

    private static float MaxMagnitude(ReadOnlySpan<float> x)
    {
        var i = 0;
        var max = 0f;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var vmax = Vector<float>.Zero;
            var v = MemoryMarshal.Cast<float, Vector<float>>(x);
            for (var k = 0; k < v.Length; k++) vmax = Vector.Max(vmax, Vector.Abs(v[k]));
            for (var k = 0; k < Vector<float>.Count; k++) max = Math.Max(max, vmax[k]);
            i = v.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++) max = Math.Max(max, Math.Abs(x[i]));
        return max;
    }

    private static void Scale(Span<float> x, float a)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            var v = MemoryMarshal.Cast<float, Vector<float>>(x);
            for (var k = 0; k < v.Length; k++) v[k] *= va;
            i = v.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++) x[i] *= a;
    }
}
