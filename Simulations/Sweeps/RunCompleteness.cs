using ActionPerception.IO;
using ActionPerception.Simulations.Runs;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.Agents.Files;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Sweeps;

/// <summary>
/// Whether a sweep run's folder holds a finished result, judged from the typed log events and the run's summary.json:
/// every line of session.jsonl readable, a stop event whose code is a finish (not an interruption, a SIGTERM or a
/// failure), a summary event after it, and a readable summary.json. <c>sweep run --resume</c> keeps exactly the runs
/// this accepts, and <c>sweep merge</c> refuses a shard holding any other.
/// </summary>
public static class RunCompleteness
{
    /// <summary>Null when the run in <paramref name="runFolder"/> is complete; else what is wrong, in words.</summary>
    public static string? Problem(string runFolder)
    {
        if (!Directory.Exists(runFolder)) return "the run folder is missing";
        string log = Path.Combine(runFolder, SessionBuilder.LogFileName);
        if (!File.Exists(log)) return $"no {SessionBuilder.LogFileName}";
        SessionLogReader reader;
        try { reader = SessionLogReader.Read(log); }
        catch (InputFileException e) { return $"{SessionBuilder.LogFileName}: {e.Problem}"; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return $"{SessionBuilder.LogFileName} cannot be read ({e.Message})"; }
        if (reader.Problems.Count > 0)
            return $"{SessionBuilder.LogFileName} line {reader.Problems[0].Line}: {reader.Problems[0].Problem}";
        if (reader.Header is null) return $"{SessionBuilder.LogFileName} has no header";
        var events = reader.Events;
        int stopAt = -1;
        for (int i = events.Count - 1; i >= 0 && stopAt < 0; i--)
            if (events[i] is StopEvent) stopAt = i;
        if (stopAt < 0) return $"{SessionBuilder.LogFileName} has no stop event (the run was cut off)";
        var stop = (StopEvent)events[stopAt];
        if (CodeOf(stop) is StopCode.Interrupted or StopCode.Terminated or StopCode.Failed)
            return $"the run stopped early ({stop.Reason})";
        if (!events.Skip(stopAt + 1).OfType<SummaryEvent>().Any())
            return $"{SessionBuilder.LogFileName} has no summary after its stop event (the run was cut off)";
        return SummaryProblem(runFolder);
    }

    /// <summary>The stop's code; logs written before the code was logged carry only its words (<see cref="StopReason"/>'s).</summary>
    private static StopCode? CodeOf(StopEvent stop) => stop.Code ?? stop.Reason switch
    {
        "interrupted" => StopCode.Interrupted,
        _ when stop.Reason.StartsWith("terminated", StringComparison.Ordinal) => StopCode.Terminated,
        _ when stop.Reason.StartsWith("failed", StringComparison.Ordinal) => StopCode.Failed,
        _ => null,
    };

    private static string? SummaryProblem(string runFolder)
    {
        if (!File.Exists(Path.Combine(runFolder, RunSummary.FileName))) return $"no {RunSummary.FileName}";
        return RunSummary.Load(runFolder) switch
        {
            null => $"{RunSummary.FileName} cannot be read as a run summary",
            { SchemaVersion: <= 0 } => $"{RunSummary.FileName} is not a run summary (no schemaVersion)",
            _ => null,
        };
    }
}
