namespace ActionPerception.Agents.Listeners;

/// <summary>
/// The null loop's listener: it hears every pattern and never judges (no like, no dislike, no stop, no reaction
/// time, no measures). The generator then trains on its starting dataset alone, so every measure of a run with this
/// listener is the chance level that other listeners are compared with. It draws nothing from any random source.
/// </summary>
public sealed class NoneListener : IListener
{
    private long _heard;

    public const string KindName = "none";

    public static ListenerKind Registration { get; } = ListenerKind.Of<NoneListenerSettings>(KindName,
        "hears every pattern and never judges: the null loop, whose measures are the chance level", (_, _) => new NoneListener());

    public string Kind => KindName;

    /// <summary>Patterns heard so far (each answered with silence).</summary>
    public long Heard => _heard;

    public IReadOnlyDictionary<string, object> Describe() => new Dictionary<string, object>
    {
        ["kind"] = Kind,
        ["judges"] = "never: it hears every pattern and stays silent (the null loop; its measures are the chance level)",
    };

    public ListenerResponse Hear(HeardPattern heard)
    {
        _heard++;
        return ListenerResponse.Silent;
    }
}
