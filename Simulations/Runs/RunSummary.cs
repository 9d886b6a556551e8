using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ActionPerception.IO;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Tastes;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Runs;

/// <summary>
/// A run folder's summary.json: one record, written by <see cref="Save"/> for sessions, sweep runs and studies alike
/// and read back by <see cref="Load"/>, so a renamed field breaks the build, not a report. Schema 3 added
/// <c>format</c>; files of schema 2 (sessions: the same keys; sweep runs: only <c>convergence</c> and
/// <c>convergenceAtStart</c>) still load.
/// </summary>
public sealed record RunSummary
{
    public const string FileName = "summary.json";
    public const string FormatName = "actionperception.run-summary";
    public const int CurrentSchemaVersion = 3;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public string? Format { get; init; } = FormatName;
    /// <summary>How the run was started; null where the file must not depend on it (sweep runs are byte-identical on a rerun).</summary>
    public string? CommandLine { get; init; }
    /// <summary>The session's totals; a deterministic summary (sweep runs) carries no wall-clock figure (zero).</summary>
    public SessionSummary? Summary { get; init; }
    /// <summary>How the generator moved toward the run's reference taste; null when nothing was measured.</summary>
    public ConvergenceSummary? Convergence { get; init; }
    /// <summary>The same measures of the starting generator (the chance level of each).</summary>
    public ReferenceMeasures? ConvergenceAtStart { get; init; }
    /// <summary>What the same posterior would know from as many judgements of uniformly drawn patterns, and the listener's reliability.</summary>
    public InformationLimit? InformationLimit { get; init; }
    /// <summary>The plain-words verdict the console closes with.</summary>
    public ConvergenceVerdict? Verdict { get; init; }
    public TasteOutcome? Taste { get; init; }
    /// <summary>The final generator toward the listener's own taste as its judgements reveal it (P ≥ 0.5): a person's reference.</summary>
    public OwnTasteOutcome? OwnTaste { get; init; }
    public SessionRunner.LoopFigures? Figures { get; init; }
    public TwinSummary? Twin { get; init; }

    /// <summary>
    /// The summary of a finished session. <paramref name="deterministic"/> leaves out everything that depends on the
    /// wall clock or the command line, so that the same scenario and seed give the same file byte for byte.
    /// </summary>
    public static RunSummary Of(SessionSummary s, bool deterministic, string? commandLine = null, SessionRunner.LoopFigures? figures = null, TwinSummary? twin = null) => new()
    {
        CommandLine = deterministic ? null : commandLine,
        // The checkpoint by its file name: a sweep run is the same wherever its folder is (a shard on another node).
        Summary = deterministic ? s with { WallSeconds = 0, StepsPerWallSecond = 0, LastCheckpoint = s.LastCheckpoint is { } c ? Path.GetFileName(c) : null } : s,
        Convergence = s.Convergence,
        ConvergenceAtStart = s.ConvergenceAtStart,
        InformationLimit = s.InformationLimit,
        Verdict = s.Verdict,
        Taste = s.Taste,
        OwnTaste = s.OwnTaste,
        Figures = figures,
        Twin = twin,
    };

    /// <summary>Writes summary.json into <paramref name="folder"/> atomically (a reader never sees half a file).</summary>
    public void Save(string folder) =>
        SafeFile.WriteAllTextAtomically(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, JsonFiles.Write) + "\n", overwrite: true);

    // A newer summary may carry more fields than this version knows: they are skipped, not refused.
    private static readonly JsonSerializerOptions Lenient = new(JsonFiles.Read) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    /// <summary>
    /// The run folder's summary, or null when it has none or it cannot be read (a report then falls back to the log).
    /// An old sweep run's <c>convergence</c> nested inside <c>summary</c> is found too.
    /// </summary>
    public static RunSummary? Load(string folder)
    {
        string path = Path.Combine(folder, FileName);
        try
        {
            if (!File.Exists(path) || FileCheck.ReadAllText(path, InputFiles.MaxJsonBytes, out _) is not { } text
                || JsonNode.Parse(text, documentOptions: JsonFiles.Document) is not JsonObject root) return null;
            if (root["convergence"] is null && (root["summary"] as JsonObject)?["convergence"] is JsonObject nested)
                root["convergence"] = nested.DeepClone();
            // Only the parts this version can read are kept: one damaged part does not hide the others.
            return new RunSummary
            {
                SchemaVersion = Part<int?>(root, "schemaVersion") ?? 0,
                Format = Part<string>(root, "format"),
                CommandLine = Part<string>(root, "commandLine"),
                Summary = Part<SessionSummary>(root, "summary"),
                Convergence = Part<ConvergenceSummary>(root, "convergence") is { Reference: not null } c ? c : null,
                ConvergenceAtStart = Part<ReferenceMeasures>(root, "convergenceAtStart"),
                InformationLimit = Part<InformationLimit>(root, "informationLimit"),
                Verdict = Part<ConvergenceVerdict>(root, "verdict"),
                Taste = Part<TasteOutcome>(root, "taste"),
                OwnTaste = Part<OwnTasteOutcome>(root, "ownTaste"),
                Figures = Part<SessionRunner.LoopFigures>(root, "figures"),
                Twin = Part<TwinSummary>(root, "twin"),
            };
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException) { return null; }
    }

    private static T? Part<T>(JsonObject root, string name)
    {
        if (root[name] is not { } node) return default;
        try { return node.Deserialize<T>(Lenient); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or ArgumentException) { return default; }
    }
}
