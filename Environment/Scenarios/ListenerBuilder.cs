using ActionPerception.Agents.Listeners;

namespace ActionPerception.Environment.Scenarios;

/// <summary>Builds a scenario's listener from <see cref="ListenerKinds"/>; "human" means the keyboard bridge, built by the session's caller.</summary>
public static class ListenerBuilder
{
    public static string Human => ListenerKinds.Human.Name;

    /// <summary>The scenario's listener settings with paths resolved against the scenario, or null for a human.</summary>
    public static ListenerSettings? Settings(Scenario scenario) =>
        scenario.Listener.IsHuman ? null : scenario.Listener.ResolvePaths(scenario.Resolve);

    /// <summary>A <see cref="Sessions.ListenerFactory"/> for this scenario.</summary>
    public static Sessions.ListenerFactory For(Scenario scenario) => (_, random, _) =>
        Settings(scenario)?.Create(new ListenerContext(scenario.Generator.Layers[0], random, scenario.Generator.Layers));
}
