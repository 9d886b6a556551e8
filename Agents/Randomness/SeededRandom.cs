using System.Runtime.CompilerServices;

namespace ActionPerception.Agents.Randomness;

/// <summary>
/// xoshiro256** with an exportable state. Every random draw of the framework comes from one of these,
/// derived from the session seed by name, so that a session is reproducible byte for byte and a checkpoint
/// can restore each source exactly. It derives from <see cref="Random"/> so that libraries taking a
/// <see cref="Random"/> (MathNet distributions, the audio renderer) draw from the same seeded stream;
/// the hot loops call the sealed non-virtual helpers directly.
/// </summary>
public sealed class SeededRandom : Random
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandom(ulong seed)
    {
        // SplitMix64 expands one seed into four well-mixed words, as the xoshiro authors recommend.
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    private SeededRandom(RandomState state)
    {
        State = state;
    }

    /// <summary>A source for a named component, independent of the others, from one session seed.</summary>
    public static SeededRandom Derive(ulong sessionSeed, string stream)
    {
        // FNV-1a: stable across runs and platforms, unlike string.GetHashCode.
        ulong h = 14695981039346656037UL;
        foreach (char c in stream)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        ulong x = sessionSeed ^ h;
        return new SeededRandom(SplitMix(ref x) ^ SplitMix(ref x));
    }

    public static SeededRandom FromState(RandomState state)
    {
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
            throw new ArgumentException("A xoshiro256** state of all zeros is invalid: restore a state saved by this program.", nameof(state));
        return new SeededRandom(state);
    }

    public RandomState State
    {
        get => new(_s0, _s1, _s2, _s3);
        set { _s0 = value.S0; _s1 = value.S1; _s2 = value.S2; _s3 = value.S3; }
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextULong()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Uniform() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Bernoulli(double p) => Uniform() < p;

    /// <summary>
    /// Standard normal by the Marsaglia polar method. The second value is discarded on purpose: a cached
    /// spare would be hidden state that a checkpoint would also have to carry.
    /// </summary>
    public double Gaussian()
    {
        while (true)
        {
            double u = 2.0 * Uniform() - 1.0;
            double v = 2.0 * Uniform() - 1.0;
            double s = u * u + v * v;
            if (s > 0.0 && s < 1.0)
                return u * Math.Sqrt(-2.0 * Math.Log(s) / s);
        }
    }

    /// <summary>Uniform integer in [0, n) without modulo bias (Lemire's method).</summary>
    public int NextIndex(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "n must be positive.");
        ulong range = (ulong)n;
        while (true)
        {
            ulong x = NextULong() >> 32;
            ulong m = x * range;
            uint low = (uint)m;
            if (low >= (uint)range || low >= (uint)((0x1_0000_0000UL - range) % range))
                return (int)(m >> 32);
        }
    }

    /// <summary>Fisher–Yates shuffle, drawing from this source only.</summary>
    public new void Shuffle<T>(Span<T> items) // our own, so the draw order is ours to document, not the runtime's
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextIndex(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    // System.Random overrides so that code written against Random draws from this stream.
    public override double NextDouble() => Uniform();
    protected override double Sample() => Uniform();
    public override int Next() => (int)(NextULong() >> 33);
    public override int Next(int maxValue) => maxValue <= 0 ? (maxValue == 0 ? 0 : throw new ArgumentOutOfRangeException(nameof(maxValue))) : NextIndex(maxValue);
    public override int Next(int minValue, int maxValue)
    {
        if (minValue > maxValue) throw new ArgumentOutOfRangeException(nameof(minValue));
        long range = (long)maxValue - minValue;
        if (range == 0) return minValue;
        if (range <= int.MaxValue) return minValue + NextIndex((int)range);
        return (int)(minValue + (long)(NextULong() % (ulong)range));
    }
    public override long NextInt64() => (long)(NextULong() >> 1);
    public override float NextSingle() => (NextULong() >> 40) * (1.0f / (1U << 24));
    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());
    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++)
            buffer[i] = (byte)(NextULong() >> 56);
    }
}

/// <summary>The four words of a xoshiro256** state, for checkpoints.</summary>
public readonly record struct RandomState(ulong S0, ulong S1, ulong S2, ulong S3);
