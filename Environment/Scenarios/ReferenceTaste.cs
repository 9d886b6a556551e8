using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Environment.Scenarios;

/// <summary>
/// Which set a run's convergence is measured against: the scenario's <c>analysis.reference</c> when given; else the
/// listener's own taste when it is a set (helmholtz with a set-like taste, oracle, template); else well-formed
/// (random, none, human, a Helmholtz listener with the <c>user</c> taste, a template that likes nothing).
/// </summary>
public static class ReferenceTaste
{
    /// <summary>The tastes <c>analysis.reference</c> may name: every set-like taste of the catalogue.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. TasteCatalog.Names.Where(n => n != TasteCatalog.User)];

    public const string FromScenario = "analysis.reference";
    public const string FromListener = "listener";
    public const string FromDefault = "default";

    /// <summary>
    /// The reference set of <paramref name="scenario"/> with <paramref name="listener"/> (null: a human or no listener).
    /// <paramref name="beats"/> defaults to the listener's own pattern size when it has a taste, else the scenario's
    /// generator.layers[0]; pass the generator's visible units when it was loaded from a model file. A <c>mixture</c>
    /// reference draws from <c>SeededRandom.Derive(scenario.Seed, "reference")</c>, so it is the same set every time.
    /// </summary>
    public static ReferenceSet Resolve(Scenario scenario, IListener? listener, int? beats = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        int n = beats ?? ListenerBeats(listener) ?? scenario.Generator.Layers[0];
        if (scenario.Analysis.Reference is string name)
        {
            var taste = TasteCatalog.Create(new TasteSettings { Name = name }, n, SeededRandom.Derive(scenario.Seed, "reference"), FromScenario);
            return ReferenceSet.FromTaste(taste, FromScenario);
        }
        if (listener is ITasteful tasteful && tasteful.TasteSupport is { } support && support.Any(b => b)
            && (beats is null || support.Count == 1 << beats))
            return new ReferenceSet(ListenerTasteName(listener), [.. support], FromListener);
        return ReferenceSet.FromTaste(TasteCatalog.WellFormedTaste(n), FromDefault);
    }

    private static int? ListenerBeats(IListener? listener) =>
        listener is ITasteful { TasteSupport: { } s } ? System.Numerics.BitOperations.Log2((uint)s.Count) : null;

    /// <summary>A readable name of a listener's taste set, e.g. "well-formed" or "oracle: well-formed within distance 1".</summary>
    public static string ListenerTasteName(IListener listener) => listener switch
    {
        HelmholtzListener h => h.Taste.Name,
        OracleListener o => OracleName(o.Settings),
        TemplateListener t => t.Settings.Taste?.Name ?? "template",
        _ => listener.Kind,
    };

    private static string OracleName(OracleSettings s)
    {
        string taste = (s.Taste ?? new TasteSettings()).Name;
        string set = s.Targets is null ? taste : s.Taste is null ? $"{s.Targets.Count} targets" : $"{taste} and {s.Targets.Count} targets";
        return s.Distance == 0 && s.Targets is null ? set : $"oracle: {set} within distance {s.Distance}";
    }
}
