using ActionPerception.Agents.Tastes;

namespace ActionPerception.Simulations.Studies;

/// <summary>
/// A participant's own taste: the predictive P(like) of every pattern under their taste posterior, fitted to the
/// judgements of all their finished blocks (the practice left out), and the set it likes with P ≥ 0.5. A person is
/// measured against this set, not against well-formed; every table that uses it says "own taste (P ≥ 0.5)".
/// </summary>
public sealed record OwnTaste(double[] PLike, bool[] Set, int Judgements)
{
    public const string Name = Environment.Sessions.OwnTasteOutcome.Name;
    public const double Threshold = Environment.Sessions.OwnTasteOutcome.Threshold;

    public int Size => Set.Count(x => x);

    /// <summary>The participant's own taste, or null when they have no finished block with a like or a dislike.</summary>
    public static OwnTaste? Of(string participantDir, ParticipantManifest m)
    {
        var first = m.Blocks.FirstOrDefault(b => !b.Practice && b.Status == BlockRecord.Finished && b.Folder is not null);
        if (first is null) return null;
        var log = Environment.Logging.SessionLogReader.Read(Analysis.SessionAnalysis.ResolveLog(Path.Combine(participantDir, first.Folder!)));
        if (log.Header is not { } header) return null;
        int beats = header.Scenario.Generator.Layers[0];
        var posterior = StudyTwins.PosteriorOf(participantDir, m, header.Scenario.Analysis.TastePosterior, beats);
        if (posterior.Count == 0) return null;
        var p = new double[1 << beats];
        posterior.PredictProbabilities(p);
        return new OwnTaste(p, Environment.Sessions.OwnTasteOutcome.SetOf(p), posterior.Count);
    }

    /// <summary>
    /// The generator's false-positive rate (its mass outside the set) and coverage (the share of the set holding at
    /// least half its uniform share) toward the own taste; null without a distribution or with an empty set.
    /// </summary>
    public (double FalsePositiveRate, double Coverage)? Toward(double[]? generator)
    {
        if (generator is null || generator.Length != Set.Length || Size == 0) return null;
        var m = ConvergenceMeasures.Compute(generator, Set);
        return (m.FalsePositiveRate, m.Coverage);
    }

    /// <summary>The share of <paramref name="patterns"/> inside the set; null for none.</summary>
    public double? ShareInside(IReadOnlyCollection<int> patterns) =>
        patterns.Count == 0 ? null : (double)patterns.Count(p => p >= 0 && p < Set.Length && Set[p]) / patterns.Count;
}
