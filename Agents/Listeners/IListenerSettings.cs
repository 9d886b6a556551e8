namespace ActionPerception.Agents.Listeners;

/// <summary>
/// The settings of one listener kind: its section in a scenario (<c>"listener": { "kind": "oracle", "oracle": { … } }</c>),
/// a plain record that System.Text.Json maps (camelCase). A kind's settings type is registered once, with its
/// factory, in <see cref="ListenerKinds"/>.
/// </summary>
public interface IListenerSettings
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the field (under <paramref name="where"/>) and the fix.</summary>
    void Validate(string where);

    /// <summary>The same settings with file paths resolved (a scenario's paths are relative to the scenario file).</summary>
    IListenerSettings ResolvePaths(Func<string, string> resolve) => this;
}
