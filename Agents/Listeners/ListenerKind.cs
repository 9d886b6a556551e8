namespace ActionPerception.Agents.Listeners;

/// <summary>
/// One kind of listener as scenarios name it: its settings type, its defaults and how it is built. A kind without
/// a factory (the human) is judged at the environment's edge, not by an <see cref="IListener"/>.
/// </summary>
public sealed class ListenerKind
{
    private readonly Func<IListenerSettings> _defaults;
    private readonly Func<IListenerSettings, ListenerContext, IListener>? _create;

    private ListenerKind(string name, Type settingsType, string summary, Func<IListenerSettings> defaults, Func<IListenerSettings, ListenerContext, IListener>? create)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
            throw new ArgumentException($"a listener kind's name must be lower-case letters, digits and '-' (got '{name}'), so that it names a scenario section.");
        Name = name;
        SettingsType = settingsType;
        Summary = summary;
        _defaults = defaults;
        _create = create;
    }

    /// <summary>A kind whose settings are <typeparamref name="TSettings"/> (its defaults: <c>new()</c>) and whose listener <paramref name="create"/> builds; null for a kind judged outside the agents (the human).</summary>
    public static ListenerKind Of<TSettings>(string name, string summary, Func<TSettings, ListenerContext, IListener>? create)
        where TSettings : class, IListenerSettings, new() =>
        new(name, typeof(TSettings), summary, () => new TSettings(), create is null ? null : (s, c) => create((TSettings)s, c));

    /// <summary>The name in scenarios, logs and reports ("oracle"), and the name of its settings section.</summary>
    public string Name { get; }
    public Type SettingsType { get; }
    /// <summary>One line for help texts and errors.</summary>
    public string Summary { get; }
    /// <summary>True when the kind is a simulated listener (it can run in virtual time).</summary>
    public bool Simulated => _create is not null;

    public IListenerSettings Defaults() => _defaults();

    public IListener Create(IListenerSettings settings, ListenerContext context)
    {
        if (settings.GetType() != SettingsType)
            throw new ArgumentException($"a '{Name}' listener takes {SettingsType.Name}, not {settings.GetType().Name}.");
        return (_create ?? throw new InvalidOperationException($"a '{Name}' listener is not simulated: its judgements come from outside the agents."))(settings, context);
    }

    public override string ToString() => Name;
}
