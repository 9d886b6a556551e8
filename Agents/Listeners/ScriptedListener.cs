using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Listeners;

/// <summary>
/// A score, a like threshold and a dislike threshold (≤ like) make a judgement: the hard rule likes at
/// score ≥ like, dislikes at score &lt; dislike, and is silent between. With rationality β the choice is a
/// softmax over utilities β(s − like) for like, β(dislike − s) for dislike and 0 for silence; when the two
/// thresholds are equal there is no silent band and the choice is the two-way logistic σ(β(s − θ)).
/// Both tend to the hard rule as β → ∞. Then the noise: a mistake flips like/dislike, a skip silences.
/// Every call draws the same number of uniforms (choice, mistake, skip) and one Gaussian for the reaction
/// time, whatever the outcome, so a run's later draws do not depend on earlier outcomes.
/// </summary>
public abstract class ScriptedListener : IListener
{
    private readonly SeededRandom _rng;
    private long _heard, _likes, _dislikes;

    protected ScriptedListener(TeacherNoiseSettings noise, SeededRandom random)
    {
        Noise = noise;
        _rng = random;
    }

    public abstract string Kind { get; }
    public TeacherNoiseSettings Noise { get; }
    public long Heard => _heard;
    public long Likes => _likes;
    public long Dislikes => _dislikes;

    public abstract IReadOnlyDictionary<string, object> Describe();

    /// <summary>False where the score is not a preference (the random listener): β then has no effect.</summary>
    protected virtual bool UsesRationality => true;

    /// <summary>The listener's score of a pattern and its thresholds.</summary>
    protected abstract (double Score, double Like, double Dislike) Judge(int pattern);

    public ListenerResponse Hear(HeardPattern heard)
    {
        _heard++;
        var (score, like, dislike) = Judge(heard.Pattern);
        double uChoice = _rng.Uniform(), uMistake = _rng.Uniform(), uSkip = _rng.Uniform();
        double reaction = Noise.ReactionTime.Sample(_rng);
        JudgementKind? intended = Choose(score, like, dislike, UsesRationality ? Noise.Rationality : null, uChoice);
        JudgementKind? action = intended;
        bool mistake = action is not null && uMistake < Noise.MistakeRate;
        if (mistake) action = action == JudgementKind.Like ? JudgementKind.Dislike : JudgementKind.Like;
        bool skipped = action is not null && uSkip < Noise.SkipRate;
        if (skipped) action = null;
        if (action == JudgementKind.Like) _likes++;
        else if (action == JudgementKind.Dislike) _dislikes++;
        var measures = new Dictionary<string, double>
        {
            ["score"] = score,
            ["likeThreshold"] = like,
            ["dislikeThreshold"] = dislike,
            ["intended"] = Code(intended),
            ["mistake"] = mistake ? 1 : 0,
            ["skipped"] = skipped ? 1 : 0,
        };
        return new ListenerResponse(action, action is null ? 0 : reaction, measures);
    }

    internal static double Code(JudgementKind? k) => k switch { JudgementKind.Like => 1, JudgementKind.Dislike => -1, _ => 0 };

    /// <summary>The hard rule or the Boltzmann choice, from one uniform draw u.</summary>
    public static JudgementKind? Choose(double score, double like, double dislike, double? rationality, double u)
    {
        if (rationality is not double beta || double.IsPositiveInfinity(beta))
            return score >= like ? JudgementKind.Like : score < dislike ? JudgementKind.Dislike : null;
        if (like == dislike)
        {
            double pLike = Numerics.Logistic.Sigmoid(beta * (score - like));
            return u < pLike ? JudgementKind.Like : JudgementKind.Dislike;
        }
        // Softmax over (like, dislike, silent), shifted by the largest utility so nothing overflows.
        double a = beta * (score - like), b = beta * (dislike - score);
        double m = Math.Max(0, Math.Max(a, b));
        double eL = Math.Exp(a - m), eD = Math.Exp(b - m), eS = Math.Exp(-m);
        double t = u * (eL + eD + eS);
        return t < eL ? JudgementKind.Like : t < eL + eD ? JudgementKind.Dislike : null;
    }

    protected Dictionary<string, object> DescribeNoise() => new()
    {
        ["kind"] = Kind,
        ["rationality"] = Noise.Rationality is double b ? b : "hard",
        ["mistakeRate"] = Noise.MistakeRate,
        ["skipRate"] = Noise.SkipRate,
        ["reactionTime.median"] = Noise.ReactionTime.Median,
        ["reactionTime.sigma"] = Noise.ReactionTime.Sigma,
        ["reactionTime.min"] = Noise.ReactionTime.Min,
        ["reactionTime.max"] = Noise.ReactionTime.Max,
    };
}
