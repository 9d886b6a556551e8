using ActionPerception.Audio;

namespace ActionPerception.Environment.Scenarios;

public sealed record AudioScenario
{
    /// <summary>"builtin" or a folder of WAV files.</summary>
    public string Kit { get; init; } = "builtin";
    public int SampleRate { get; init; } = 22050;
    public double Bpm { get; init; } = 120;
    /// <summary>Timing deviation in samples (standard deviation of the onset jitter).</summary>
    public double Deviation { get; init; } = 500;
    /// <summary>null, null:paced, wav:PATH, alsa[:DEVICE], waveout, speakers.</summary>
    public string Output { get; init; } = "null";
    /// <summary>Also write what is played into this WAV file (relative to the run folder), whatever the output; null records nothing.</summary>
    public string? Record { get; init; }
    /// <summary>
    /// pipe:COMMAND: seconds of audio the player and its device hold beyond the pipe (the output reports as played what
    /// was written minus the pipe's contents minus this); null is the default estimate (0.1 s). `ap calibrate` measures
    /// what this estimate misses, and `ap play` applies that to key presses.
    /// </summary>
    public double? PlayerLatencySeconds { get; init; }

    internal void Validate(Action<string, string, string> bad, int beats)
    {
        if (!double.IsFinite(Bpm) || Bpm < RenderSettings.MinBpm || Bpm > RenderSettings.MaxBpm)
            bad("audio.bpm", $"{Bpm} BPM is out of range", $"use {RenderSettings.MinBpm}–{RenderSettings.MaxBpm} (default 120)");
        if (!double.IsFinite(Deviation) || Deviation < RenderSettings.MinDeviation || Deviation > RenderSettings.MaxDeviation)
            bad("audio.deviation", $"{Deviation} samples is out of range", $"use {RenderSettings.MinDeviation}–{RenderSettings.MaxDeviation} (default 500)");
        if (SampleRate < RenderSettings.MinSampleRate || SampleRate > RenderSettings.MaxSampleRate)
            bad("audio.sampleRate", $"{SampleRate} Hz is out of range", "use e.g. 22050 (the original), 44100 or 48000");
        if (string.IsNullOrWhiteSpace(Output)) bad("audio.output", "no output is named", $"use one of {AudioOutputs.Help}");
        else if (AudioOutputs.CheckSpec(Output) is { } problem) bad("audio.output", $"'{Output}': {problem}", $"use one of {AudioOutputs.Help}");
        if (Record is not null && (string.IsNullOrWhiteSpace(Record) || !Record.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)))
            bad("audio.record", $"'{Record}' is not a WAV file name", "give a file name ending in .wav, e.g. heard.wav, or remove the field");
        if (PlayerLatencySeconds is double latency && (!double.IsFinite(latency) || latency < 0 || latency > 5))
            bad("audio.playerLatencySeconds", $"{latency} s", "use the player's buffer in seconds, 0–5 (default 0.1), or null");
        if (string.IsNullOrWhiteSpace(Kit)) bad("audio.kit", "no kit is named", "use \"builtin\" or a folder of WAV files");
        _ = beats;
    }
}
