using System.Text.Json.Nodes;
using ActionPerception.Simulations.Sweeps;

namespace ActionPerception.Simulations.Analysis;

/// <summary>A small sweep for the notebooks when no sweep folder is given: listener kinds × seeds, well-formed reference.</summary>
public static class DemoSweep
{
    /// <summary>
    /// Runs (or, when <paramref name="outDir"/> already holds a finished sweep, reuses) a sweep of
    /// <paramref name="kinds"/> × seeds 1…<paramref name="seeds"/> of <paramref name="seconds"/> each, in virtual time,
    /// measured toward the well-formed reference; returns the sweep folder.
    /// </summary>
    public static string Run(string outDir, IReadOnlyList<string> kinds, int seeds = 3, double seconds = 300, int? parallel = null)
    {
        if (File.Exists(Path.Combine(outDir, SweepRunner.SummaryJson))) return outDir;
        var json = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["name"] = "notebook-demo",
            ["scenario"] = new JsonObject
            {
                ["durationSeconds"] = seconds,
                ["analysis"] = new JsonObject { ["reference"] = "well-formed" },
            },
            ["grid"] = new JsonObject { ["listener.kind"] = new JsonArray([.. kinds.Select(k => (JsonNode)JsonValue.Create(k))]) },
            ["seeds"] = new JsonArray([.. Enumerable.Range(1, seeds).Select(s => (JsonNode)JsonValue.Create(s))]),
        };
        var plan = SweepPlan.Parse("notebook-demo.sweep.json", json.ToJsonString(), ".");
        SweepRunner.Run(plan, plan.Runs, outDir, null, parallel ?? System.Environment.ProcessorCount);
        return outDir;
    }
}
