using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;
using ActionPerception.Agents.Tastes.Posterior;

namespace ActionPerception.Agents.Niche;

/// <summary>
/// The information limit of a run (a Bayes bound): what the same taste posterior would know after as many judgements
/// as the run had, had the patterns been drawn uniformly instead of by the generator, measured as the false-positive
/// rate and coverage of its flat predictive target toward the reference. A generator that reaches it has learnt all
/// that the judgements could tell; one far above it is limited by the loop, not by the listener.
/// </summary>
/// <param name="Judgements">Judgements the bound rests on (the run's, unless the listener judged too rarely to collect them).</param>
/// <param name="Replicates">Independent seeded draws of that many judgements; the figures are their mean and sd.</param>
/// <param name="ChanceFalsePositiveRate">The uniform target's rate, 1 − |reference| / 2^n.</param>
public sealed record InformationLimit(
    int Judgements,
    int Replicates,
    double FalsePositiveRate,
    double FalsePositiveRateSd,
    double Coverage,
    double CoverageSd,
    double ChanceFalsePositiveRate,
    ListenerReliability? Reliability)
{
    /// <summary>Replicates by default: the bound of one draw of 60 judgements varies by a few hundredths.</summary>
    public const int DefaultReplicates = 5;

    /// <summary>Uniform draws per wanted judgement before giving up on a listener that hardly judges.</summary>
    public const int MaxDrawsPerJudgement = 10_000;

    /// <summary>
    /// The bound for a listener that answered as <paramref name="reliability"/> counts: its like and dislike rates
    /// inside and outside the reference replayed on uniformly drawn patterns. Null when the run heard no pattern on one
    /// side of the reference (its answers there are unknown). <paramref name="seed"/> makes it reproducible.
    /// </summary>
    public static InformationLimit? FromReliability(ReferenceSet reference, ListenerReliability reliability, ulong seed,
        TastePosteriorSettings? posterior = null, PredictiveSettings? target = null, int replicates = DefaultReplicates)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(reliability);
        if (reliability.Judgements > 0 && !reliability.Replayable) return null;
        var support = reference.Support;
        var limit = Compute(reference, (p, rng) => reliability.Judge(support[p], rng), reliability.Judgements, seed, posterior, target, replicates);
        return limit with { Reliability = reliability };
    }

    /// <summary>
    /// The bound for a listener given as <paramref name="judge"/> (like, dislike or null for silence, drawing any
    /// randomness from the source it is given): <paramref name="judgements"/> judgements of uniformly drawn patterns,
    /// fitted by a posterior of <paramref name="posterior"/> settings, turned into the flat target of
    /// <paramref name="target"/>'s threshold and minimum, and measured toward <paramref name="reference"/>.
    /// </summary>
    public static InformationLimit Compute(ReferenceSet reference, Func<int, SeededRandom, bool?> judge, int judgements, ulong seed,
        TastePosteriorSettings? posterior = null, PredictiveSettings? target = null, int replicates = DefaultReplicates)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(judge);
        if (judgements < 0) throw new ArgumentOutOfRangeException(nameof(judgements), "judgements must be ≥ 0.");
        if (replicates < 1) throw new ArgumentOutOfRangeException(nameof(replicates), "at least one replicate.");
        int count = reference.Support.Length;
        int beats = int.Log2(count);
        if (1 << beats != count) throw new ArgumentException($"the reference has {count} patterns, not a power of two.", nameof(reference));
        // The bound is of the flat target whatever shape the run used: it is the target the limit is defined by.
        var flat = (target ?? new PredictiveSettings()) with { Shape = PredictiveSettings.Flat };
        var q = new PredictiveTarget(beats, flat);
        var fp = new double[replicates];
        var coverage = new double[replicates];
        int collected = judgements;
        var list = new List<TasteJudgement>(judgements);
        for (int r = 0; r < replicates; r++)
        {
            var rng = SeededRandom.Derive(seed, $"information-limit/{r}");
            list.Clear();
            long draws = 0, maxDraws = (long)MaxDrawsPerJudgement * Math.Max(1, judgements);
            while (list.Count < judgements && draws++ < maxDraws)
            {
                int pattern = rng.NextIndex(count);
                if (judge(pattern, rng) is bool like) list.Add(new TasteJudgement(pattern, like));
            }
            collected = Math.Min(collected, list.Count);
            q.Refresh(TastePosterior.FromJudgements(beats, list, posterior));
            var m = ConvergenceMeasures.Compute(q.Target, reference);
            (fp[r], coverage[r]) = (m.FalsePositiveRate, m.Coverage);
        }
        return new InformationLimit(collected, replicates, fp.Average(), Sd(fp), coverage.Average(), Sd(coverage),
            1 - (double)reference.Size / count, null);
    }

    private static double Sd(double[] x)
    {
        if (x.Length < 2) return 0;
        double mean = x.Average(), ss = 0;
        foreach (double v in x) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (x.Length - 1));
    }
}
