using ActionPerception.Agents.Tastes;

namespace ActionPerception.Agents.Listeners;

/// <summary>Settings of a listener that judges by a taste, so that one option (<c>--taste</c>) can set it for every such kind.</summary>
public interface ITastefulSettings : IListenerSettings
{
    TasteSettings? Taste { get; }

    /// <summary>These settings judging by <paramref name="taste"/> alone: whatever else made the like rule gives way.</summary>
    IListenerSettings WithTaste(TasteSettings taste);
}
