using ActionPerception.Agents.Listeners;
using System.Globalization;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes.Posterior;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Runs;

namespace ActionPerception.Simulations.Studies;

/// <summary>
/// The two twins of a finished human block, in virtual time: the counterfactual (a fresh Helmholtz listener
/// judging exactly the patterns the person heard, TwinRun's) and the fitted twin (a whole loop with a listener
/// that judges by a taste drawn from the person's posterior over all their finished blocks: the simulated person).
/// </summary>
public static class StudyTwins
{
    public const string CounterfactualSuffix = "counterfactual", FittedSuffix = "fitted-twin";

    /// <summary>The person's judgements of every finished, non-practice block so far, as the taste posterior takes them.</summary>
    public static TastePosterior PosteriorOf(string participantDir, ParticipantManifest m, TastePosteriorSettings settings, int beats)
    {
        var judgements = new List<TasteJudgement>();
        foreach (var b in m.Blocks.Where(b => !b.Practice && b.Status == BlockRecord.Finished && b.Folder is not null))
        {
            // The participant's own log, a person's or a simulated participant's: each pattern's last applied like or dislike.
            var log = Environment.Logging.SessionLogReader.Read(Analysis.SessionAnalysis.ResolveLog(Path.Combine(participantDir, b.Folder!)));
            var patterns = log.OfType<Environment.Logging.Events.PatternEvent>().ToDictionary(p => p.Serial, p => p.Pattern);
            var last = new Dictionary<long, bool>();
            foreach (var j in log.OfType<Environment.Logging.Events.JudgementEvent>())
                if (j.IsApplied && j.Serial is long serial && patterns.ContainsKey(serial) && j.Kind is Agents.Listeners.JudgementKind.Like or Agents.Listeners.JudgementKind.Dislike)
                    last[serial] = j.Kind == Agents.Listeners.JudgementKind.Like;
            foreach (var (serial, like) in last.OrderBy(kv => kv.Key)) judgements.Add(new TasteJudgement(patterns[serial], like));
        }
        return TastePosterior.FromJudgements(beats, judgements, settings);
    }

    /// <summary>Runs the missing twins of a block and records their folders in it.</summary>
    public static void Run(string participantDir, ParticipantManifest m, BlockRecord b)
    {
        var run = HumanRun.Load(Path.Combine(participantDir, b.Folder!));
        var scenario = TwinRun.ScenarioOf(run, w => Console.Error.WriteLine($"ap: note: {w}"));
        string stem = string.Create(CultureInfo.InvariantCulture, $"{b.Index:00}-{b.Condition}");
        if (b.Counterfactual is null)
        {
            var (folder, twin) = TwinRun.WriteCounterfactual(run, scenario, Free(participantDir, $"{stem}-{CounterfactualSuffix}"), force: false);
            b.Counterfactual = Path.GetRelativePath(participantDir, folder);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  counterfactual twin ({twin.Twin.Listener}): agreement {twin.Twin.Agreement?.ToString("F3", CultureInfo.InvariantCulture) ?? "–"}, κ {twin.Twin.CohensKappa?.ToString("F3", CultureInfo.InvariantCulture) ?? "–"} → {folder}"));
        }
        if (b.FittedTwin is null)
        {
            string folder = RunFitted(participantDir, m, run, scenario, Free(participantDir, $"{stem}-{FittedSuffix}"));
            b.FittedTwin = Path.GetRelativePath(participantDir, folder);
        }
    }

    private static string Free(string dir, string name)
    {
        while (Directory.Exists(Path.Combine(dir, name))) name += "+";
        return Path.Combine(dir, name);
    }

    /// <summary>The fitted twin's loop: the human block's scenario in virtual time, a listener drawn from the person's posterior.</summary>
    public static string RunFitted(string participantDir, ParticipantManifest m, HumanRun run, Scenario scenario, string folder)
    {
        int beats = scenario.Generator.Layers[0];
        var posterior = PosteriorOf(participantDir, m, scenario.Analysis.TastePosterior, beats);
        int judged = run.Labels.Values.Count(l => l != Analysis.TwinComparison.None);
        double actRate = run.Patterns.Count == 0 ? 0 : (double)judged / run.Patterns.Count;
        double buffer = run.Header.Derived.BufferSeconds;
        double reaction = ReactionAfterEnd(run, buffer);
        // The listener scenario says none (a valid kind); the session's header names the fitted twin and its settings.
        var s = scenario with { Name = FittedSuffix + "-" + scenario.Name, Listener = ListenerSettings.Of(NoneListener.KindName) };
        ListenerFactory factory = (_, random, _) => new FittedTwinListener(posterior, actRate, reaction, random);
        var prepared = SessionBuilder.Prepare(s, factory) with { Dataset = run.InitialDataset(s) };
        string dir = RunFolder.CreateForSession(folder, s.Name, force: false, out _);
        using (var session = SessionBuilder.Create(s, dir, prepared, twinOf: run.Folder))
            session.RunVirtual(CancellationToken.None);
        File.WriteAllText(Path.Combine(dir, "scenario.json"), s.ToJson());
        var twin = TwinRun.CompareWithSession(run, Path.Combine(dir, SessionBuilder.LogFileName), FittedTwinListener.KindName);
        twin.Save(dir);
        try { Reports.ReportWriter.Write([Analysis.SessionAnalysis.Load(dir)], Path.Combine(dir, "report.html"), overwrite: true); }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException) { Console.Error.WriteLine($"ap: error: the fitted twin's report could not be written ({e.Message})."); }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  fitted twin (taste drawn from {posterior.Count} of the person's judgements, acts on {actRate:P0}): κ {twin.Twin.CohensKappa?.ToString("F3", CultureInfo.InvariantCulture) ?? "–"} serial by serial → {dir}"));
        return dir;
    }

    /// <summary>
    /// The person's median delay from a pattern's end to their first key credited to it, kept inside the attribution
    /// window (a simulated listener decides at the pattern's end, and its key is credited half a buffer earlier).
    /// </summary>
    public static double ReactionAfterEnd(HumanRun run, double buffer)
    {
        var judgements = Analysis.SessionAnalysis.Load(run.Folder).Judgements
            .Where(j => j.IsApplied && j.Serial is not null)
            .GroupBy(j => j.Serial!.Value).Select(g => g.First()).ToList();
        var ends = run.Patterns.ToDictionary(p => p.Serial, p => p.End);
        var delays = judgements.Where(j => ends.ContainsKey(j.Serial!.Value)).Select(j => j.Made - ends[j.Serial!.Value]).Order().ToList();
        double median = delays.Count == 0 ? 0.3 : delays[delays.Count / 2];
        return Math.Clamp(median, 0.05, buffer / 2 - 0.05);
    }
}
