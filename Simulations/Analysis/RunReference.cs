using ActionPerception.Agents.Tastes;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Analysis;

/// <summary>
/// The reference taste set a session was measured against, rebuilt from its log's header the way the session built
/// it: the scenario's listener is made again (same seed stream) and <see cref="ReferenceTaste.Resolve"/> is asked.
/// </summary>
public static class RunReference
{
    /// <summary>
    /// The session's reference set, or null with the reason. When the run folder's summary.json names the reference,
    /// a rebuilt set of another name is not trusted (null, and the note says so).
    /// </summary>
    public static (ReferenceSet? Set, string? Note) Resolve(SessionAnalysis s, string? expectedName = null)
    {
        var scenario = s.Header.Scenario;
        ReferenceSet? set = null;
        string? problem = null;
        try
        {
            // A Helmholtz listener is rebuilt without its pretraining: its taste is drawn before it, and the 100 pretraining
            // epochs were most of a report's time (issue 18).
            var settings = s.ListenerKind == ListenerBuilder.Human ? null : ListenerBuilder.Settings(scenario);
            if (settings?.Settings is Agents.Listeners.HelmholtzListenerSettings h)
                settings = settings with { Settings = h with { PretrainEpochs = 0 } };
            var listener = settings?.Create(new Agents.Listeners.ListenerContext(s.Beats, SessionBuilder.ListenerRandom(scenario, s.Header.ResumedFrom?.NextSerial), scenario.Generator.Layers));
            set = ReferenceTaste.Resolve(scenario, listener, s.Beats);
        }
        catch (Exception e) when (e is ScenarioException or ArgumentException or IOException or InvalidOperationException or System.Text.Json.JsonException)
        {
            problem = e.Message;
            try { set = ReferenceTaste.Resolve(scenario, null, s.Beats); }
            catch (Exception e2) when (e2 is ScenarioException or ArgumentException or IOException or InvalidOperationException) { return (null, $"the reference taste cannot be rebuilt from the log's scenario: {e2.Message}"); }
        }
        if (expectedName is not null && set is not null && set.Name != expectedName)
            return (null, $"the run was measured against the reference '{expectedName}', but the log's scenario rebuilds '{set.Name}'{(problem is null ? "" : $" (the listener could not be rebuilt: {problem})")}");
        return (set, null);
    }
}
