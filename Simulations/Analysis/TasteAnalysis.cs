using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Tastes;
using ActionPerception.Agents.Tastes.Posterior;
using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Simulations.Analysis;

/// <summary>A session's taste posterior as the report shows it (see <see cref="TasteAnalysis.Of"/>).</summary>
/// <param name="Posterior">Converged on every applied like and dislike of the log (as <c>ap taste</c> builds it).</param>
/// <param name="Predictions">Posterior-predictive P(like) of every pattern, index order, with 90 % intervals.</param>
/// <param name="Reference">The known taste the AUC is measured against; null for a person or when it cannot be rebuilt.</param>
/// <param name="Auc">AUC of the online posterior's P(like) against <paramref name="Reference"/> after so many judgements.</param>
public sealed record TasteView(
    int Beats,
    TastePosterior Posterior,
    TastePrediction[] Predictions,
    IReadOnlyList<TasteWeight> Weights,
    ReferenceSet? Reference,
    IReadOnlyList<AucPoint> Auc,
    int AucEvery)
{
    public string BeatString(int pattern) => Posterior.Features.BeatString(pattern);
}

/// <summary>One pattern where two posteriors disagree: P(like) and 90 % interval under each.</summary>
public sealed record TasteDisagreement(int Pattern, string Beats, double A, double ALower, double AUpper, double B, double BLower, double BUpper)
{
    public double Difference => A - B;
}

/// <summary>
/// "What does this listener like?" for the report: the taste posterior (Agents/Tastes/Posterior) rebuilt from the
/// log's applied judgements, so it works for any run, and for a known taste its AUC as judgements come in.
/// </summary>
public static class TasteAnalysis
{
    /// <summary>At most this many points of the AUC curve (the posterior is updated after every judgement regardless).</summary>
    public const int MaxAucPoints = 200;

    /// <summary>
    /// The applied likes and dislikes in log order; a stop is not a judgement of taste, silence is not evidence. A
    /// judgement naming no pattern of <paramref name="beats"/> beats goes to <paramref name="badPattern"/> (which may
    /// throw), else it is skipped.
    /// </summary>
    public static IReadOnlyList<TasteJudgement> Judgements(IEnumerable<JudgementEvent> events, int beats, Action<JudgementEvent>? badPattern = null)
    {
        var result = new List<TasteJudgement>();
        foreach (var e in events)
        {
            if (!e.IsApplied || e.Kind is not (JudgementKind.Like or JudgementKind.Dislike)) continue;
            if (e.Pattern is not int p || p < 0 || p >= 1 << beats) { badPattern?.Invoke(e); continue; }
            result.Add(new TasteJudgement(p, e.Kind == JudgementKind.Like));
        }
        return result;
    }

    public static TasteView Of(SessionAnalysis s, ReferenceSet? reference, TastePosteriorSettings? settings = null)
    {
        var judgements = Judgements(s.Judgements, s.Beats);
        var posterior = TastePosterior.FromJudgements(s.Beats, judgements, settings);
        var all = posterior.PredictAll();
        IReadOnlyList<AucPoint> auc = [];
        int every = Math.Max(1, (int)Math.Ceiling(judgements.Count / (double)MaxAucPoints));
        if (reference is not null && reference.Support.Length == 1 << s.Beats && reference.Size < reference.Support.Length)
            auc = AucCurve(s.Beats, judgements, reference.Support, every, settings);
        return new TasteView(s.Beats, posterior, all, posterior.Weights(), reference, auc, every);
    }

    /// <summary>
    /// The AUC of the online posterior (one closed-form update per judgement, as a session would make it) against
    /// <paramref name="taste"/> at 0 judgements, after every <paramref name="every"/>-th, and after the last.
    /// </summary>
    public static IReadOnlyList<AucPoint> AucCurve(int beats, IReadOnlyList<TasteJudgement> judgements, bool[] taste, int every, TastePosteriorSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        var posterior = new TastePosterior(beats, settings);
        var scores = new double[1 << beats];
        var result = new List<AucPoint>();
        void Measure()
        {
            posterior.PredictProbabilities(scores);
            double auc = TasteEvaluation.Auc(scores, taste);
            if (!double.IsNaN(auc)) result.Add(new AucPoint(posterior.Count, auc));
        }
        Measure();
        for (int k = 0; k < judgements.Count; k++)
        {
            posterior.Observe(judgements[k]);
            if ((k + 1) % every == 0 || k == judgements.Count - 1) Measure();
        }
        return result;
    }

    /// <summary>The <paramref name="k"/> patterns where the two posteriors' P(like) differ most (largest |A − B| first, ties by index).</summary>
    public static IReadOnlyList<TasteDisagreement> Disagreements(TasteView a, TasteView b, int k = 10)
    {
        if (a.Beats != b.Beats) throw new ArgumentException($"the posteriors are over {a.Beats} and {b.Beats} beats: no pattern is common to both.");
        return [.. Enumerable.Range(0, a.Predictions.Length)
            .OrderByDescending(p => Math.Abs(a.Predictions[p].Probability - b.Predictions[p].Probability)).ThenBy(p => p)
            .Take(k)
            .Select(p => new TasteDisagreement(p, a.BeatString(p), a.Predictions[p].Probability, a.Predictions[p].Lower, a.Predictions[p].Upper,
                b.Predictions[p].Probability, b.Predictions[p].Lower, b.Predictions[p].Upper))];
    }
}
