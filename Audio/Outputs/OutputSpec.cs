using System.Globalization;

namespace ActionPerception.Audio;

/// <summary>The kinds of output an <see cref="OutputSpec"/> names.</summary>
public enum OutputKind
{
    Null,
    PacedNull,
    Wav,
    Alsa,
    WaveOut,
    Pipe,
    /// <summary>Whatever plays sound on this platform: resolved by <see cref="OutputSpec.Resolve"/> when opened.</summary>
    Speakers,
}

/// <summary>
/// An output as the user named it (<c>--output</c>, a scenario's <c>audio.output</c>), parsed once: its kind, its
/// argument, and whether it keeps time. Every layer takes this instead of looking at the text again.
/// </summary>
public sealed record OutputSpec
{
    /// <summary>The accepted specs, for help texts.</summary>
    public const string Help =
        "null | null:paced | wav:PATH | alsa | alsa:DEVICE | waveout | pipe:COMMAND | speakers (alsa on Linux, waveout on Windows, play or ffplay on macOS)";

    private OutputSpec(string text, OutputKind kind, string? argument)
    {
        Text = text;
        Kind = kind;
        Argument = argument;
    }

    /// <summary>The spec as written.</summary>
    public string Text { get; }
    public OutputKind Kind { get; }
    /// <summary>wav: the path; alsa: the device (null for "default"); pipe: the command line; else null.</summary>
    public string? Argument { get; }

    /// <summary>
    /// Outputs that pace their writer at the sample rate (a device, a player at the end of a pipe, the paced null
    /// output). A virtual session must not write to them; a real-time session's clock is theirs.
    /// </summary>
    public bool KeepsTime => Kind is OutputKind.PacedNull or OutputKind.Alsa or OutputKind.WaveOut or OutputKind.Pipe or OutputKind.Speakers;

    public static OutputSpec Null { get; } = new("null", OutputKind.Null, null);
    public static OutputSpec PacedNull { get; } = new("null:paced", OutputKind.PacedNull, null);
    public static OutputSpec Wav(string path) => new($"wav:{path}", OutputKind.Wav, path);

    /// <summary>
    /// What a real-time session plays through: the output itself when it keeps time; for <c>null</c> and a WAV file
    /// (which take samples as fast as they come) the paced null output, the file being recorded as it plays.
    /// </summary>
    public OutputSpec ForRealtime() => KeepsTime ? this : PacedNull;

    /// <summary>What a virtual session writes to: outputs that keep time are replaced by <c>null</c> (a virtual run must not wait on a clock).</summary>
    public OutputSpec ForVirtual() => KeepsTime ? Null : this;

    /// <summary>
    /// The spec in one canonical form (kind in lower case, arguments trimmed; <c>alsa</c> is <c>alsa:default</c>), under
    /// which a calibration of this output is stored.
    /// </summary>
    public string Key => Kind switch
    {
        OutputKind.Null => "null",
        OutputKind.PacedNull => "null:paced",
        OutputKind.Wav => $"wav:{Argument}",
        OutputKind.Alsa => $"alsa:{Argument ?? "default"}",
        OutputKind.WaveOut => "waveout",
        OutputKind.Pipe => $"pipe:{Argument}",
        _ => "speakers",
    };

    public override string ToString() => Text;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="AudioOutputException"/> naming the spec, the problem and the known outputs.</summary>
    public static OutputSpec Parse(string text) =>
        TryParse(text, out var spec, out var problem) ? spec : throw new AudioOutputException(text ?? "", $"{problem}. Known outputs: {Help}.");

