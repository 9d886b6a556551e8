using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Listeners;

/// <summary>
/// Which listener and its settings, as a scenario file carries them (camelCase):
/// <c>{ "kind": "oracle", "oracle": { "distance": 1 } }</c>. Only the section of the chosen kind may be given;
/// a missing section means that kind's defaults.
/// </summary>
public sealed record ListenerSettings
{
    public string Kind { get; init; } = ListenerFactory.Helmholtz;
    public HelmholtzListenerSettings? Helmholtz { get; init; }
    public OracleSettings? Oracle { get; init; }
    public TemplateSettings? Template { get; init; }
    public RandomListenerSettings? Random { get; init; }
    /// <summary>The <c>none</c> listener takes no settings; an empty object is accepted and ignored.</summary>
    public NoneListenerSettings? None { get; init; }

    public void Validate(string where = "listener")
    {
        if (string.IsNullOrWhiteSpace(Kind) || !ListenerFactory.Kinds.Contains(Kind))
            throw new ArgumentException($"{where}.kind '{Kind}' is not a listener; valid kinds: {string.Join(", ", ListenerFactory.Kinds)}.");
        void Only(object? section, string name)
        {
            if (section is not null && Kind != name)
                throw new ArgumentException($"{where}.{name} is given but {where}.kind is '{Kind}': set kind to '{name}' or remove the {name} section.");
        }
        Only(Helmholtz, ListenerFactory.Helmholtz);
        Only(Oracle, ListenerFactory.Oracle);
        Only(Template, ListenerFactory.Template);
        Only(Random, ListenerFactory.Random);
        Only(None, ListenerFactory.None);
        switch (Kind)
        {
            case ListenerFactory.Helmholtz: (Helmholtz ?? new()).Validate($"{where}.helmholtz"); break;
            case ListenerFactory.Oracle: (Oracle ?? new()).Validate($"{where}.oracle"); break;
            case ListenerFactory.Template: (Template ?? new()).Validate($"{where}.template"); break;
            case ListenerFactory.Random: (Random ?? new()).Validate($"{where}.random"); break;
        }
    }
}

/// <summary>The <c>none</c> listener has no settings: <c>{ "kind": "none" }</c> (an empty <c>"none": {}</c> section is allowed).</summary>
public sealed record NoneListenerSettings;

public static class ListenerFactory
{
    public const string Helmholtz = "helmholtz";
    public const string Oracle = "oracle";
    public const string Template = "template";
    public const string Random = "random";
    /// <summary>Hears and never judges: the null loop, whose measures are the chance level.</summary>
    public const string None = "none";

    public static IReadOnlyList<string> Kinds { get; } = [Helmholtz, Oracle, Template, Random, None];

    /// <summary>
    /// Build a listener for a generator of <paramref name="beats"/> beats. <paramref name="random"/> is the
    /// listener's own seeded source (e.g. <c>SeededRandom.Derive(sessionSeed, "listener")</c>); every draw it makes
    /// comes from it. <paramref name="generatorLayers"/> is the default for the Helmholtz listener's layer sizes.
    /// A Helmholtz listener is pretrained here (see its settings' pretrainEpochs).
    /// </summary>
    public static IListener Create(ListenerSettings settings, int beats, SeededRandom random, IReadOnlyList<int>? generatorLayers = null)
    {
        settings.Validate();
        return settings.Kind switch
        {
            Helmholtz => new HelmholtzListener(settings.Helmholtz ?? new(), beats, random, generatorLayers),
            Oracle => new OracleListener(settings.Oracle ?? new(), beats, random),
            Template => new TemplateListener(settings.Template ?? new(), beats, random),
            Random => new RandomListener(settings.Random ?? new(), random),
            None => new NoneListener(),
            _ => throw new ArgumentException($"listener.kind '{settings.Kind}' is not a listener; valid kinds: {string.Join(", ", Kinds)}."),
        };
    }
}
