namespace ActionPerception.Audio;

/// <summary>
/// Synthesises a small analogue-style kit. Everything is specified in seconds and hertz so any sample rate
/// gives the same sound; noise comes from a private fixed-seed generator so every run gives the same samples.
/// </summary>
internal static class BuiltInKit
{
    public static readonly string[] Names = ["kick", "snare", "clap", "closed hi-hat", "open hi-hat", "bass"];

    public static DrumKit Create(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, RenderSettings.MinSampleRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, RenderSettings.MaxSampleRate);
        float[][] samples =
        [
            Kick(sampleRate), Snare(sampleRate), Clap(sampleRate),
            Hat(sampleRate, decay: 0.035, seconds: 0.12, seed: 3, gain: 0.5),
            Hat(sampleRate, decay: 0.22, seconds: 0.6, seed: 4, gain: 0.42),
            Bass(sampleRate),
        ];
        return new DrumKit("built-in", sampleRate, Names, samples);
    }

    // An 808-style kick: a sine whose pitch falls from 150 Hz to 50 Hz in a few tens of ms (the "thump"),
    // under an exponential decay, with a 2 ms click so it cuts through on small speakers.
    private static float[] Kick(int fs)
    {
        var x = new float[Len(fs, 0.5)];
        var phase = 0.0;
        for (var n = 0; n < x.Length; n++)
        {
            var t = (double)n / fs;
            var f = 50 + 100 * Math.Exp(-t / 0.03);
            phase += 2 * Math.PI * f / fs;
            var click = t < 0.002 ? 0.3 * (1 - t / 0.002) : 0;
            x[n] = (float)((Math.Sin(phase) * Math.Exp(-t / 0.15) + click) * Fade(n, x.Length));
        }
        return Normalise(x, 0.95);
    }

    // Snare: two damped drum-head modes (180/330 Hz) plus band-limited noise for the wires, which outlast the head.
    private static float[] Snare(int fs)
    {
        var x = new float[Len(fs, 0.3)];
        var noise = new Noise(1);
        var hp = Biquad.HighPass(fs, Math.Min(1500, 0.4 * fs), 0.7);
        for (var n = 0; n < x.Length; n++)
        {
            var t = (double)n / fs;
            var head = (0.6 * Math.Sin(2 * Math.PI * 180 * t) + 0.4 * Math.Sin(2 * Math.PI * 330 * t)) * Math.Exp(-t / 0.04);
            var wires = hp.Process(noise.Next()) * Math.Exp(-t / 0.07);
            x[n] = (float)((0.55 * head + 0.8 * wires) * Fade(n, x.Length));
        }
        return Normalise(x, 0.8);
    }

    // Clap: several hands a few ms apart (short noise bursts), then a diffuse tail, all band-passed around 1.2 kHz.
    private static float[] Clap(int fs)
    {
        var x = new float[Len(fs, 0.35)];
        var noise = new Noise(2);
        var bp = Biquad.BandPass(fs, Math.Min(1200, 0.4 * fs), 1.2);
        double[] bursts = [0, 0.011, 0.022, 0.035];
        for (var n = 0; n < x.Length; n++)
        {
            var t = (double)n / fs;
            var env = 0.0;
            foreach (var b in bursts)
                if (t >= b) env = Math.Max(env, Math.Exp(-(t - b) / 0.006));
            var last = bursts[^1];
            if (t >= last) env = Math.Max(env, 0.6 * Math.Exp(-(t - last) / 0.09));
            x[n] = (float)(bp.Process(noise.Next()) * env * Fade(n, x.Length));
        }
        return Normalise(x, 0.75);
    }

    // Hi-hats: noise high-passed at 7 kHz (or as high as the rate allows) with a short or long decay.
    private static float[] Hat(int fs, double decay, double seconds, int seed, double gain)
    {
        var x = new float[Len(fs, seconds)];
        var noise = new Noise(seed);
        var hp1 = Biquad.HighPass(fs, Math.Min(7000, 0.35 * fs), 0.7);
        var hp2 = Biquad.HighPass(fs, Math.Min(7000, 0.35 * fs), 0.7);
        for (var n = 0; n < x.Length; n++)
        {
            var t = (double)n / fs;
            var attack = Math.Min(1, t / 0.0005);
            x[n] = (float)(hp2.Process(hp1.Process(noise.Next())) * attack * Math.Exp(-t / decay) * Fade(n, x.Length));
        }
        return Normalise(x, gain);
    }

    // Bass: a 55 Hz (A1) tone with a soft attack, gently saturated so its harmonics are audible on laptop speakers.
    private static float[] Bass(int fs)
    {
        var x = new float[Len(fs, 0.6)];
        for (var n = 0; n < x.Length; n++)
        {
            var t = (double)n / fs;
            var env = Math.Min(1, t / 0.005) * Math.Exp(-t / 0.25);
            var tone = Math.Sin(2 * Math.PI * 55 * t) + 0.3 * Math.Sin(2 * Math.PI * 110 * t);
            x[n] = (float)(Math.Tanh(1.8 * tone) * env * Fade(n, x.Length));
        }
        return Normalise(x, 0.8);
    }

    private static int Len(int fs, double seconds) => (int)Math.Round(seconds * fs);

    // A raised-cosine fade over the last 2 % of a voice so that none stops with a click.
    private static double Fade(int n, int length)
    {
        var remaining = length - 1 - n;
        var fadeLen = Math.Max(1, length / 50);
        return remaining >= fadeLen ? 1 : 0.5 - 0.5 * Math.Cos(Math.PI * remaining / fadeLen);
    }

    private static float[] Normalise(float[] x, double peak)
    {
        var max = 0f;
        foreach (var v in x) max = Math.Max(max, Math.Abs(v));
        if (max > 0)
            for (var i = 0; i < x.Length; i++) x[i] = (float)(x[i] * peak / max);
        return x;
    }

    /// <summary>xorshift64*: tiny, fixed, and independent of System.Random's implementation across .NET versions.</summary>
    private sealed class Noise(int seed)
    {
        private ulong _s = 0x9E3779B97F4A7C15UL * (ulong)(seed + 1);

        public double Next()
        {
            _s ^= _s >> 12; _s ^= _s << 25; _s ^= _s >> 27;
            var r = _s * 0x2545F4914F6CDD1DUL;
            return (r >> 11) * (2.0 / (1UL << 53)) - 1.0;
        }
    }

    /// <summary>RBJ audio-EQ-cookbook biquad, transposed direct form II.</summary>
    private sealed class Biquad
    {
        private readonly double _b0, _b1, _b2, _a1, _a2;
        private double _z1, _z2;

        private Biquad(double b0, double b1, double b2, double a0, double a1, double a2)
        {
            _b0 = b0 / a0; _b1 = b1 / a0; _b2 = b2 / a0; _a1 = a1 / a0; _a2 = a2 / a0;
        }

        public static Biquad HighPass(int fs, double f0, double q)
        {
            var (cos, alpha) = Coefficients(fs, f0, q);
            return new Biquad((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
        }

        public static Biquad BandPass(int fs, double f0, double q)
        {
            var (cos, alpha) = Coefficients(fs, f0, q);
            return new Biquad(alpha, 0, -alpha, 1 + alpha, -2 * cos, 1 - alpha);
        }

        private static (double Cos, double Alpha) Coefficients(int fs, double f0, double q)
        {
            var w0 = 2 * Math.PI * f0 / fs;
            return (Math.Cos(w0), Math.Sin(w0) / (2 * q));
        }

        public double Process(double x)
        {
            var y = _b0 * x + _z1;
            _z1 = _b1 * x - _a1 * y + _z2;
            _z2 = _b2 * x - _a2 * y;
            return y;
        }
    }
}
