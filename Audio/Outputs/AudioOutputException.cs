namespace ActionPerception.Audio;

/// <summary>An audio output failed to open or to play. The message says which output, why, and what to use instead.</summary>
public sealed class AudioOutputException : Exception
{
    public const string Suggestion = "Instead, try the output wav:PATH to write a WAV file, or null (null:paced for real-time pacing) to run without sound.";

    public AudioOutputException(string output, string reason, Exception? inner = null)
        : base($"Audio output '{output}' failed: {reason} {SuggestionFor(output)}", inner)
    {
        Output = output;
        Reason = reason;
    }

    /// <summary>What to try instead: a WAV file's own problem is fixed by another path, not by suggesting wav:PATH again.</summary>
    public static string SuggestionFor(string output) =>
        output.StartsWith("wav:", StringComparison.OrdinalIgnoreCase)
            ? "Instead, give another file (wav:OTHER.wav) in a folder you can write to, or null to run without sound."
            : Suggestion;

    public string Output { get; }
    public string Reason { get; }
}
