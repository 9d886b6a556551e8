using ActionPerception.Agents.Tastes;

namespace ActionPerception.Agents.Listeners;

/// <summary>
/// Oracle settings: targets as beat strings ("1000100010", beat 0 first) or decimal indices, and/or a taste whose
/// support is the target set; with neither, the target set is the well-formed taste.
/// </summary>
public sealed record OracleSettings : ITastefulSettings
{
    public IReadOnlyList<string>? Targets { get; init; }
    public TasteSettings? Taste { get; init; }
    /// <summary>Likes patterns within this Hamming distance of a target.</summary>
    public int Distance { get; init; }
    public TeacherNoiseSettings Noise { get; init; } = new();

    /// <summary>--taste makes the taste the whole like rule: the targets give way.</summary>
    public IListenerSettings WithTaste(TasteSettings taste) => this with { Taste = taste, Targets = null };
    public IListenerSettings ResolvePaths(Func<string, string> resolve) => Taste?.File is { } f ? this with { Taste = Taste with { File = resolve(f) } } : this;

    public void Validate(string where = "listener.oracle")
    {
        if (Distance < 0) throw new ArgumentException($"{where}.distance must be ≥ 0 (got {Distance}).");
        if (Targets is { Count: 0 } && Taste is null) throw new ArgumentException($"{where}.targets is empty: give at least one pattern, or a taste, or leave both out for well-formed.");
        Taste?.Validate($"{where}.taste");
        (Noise ?? throw new ArgumentException($"{where}.noise must not be null.")).Validate($"{where}.noise");
    }
}
