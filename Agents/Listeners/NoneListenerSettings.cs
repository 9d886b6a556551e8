namespace ActionPerception.Agents.Listeners;

/// <summary>The <c>none</c> listener has no settings: <c>{ "kind": "none" }</c> (an empty <c>"none": {}</c> section is allowed).</summary>
public sealed record NoneListenerSettings : IListenerSettings
{
    public void Validate(string where) { }
}
