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

    /// <summary>
    /// pipe:COMMAND: how much audio the player holds beyond the pipe itself (its own buffer and the device's); the
    /// output reports as played what was written minus the pipe's contents minus this.
    /// </summary>
    public TimeSpan PlayerLatency { get; init; } = PipeOutput.DefaultPlayerLatency;

    /// <summary>pipe:COMMAND: a player that accepts nothing for this long has stalled, and the output fails.</summary>
    public TimeSpan StallTimeout { get; init; } = PipeOutput.DefaultStallTimeout;

    /// <summary>Told what an output chose on the user's behalf (e.g. which player <c>speakers</c> found on macOS).</summary>
    public Action<string>? Notes { get; init; }
}

/// <summary>Opens an output from a short spec, as given on the command line.</summary>
public static class AudioOutputs
{
    /// <summary>The accepted specs, for help texts.</summary>
    public const string Help = OutputSpec.Help;

    /// <summary>
    /// Checks the form of a spec without opening anything (so bad settings are refused before any file is made);
    /// null when it is well formed. Whether a device really opens is known only by <see cref="Open"/>.
    /// </summary>
    public static string? CheckSpec(string spec) => OutputSpec.TryParse(spec, out _, out var problem) ? null : problem;

    /// <summary>Parses <paramref name="spec"/> (<see cref="OutputSpec.Parse"/>) and opens it (<see cref="OutputSpec.Open"/>).</summary>
    public static IAudioOutput Open(string spec, int sampleRate, AudioOutputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return OutputSpec.Parse(spec).Open(sampleRate, options);
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
