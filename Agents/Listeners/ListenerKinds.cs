namespace ActionPerception.Agents.Listeners;

/// <summary>
/// The one registry of listener kinds. Scenarios, the command line, logs and reports find a kind here by name
/// (or by its settings' type), so a new listener is its own file (listener, settings, a <see cref="ListenerKind"/>)
/// and one line below, or one <see cref="Register"/> call from a project that cannot be referenced here.
/// </summary>
public static class ListenerKinds
{
    /// <summary>A person at the keyboard: the bridge lives at the environment's edge (real time only).</summary>
    public static readonly ListenerKind Human = ListenerKind.Of<HumanListenerSettings>("human",
        "a person at the keyboard and speakers (real time only)", create: null);

    private static readonly object s_gate = new();
    private static ListenerKind[] s_kinds =
    [
        HelmholtzListener.Registration,
        OracleListener.Registration,
        TemplateListener.Registration,
        RandomListener.Registration,
        NoneListener.Registration,
        Human,
    ];

    /// <summary>Every kind, in the order help texts list them.</summary>
    public static IReadOnlyList<ListenerKind> All => Volatile.Read(ref s_kinds);

    public static IReadOnlyList<string> Names => [.. All.Select(k => k.Name)];

    /// <summary>The kinds that run in virtual time.</summary>
    public static IReadOnlyList<string> SimulatedNames => [.. All.Where(k => k.Simulated).Select(k => k.Name)];

    public static ListenerKind? Find(string? name) => name is null ? null : All.FirstOrDefault(k => k.Name == name);

    /// <summary>The kind whose settings <paramref name="settings"/> are.</summary>
    public static ListenerKind Of(IListenerSettings settings) =>
        All.FirstOrDefault(k => k.SettingsType == settings.GetType())
        ?? throw new ArgumentException($"{settings.GetType().Name} is not the settings type of a registered listener kind; register it in ListenerKinds.");

    /// <summary>Adds a kind; its name and settings type must be new.</summary>
    public static void Register(ListenerKind kind)
    {
        lock (s_gate)
        {
            var kinds = s_kinds;
            if (kinds.Any(k => k.Name == kind.Name)) throw new ArgumentException($"a listener kind named '{kind.Name}' is registered already.");
            if (kinds.Any(k => k.SettingsType == kind.SettingsType)) throw new ArgumentException($"{kind.SettingsType.Name} is the settings type of another listener kind already.");
            Volatile.Write(ref s_kinds, [.. kinds, kind]);
        }
    }
}
