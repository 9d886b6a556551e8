using System.Globalization;
using System.Text.Json.Nodes;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Runs;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// A person's run beside its twins, like for like (notebooks/human-vs-computer): the same seed, starting dataset,
/// tempo, kit, budget and audio seconds, judged by a Helmholtz listener in its own loop, by the fitted twin (the
/// person's inferred taste, in a study) and, counterfactually, on exactly the patterns the person heard.
/// </summary>
public static class LikeForLike
{
    public const string Person = "person", HelmholtzTwin = "Helmholtz twin (own loop)", FittedTwin = "fitted twin (own loop)",
        Counterfactual = "counterfactual (Helmholtz judges what the person heard)";

    /// <summary>One run of the comparison: its role and run folder.</summary>
    public sealed record Member(string Role, string Folder)
    {
        /// <summary>Runs with a session log of their own (the counterfactual has none: it judged the person's patterns).</summary>
        public bool HasLog => File.Exists(Path.Combine(Folder, Environment.Sessions.SessionBuilder.LogFileName));
    }

    /// <summary>
    /// A stand-in for a person when none is given: one participant of a one-block study whose keys come from a script
    /// (a like or dislike every 2 s, not a taste), played through the real human path in real time on `null:paced`
    /// (about <paramref name="seconds"/> s of wall time). Its twins are made by `ap study run` as for anyone. Returns the block's run folder.
    /// </summary>
    public static string ScriptedPerson(string outDir, double seconds = 30)
    {
        string dir = Path.Combine(outDir, "scripted-person");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        var protocol = new JsonObject
        {
            ["schemaVersion"] = 1, ["format"] = "actionperception.study", ["name"] = "scripted-keys", ["seed"] = 7,
            ["overrides"] = new JsonObject { ["audio"] = new JsonObject { ["bpm"] = 300 } },
            ["instructions"] = new JsonArray("Scripted keys stand in for a person in this run."),
            ["consent"] = "A key script, not a person.",
            ["blocks"] = new JsonArray(new JsonObject { ["condition"] = "counts", ["niche"] = "counts", ["durationSeconds"] = seconds }),
            ["order"] = "fixed",
        };
        string protocolPath = Path.Combine(dir, "protocol.json");
        File.WriteAllText(protocolPath, protocol.ToJsonString());
        // At 300 BPM a pattern lasts 2 s: one key 1.6 s into each, in a fixed like/dislike sequence.
        string keys = string.Join(' ', Enumerable.Range(0, (int)(seconds / 2) - 1)
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{1.6 + 2 * k:0.0}:{("ldlldldl")[k % 8]}")));
        string keysPath = Path.Combine(dir, "keys.txt");
        File.WriteAllText(keysPath, $"instructions: space\nconsent: y\nblock: {keys}\n");
        string study = Path.Combine(dir, "study");
        ReportProcess.Ap(["study", "run", protocolPath, "--participant", "p01", "--study", study, "--keys", keysPath, "--output", "null:paced"]);
        return Path.Combine(study, "participants", "p01", "01-counts");
    }

    /// <summary>
    /// The person's run and its twins: those a study made (its participant manifest names them), and a Helmholtz twin in
    /// its own loop and a counterfactual made here with `ap simulate --twin` when missing (into <paramref name="outDir"/>).
    /// </summary>
    public static IReadOnlyList<Member> TwinsOf(string humanRun, string outDir)
    {
        string run = Path.GetFullPath(humanRun);
        if (File.Exists(run)) run = Path.GetDirectoryName(run)!;
        var members = new List<Member> { new(Person, run) };
        string? fitted = null, counterfactual = null;
        string manifest = Path.Combine(Path.GetDirectoryName(run)!, "manifest.json");
        if (File.Exists(manifest) && JsonNode.Parse(File.ReadAllText(manifest))?["blocks"] is JsonArray blocks)
            foreach (var b in blocks)
                if (b?["folder"]?.GetValue<string>() == Path.GetFileName(run))
                {
                    fitted = b["fittedTwin"]?.GetValue<string>() is { } f ? Path.Combine(Path.GetDirectoryName(run)!, f) : null;
                    counterfactual = b["counterfactual"]?.GetValue<string>() is { } c ? Path.Combine(Path.GetDirectoryName(run)!, c) : null;
                }
        string name = Path.GetFileName(run);
        string twin = Path.Combine(outDir, "twins", name + "-helmholtz-twin");
        ReportProcess.Ap(["simulate", "--twin", run, "--out", twin, "--force"]);
        members.Add(new(HelmholtzTwin, twin));
        if (fitted is not null) members.Add(new(FittedTwin, fitted));
        if (counterfactual is null)
        {
            counterfactual = Path.Combine(outDir, "twins", name + "-counterfactual");
            ReportProcess.Ap(["simulate", "--twin", run, "--counterfactual", "--out", counterfactual, "--force"]);
        }
        members.Add(new(Counterfactual, counterfactual));
        return members;
    }

    /// <summary>The runs with a log, analysed, labelled by role and folder (one label each: the role says who judged).</summary>
    public static IReadOnlyList<(Member Member, SessionAnalysis Session)> Load(IReadOnlyList<Member> members) =>
        [.. members.Where(m => m.HasLog).Select(m => (m, SessionAnalysis.Load(m.Folder, $"{m.Role}: {Path.GetFileName(m.Folder)}")))];

    /// <summary>One row per run with a log: the settings that make it like for like (seed, tempo, audio seconds), then the outcomes.</summary>
    public static NotebookTable Table(IReadOnlyList<(Member Member, SessionAnalysis Session)> runs)
    {
        string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        var rows = runs.Select(r =>
        {
            var s = r.Session;
            var sc = s.Header.Scenario;
            long judged = s.Summary.Likes + s.Summary.Dislikes;
            return (IReadOnlyList<string>)[r.Member.Role, Path.GetFileName(r.Member.Folder), s.ListenerKind, sc.Seed.ToString(CultureInfo.InvariantCulture),
                sc.Audio.Bpm.ToString(CultureInfo.InvariantCulture), s.Summary.DurationSeconds.ToString("F1", CultureInfo.InvariantCulture),
                I(s.Summary.Patterns), I(s.Summary.Likes), I(s.Summary.Dislikes),
                judged > 0 ? ((double)s.Summary.Likes / judged).ToString("F3", CultureInfo.InvariantCulture) : "",
                SessionAnalysis.Format(s.Summary.FinalKlDataGen), SessionAnalysis.Format(s.Summary.TimeToLikeRate50, "F1")];
        }).ToList();
        return new NotebookTable(["role", "run", "listener", "seed", "bpm", "audio seconds", "patterns", "likes", "dislikes", "like share", "final KL(data‖gen)", "time to 50 % likes (s)"], rows);
    }

    /// <summary>Each twin against the person, from its twin.json: agreement and Cohen's κ (serial by serial for a twin in its own loop).</summary>
    public static NotebookTable Agreement(IReadOnlyList<Member> members)
    {
        string F(double? v) => v is double d ? d.ToString("F3", CultureInfo.InvariantCulture) : "–";
        var rows = members.Where(m => m.Role != Person).Select(m => (m, t: TwinFile.TryLoad(m.Folder)?.Twin)).Where(x => x.t is not null).Select(x =>
            (IReadOnlyList<string>)[x.m.Role, x.t!.Listener, x.t.Counterfactual ? "the person's patterns" : "serial by serial (two loops)",
                x.t.Patterns.ToString(CultureInfo.InvariantCulture), x.t.JudgedByPerson.ToString(CultureInfo.InvariantCulture), F(x.t.Agreement), F(x.t.CohensKappa)]).ToList();
        return new NotebookTable(["twin", "listener", "compared on", "patterns", "judged by the person", "agreement", "Cohen's κ"], rows);
    }
}
