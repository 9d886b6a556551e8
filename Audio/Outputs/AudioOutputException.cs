namespace ActionPerception.Audio;

/// <summary>An audio output failed to open or to play. The message says which output, why, and what to use instead.</summary>
public sealed class AudioOutputException : Exception
{
    public const string Suggestion = "Instead, try the output wav:PATH to write a WAV file, or null (null:paced for real-time pacing) to run without sound.";

    public AudioOutputException(string output, string reason, Exception? inner = null)
        : base($"Audio output '{output}' failed: {reason} {Suggestion}", inner)
    {
        Output = output;
        Reason = reason;
    }

    public string Output { get; }
    public string Reason { get; }
}
