using ActionPerception.Agents.Tastes;
using ActionPerception.Agents.Tastes.Posterior;
using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// What the listener likes, inferred as the session goes: the taste posterior (closed-form Bayesian logistic
/// regression) updated with every applied like and dislike, summarised per window, and scored against the reference
/// set when there is one (AUC, calibration). Runs on the engine's thread; the niche reads its P(like) snapshot.
/// </summary>
internal sealed class TasteTracker
{
    private readonly TastePosterior _posterior;
    private readonly ReferenceSet? _reference;
    private readonly double[] _scores;
    private readonly List<AucPoint> _auc = [];
    private double[]? _pLike;
    private TastePosteriorSnapshot? _snapshot;
    // Every observation in order (pattern × 2 + like), for checkpoints: the posterior is a sequential update, so a
    // resumed session replays them to continue with the same posterior. Checkpoints are taken on the training thread.
    private readonly List<int> _history = [];
    private readonly Lock _historyGate = new();

    public TasteTracker(int beats, TastePosteriorSettings settings, ReferenceSet? reference)
    {
        _posterior = new TastePosterior(beats, settings);
        _reference = reference;
        _scores = new double[1 << beats];
    }

    public int Judgements => _posterior.Count;

    /// <summary>The newest posterior-predictive P(like) of every pattern (null before any judgement); never mutated once published.</summary>
    public double[]? PLike => Volatile.Read(ref _pLike);

    /// <summary>
    /// The newest posterior itself, frozen (null before any judgement, or when no reader asked for it): what the
    /// predictive niche and epistemic play read from other loops. Never mutated once published.
    /// </summary>
    public TastePosteriorSnapshot? Snapshot => Volatile.Read(ref _snapshot);

    /// <param name="publish">Publish P(like) of every pattern (the posterior niche reads it).</param>
    /// <param name="publishSnapshot">Publish a <see cref="Snapshot"/> (the predictive niche and epistemic play read it).</param>
    public void Observe(int pattern, bool like, bool publish, bool publishSnapshot = false)
    {
        _posterior.Observe(pattern, like);
        lock (_historyGate) _history.Add(Code(pattern, like));
        if (publishSnapshot) Volatile.Write(ref _snapshot, _posterior.Snapshot());
        if (!publish) return;
        var p = new double[_scores.Length];
        _posterior.PredictProbabilities(p);
        Volatile.Write(ref _pLike, p);
    }

    /// <summary>The observations so far, in order, each as pattern × 2 + (1 for a like): what a checkpoint keeps.</summary>
    public int[] History()
    {
        lock (_historyGate) return [.. _history];
    }

    public static int Code(int pattern, bool like) => pattern * 2 + (like ? 1 : 0);

    /// <summary>Observes a checkpoint's <see cref="History"/> again, publishing once at the end as <see cref="Observe"/> would have.</summary>
    public void Replay(IReadOnlyList<int> history, bool publish, bool publishSnapshot)
    {
        for (int i = 0; i < history.Count; i++)
            Observe(history[i] >> 1, (history[i] & 1) == 1, publish: publish && i == history.Count - 1, publishSnapshot: publishSnapshot && i == history.Count - 1);
    }

    /// <summary>The posterior-predictive P(like) of every pattern now.</summary>
    public void PredictProbabilities(Span<double> into) => _posterior.PredictProbabilities(into);

    public TasteWindow Window()
    {
        var summary = _posterior.Summarize();
        double? auc = null, ece = null;
        if (_reference is { } r)
        {
            _posterior.PredictProbabilities(_scores);
            auc = TasteEvaluation.Auc(_scores, r.Support);
            ece = TasteEvaluation.ExpectedCalibrationError(_scores, r.Support);
            _auc.Add(new AucPoint(_posterior.Count, auc.Value));
        }
        return new TasteWindow
        {
            Judgements = summary.Judgements,
            MeanPLike = LogEvent.R(summary.MeanProbability),
            TopPattern = summary.TopPattern,
            TopBeats = summary.TopBeats,
            TopPLike = LogEvent.R(summary.TopProbability),
            Auc = auc is double a ? LogEvent.R(a) : null,
            Ece = ece is double e ? LogEvent.R(e) : null,
        };
    }

    /// <summary>The run's taste figures for summary.json (the window series must have been taken first).</summary>
    public TasteOutcome Outcome(TasteWindow last) => new(last.Judgements, _reference?.Name, last.Auc, last.Ece,
        TasteEvaluation.JudgementsToReach(_auc, 0.9), last.TopBeats, last.TopPLike);
}

/// <summary>How well the run's judgements pin down the listener's taste: the final AUC against the reference, and when it reached 0.9.</summary>
public sealed record TasteOutcome(int Judgements, string? Reference, double? FinalAuc, double? FinalEce, int? JudgementsToAuc90, string TopBeats, double TopPLike);
