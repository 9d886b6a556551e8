using NAudio.Wave;

namespace ActionPerception.Audio;

/// <summary>Options of <see cref="AudioOutputs.Open"/> that are not part of the spec string.</summary>
public sealed record AudioOutputOptions
{
    /// <summary>Allow <c>wav:PATH</c> to replace an existing file.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Sample format of <c>wav:PATH</c> files.</summary>
    public WavSampleFormat WavFormat { get; init; } = WavSampleFormat.Pcm16;

    /// <summary>Device buffer of speakers and of the paced null output.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>Opens an output from a short spec, as given on the command line.</summary>
public static class AudioOutputs
{
    /// <summary>The accepted specs, for help texts.</summary>
    public const string Help =
        "null | null:paced | wav:PATH | alsa | alsa:DEVICE | waveout | speakers (alsa on Linux, waveout on Windows)";

    /// <summary>
    /// Opens <paramref name="spec"/>: <c>null</c> (discard at once), <c>null:paced</c> (discard at the wall-clock
    /// rate), <c>wav:PATH</c> (a WAV file; refuses to overwrite unless <see cref="AudioOutputOptions.Overwrite"/>),
    /// <c>alsa</c> / <c>alsa:DEVICE</c> (Linux; device "default" unless named), <c>waveout</c> (Windows), or
    /// <c>speakers</c> (whichever of the two the platform has). Throws <see cref="AudioOutputException"/> naming
    /// the output, the reason, and suggesting wav:PATH or null.
    /// </summary>
    /// <summary>
    /// Checks the form of a spec without opening anything (so bad settings are refused before any file is made);
    /// null when it is well formed. Whether a device really opens is known only by <see cref="Open"/>.
    /// </summary>
    public static string? CheckSpec(string spec)
    {
        var colon = spec.IndexOf(':');
        var kind = (colon < 0 ? spec : spec[..colon]).Trim().ToLowerInvariant();
        var arg = colon < 0 ? null : spec[(colon + 1)..];
        return kind switch
        {
            "null" when arg is null || arg.Equals("paced", StringComparison.OrdinalIgnoreCase) => null,
            "null" => $"the null output takes only ':paced'",
            "wav" when !string.IsNullOrWhiteSpace(arg) => null,
            "wav" => "no file name was given (write wav:PATH)",
            "alsa" => null,
            "waveout" or "speakers" when arg is null => null,
            _ => "this is not a known output",
        };
    }

    public static IAudioOutput Open(string spec, int sampleRate, AudioOutputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new AudioOutputOptions();
        var colon = spec.IndexOf(':');
        var kind = (colon < 0 ? spec : spec[..colon]).Trim().ToLowerInvariant();
        var arg = colon < 0 ? null : spec[(colon + 1)..];
        if (kind == "speakers")
            kind = OperatingSystem.IsWindows() ? "waveout" : "alsa";

        switch (kind)
        {
            case "null" when arg is null:
                return new NullOutput(sampleRate);
            case "null" when arg.Equals("paced", StringComparison.OrdinalIgnoreCase):
                return new NullOutput(sampleRate, paced: true, options.Latency);
            case "wav" when !string.IsNullOrWhiteSpace(arg):
                return new WavFileOutput(arg, sampleRate, options.WavFormat, options.Overwrite);
            case "wav":
                throw new AudioOutputException(spec, "no file name was given (write wav:PATH, e.g. wav:out.wav).");
            case "alsa":
                if (!OperatingSystem.IsLinux())
                    throw new AudioOutputException(spec, "ALSA exists only on Linux.");
                return new AlsaOutput(string.IsNullOrWhiteSpace(arg) ? "default" : arg, sampleRate, options.Latency);
            case "waveout" when arg is null:
                if (!OperatingSystem.IsWindows())
                    throw new AudioOutputException(spec, "WaveOut exists only on Windows (on Linux use alsa).");
                return new WaveOutOutput(sampleRate, options.Latency);
            default:
                throw new AudioOutputException(spec, $"this is not a known output. Known outputs: {Help}.");
        }
    }

    /// <summary>
    /// Plays any mono NAudio <see cref="ISampleProvider"/> at the output's rate through <paramref name="output"/>
    /// until it ends or <paramref name="cancel"/> fires, so anything NAudio can produce can be heard.
    /// </summary>
    public static void Play(this IAudioOutput output, ISampleProvider source, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(source);
        if (source.WaveFormat.Channels == 2) source = source.ToMono();
        if (source.WaveFormat.Channels != 1 || source.WaveFormat.SampleRate != output.SampleRate)
            throw new ArgumentException(
                $"The source is {source.WaveFormat.Channels}-channel at {source.WaveFormat.SampleRate} Hz; the output takes mono at {output.SampleRate} Hz (resample first).",
                nameof(source));
        var block = new float[Math.Max(256, output.SampleRate / 20)];
        int read;
        while (!cancel.IsCancellationRequested && (read = source.Read(block)) > 0)
            output.Write(block.AsSpan(0, read));
    }
}
