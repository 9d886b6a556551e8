using System.Text.Json.Serialization;

namespace ActionPerception.Agents.Listeners;

/// <summary>
/// Which listener and its settings: the typed, polymorphic record a scenario holds and a log's header writes as it
/// is. In JSON (camelCase) the kind names the one section that may follow it:
/// <c>{ "kind": "oracle", "oracle": { "distance": 1 } }</c>; a missing section means that kind's defaults, and a
/// missing kind means <c>helmholtz</c>. The kind is always that of <see cref="Settings"/>, so the two cannot disagree.
/// </summary>
[JsonConverter(typeof(ListenerSettingsJsonConverter))]
public sealed record ListenerSettings
{
    public ListenerSettings(IListenerSettings settings) => Settings = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>The original's listener in the author's companion experiments: a second Helmholtz machine with its defaults.</summary>
    public static ListenerSettings Default { get; } = new(new HelmholtzListenerSettings());

    /// <summary>The kind of that name with its defaults; <see cref="ArgumentException"/> listing the kinds when there is none.</summary>
    public static ListenerSettings Of(string kind) =>
        new((ListenerKinds.Find(kind) ?? throw new ArgumentException($"'{kind}' is not a listener kind; valid kinds: {string.Join(", ", ListenerKinds.Names)}.")).Defaults());

    public IListenerSettings Settings { get; init; }

    [JsonIgnore] public ListenerKind KindInfo => ListenerKinds.Of(Settings);
    [JsonIgnore] public string Kind => KindInfo.Name;
    [JsonIgnore] public bool IsHuman => Settings is HumanListenerSettings;

    /// <summary>Throws <see cref="ArgumentException"/> naming the field under <c>{where}.{kind}</c> and the fix.</summary>
    public void Validate(string where = "listener") => Settings.Validate($"{where}.{Kind}");

    public ListenerSettings ResolvePaths(Func<string, string> resolve) => this with { Settings = Settings.ResolvePaths(resolve) };

    /// <summary>Builds the listener (validated first); a Helmholtz listener is pretrained here (see its pretrainEpochs).</summary>
    public IListener Create(ListenerContext context)
    {
        Validate();
        return KindInfo.Create(Settings, context);
    }
}
