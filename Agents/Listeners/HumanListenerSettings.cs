namespace ActionPerception.Agents.Listeners;

/// <summary>
/// A person at the keyboard takes no settings here (keys, tempo and output are the session's): <c>{ "kind": "human" }</c>.
/// An empty <c>"human": {}</c> section is allowed; any field in it is refused.
/// </summary>
public sealed record HumanListenerSettings : IListenerSettings
{
    public void Validate(string where) { }
}