    /// <summary>Parses without opening anything, so bad settings are refused before any file is made.</summary>
    public static bool TryParse(string? text, out OutputSpec spec, out string problem)
    {
        spec = Null;
        problem = "";
        if (string.IsNullOrWhiteSpace(text)) { problem = "no output is named"; return false; }
        int colon = text.IndexOf(':');
        string kind = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        string? arg = colon < 0 ? null : text[(colon + 1)..];
        switch (kind)
        {
            case "null" when arg is null:
                spec = new(text, OutputKind.Null, null);
                return true;
            case "null" when arg.Trim().Equals("paced", StringComparison.OrdinalIgnoreCase):
                spec = new(text, OutputKind.PacedNull, null);
                return true;
            case "null":
                problem = "the null output takes only ':paced'";
                return false;
            case "wav" when !string.IsNullOrWhiteSpace(arg):
                spec = new(text, OutputKind.Wav, arg);
                return true;
            case "wav":
                problem = "no file name was given (write wav:PATH, e.g. wav:out.wav)";
                return false;
            case "alsa":
                spec = new(text, OutputKind.Alsa, string.IsNullOrWhiteSpace(arg) ? null : arg.Trim());
                return true;
            case "waveout" when arg is null:
                spec = new(text, OutputKind.WaveOut, null);
                return true;
            case "speakers" when arg is null:
                spec = new(text, OutputKind.Speakers, null);
                return true;
            case "pipe":
                if (PipeCommand.Check(arg) is { } bad) { problem = bad; return false; }
                spec = new(text, OutputKind.Pipe, arg!.Trim());
                return true;
            default:
                problem = "this is not a known output";
                return false;
        }
    }

    /// <summary>
    /// The spec that <see cref="OutputKind.Speakers"/> stands for here: alsa on Linux, waveout on Windows, and on
    /// macOS a pipe into the first of SoX's <c>play</c> or <c>ffplay</c> found on the PATH (<paramref name="note"/>
    /// says which). Other specs are returned as they are.
    /// </summary>
    public OutputSpec Resolve(out string? note) =>
        ResolveFor(OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux", PipeCommand.FindOnPath, out note);

    /// <summary><see cref="Resolve"/> for a named platform ("linux", "windows", "macos") and PATH lookup, so each can be tested anywhere.</summary>
    internal OutputSpec ResolveFor(string platform, Func<string, string?> findOnPath, out string? note)
    {
        note = null;
        if (Kind != OutputKind.Speakers) return this;
        if (platform == "windows") return new(Text, OutputKind.WaveOut, null);
        if (platform != "macos") return new(Text, OutputKind.Alsa, null);
        foreach (var (program, command) in PipeCommand.MacPlayers)
            if (findOnPath(program) is { } found)
            {
                note = $"speakers: playing through {found} (pipe:{command})";
                return new(Text, OutputKind.Pipe, command);
            }
        throw new AudioOutputException(Text,
            "macOS has no player this program can drive: neither 'play' (SoX) nor 'ffplay' (FFmpeg) is on the PATH. Install one (brew install sox, or brew install ffmpeg), or give --output pipe:COMMAND for another player.");
    }

    /// <summary>Opens the output. Throws <see cref="AudioOutputException"/> naming the output, the reason and what to use instead.</summary>
    public IAudioOutput Open(int sampleRate, AudioOutputOptions? options = null)
    {
        options ??= new AudioOutputOptions();
        var spec = Resolve(out var note);
        if (note is not null) options.Notes?.Invoke(note);
        switch (spec.Kind)
        {
            case OutputKind.Null:
                return new NullOutput(sampleRate);
            case OutputKind.PacedNull:
                return new NullOutput(sampleRate, paced: true, options.Latency);
            case OutputKind.Wav:
                return new WavFileOutput(spec.Argument!, sampleRate, options.WavFormat, options.Overwrite);
            case OutputKind.Alsa:
                if (!OperatingSystem.IsLinux())
                    throw new AudioOutputException(Text, "ALSA exists only on Linux.");
                return new AlsaOutput(spec.Argument ?? "default", sampleRate, options.Latency);
            case OutputKind.WaveOut:
                if (!OperatingSystem.IsWindows())
                    throw new AudioOutputException(Text, "WaveOut exists only on Windows (on Linux use alsa; on macOS speakers or pipe:COMMAND).");
                return new WaveOutOutput(sampleRate, options.Latency);
            case OutputKind.Pipe:
                return new PipeOutput(spec.Argument!, sampleRate, options.PlayerLatency, options.StallTimeout);
            default:
                throw new AudioOutputException(Text, string.Create(CultureInfo.InvariantCulture, $"this is not a known output. Known outputs: {Help}."));
        }
    }
}
