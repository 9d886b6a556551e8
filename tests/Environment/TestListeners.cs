using ActionPerception.Agents.Listeners;

namespace ActionPerception.Tests.Environment;

/// <summary>A scripted listener for tests: a function decides what it does with each heard pattern.</summary>
public sealed class ScriptedTestListener(Func<HeardPattern, ListenerResponse> decide) : IListener
{
    public List<HeardPattern> Heard { get; } = [];
    public string Kind => "scripted-test";
    public IReadOnlyDictionary<string, object> Describe() => new Dictionary<string, object> { ["script"] = "test" };

    public ListenerResponse Hear(HeardPattern heard)
    {
        lock (Heard) Heard.Add(heard);
        return decide(heard);
    }
}
