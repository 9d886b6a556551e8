using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.IO;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Simulations.Analysis;

/// <summary>
/// A session's convergence toward its reference taste: the run's own summary (summary.json's <c>convergence</c>,
/// computed by the session from every epoch) when the run folder has one, else <see cref="ConvergenceSummary.Compute"/>
/// over the log's epoch events (which, when the log interval aggregated epochs, hold the newest epoch of each).
/// </summary>
public sealed record SessionConvergence(ConvergenceSummary Summary, string Source)
{
    public const string FromSummaryFile = "summary.json";
    public const string FromLog = "log";

    /// <summary>Null when the log has no measure toward a reference (logs written before them).</summary>
    public static SessionConvergence? Of(SessionAnalysis s)
    {
        if (s.Saved?.Convergence is { } fromFile) return new SessionConvergence(fromFile, FromSummaryFile);
        var series = Series(s);
        if (series.Count == 0) return null;
        string name = s.Header.Scenario.Analysis.Reference ?? "reference";
        return new SessionConvergence(ConvergenceSummary.Compute(name, series[0].FalsePositiveRate, series), FromLog);
    }

    /// <summary>The log's epochs as convergence points (infinite KL where the log says null); patterns heard = patterns begun by then.</summary>
    public static IReadOnlyList<ConvergencePoint> Series(SessionAnalysis s)
    {
        var result = new List<ConvergencePoint>();
        int heard = 0;
        double last = double.NegativeInfinity;
        foreach (var e in s.Epochs)
        {
            if (e.Reference is not { } r) continue;
            while (heard < s.Played.Count && s.Played[heard].Start <= e.T) heard++;
            double t = Math.Max(e.T, last);
            last = t;
            result.Add(new ConvergencePoint(t, heard, r.FalsePositiveRate, r.KlReferenceGen ?? double.PositiveInfinity, r.Coverage, r.Entropy));
        }
        return result;
    }

    /// <summary>The run folder's summary.json <c>convergence</c>; null when absent or unreadable.</summary>
    public static ConvergenceSummary? FromFolder(string runFolder) => Runs.RunSummary.Load(runFolder)?.Convergence;
}
