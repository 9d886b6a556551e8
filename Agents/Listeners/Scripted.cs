using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Agents.Listeners;

/// <summary>
/// The noise of a simulated rater (B-Pref's "irrational teachers"), shared by the scripted listeners.
/// </summary>
public sealed record TeacherNoiseSettings
{
    /// <summary>
    /// Rationality β: judge by a Boltzmann choice on the score instead of the hard rule. Null (the default) is
    /// β = ∞, the hard rule; 0 chooses uniformly. JSON cannot carry ∞, hence null.
    /// </summary>
    public double? Rationality { get; init; }
    /// <summary>Probability of flipping a like into a dislike or back (silence stays silence).</summary>
    public double MistakeRate { get; init; }
    /// <summary>Probability of staying silent whatever the judgement (a lapse).</summary>
    public double SkipRate { get; init; }
    public ReactionTimeSettings ReactionTime { get; init; } = new();

    public void Validate(string where)
    {
        if (Rationality is double b && (!(b >= 0) || double.IsNaN(b)))
            throw new ArgumentException($"{where}.rationality must be ≥ 0, or null for the hard rule (got {b}).");
        if (!(MistakeRate >= 0 && MistakeRate <= 1)) throw new ArgumentException($"{where}.mistakeRate must be in [0,1] (got {MistakeRate}).");
        if (!(SkipRate >= 0 && SkipRate < 1)) throw new ArgumentException($"{where}.skipRate must be in [0,1) (got {SkipRate}).");
        (ReactionTime ?? throw new ArgumentException($"{where}.reactionTime must not be null.")).Validate($"{where}.reactionTime");
    }
}

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
            double pLike = 1.0 / (1.0 + Math.Exp(-beta * (score - like)));
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

/// <summary>
/// Oracle settings: targets as beat strings ("1000100010", beat 0 first) or decimal indices, and/or a taste whose
/// support is the target set; with neither, the target set is the well-formed taste.
/// </summary>
public sealed record OracleSettings
{
    public IReadOnlyList<string>? Targets { get; init; }
    public TasteSettings? Taste { get; init; }
    /// <summary>Likes patterns within this Hamming distance of a target.</summary>
    public int Distance { get; init; }
    public TeacherNoiseSettings Noise { get; init; } = new();

    public void Validate(string where = "listener.oracle")
    {
        if (Distance < 0) throw new ArgumentException($"{where}.distance must be ≥ 0 (got {Distance}).");
        if (Targets is { Count: 0 } && Taste is null) throw new ArgumentException($"{where}.targets is empty: give at least one pattern, or a taste, or leave both out for well-formed.");
        Taste?.Validate($"{where}.taste");
        (Noise ?? throw new ArgumentException($"{where}.noise must not be null.")).Validate($"{where}.noise");
    }
}

/// <summary>
/// Likes patterns within Hamming distance k of a target set, dislikes the rest. Score = −(distance to the
/// nearest target), like threshold −(k + ½): the half keeps the Boltzmann choice off integer ties, so that
/// P(like) = σ(β(k + ½ − distance)).
/// </summary>
public sealed class OracleListener : ScriptedListener, ITasteful
{
    private readonly int[] _distance; // per pattern, to the nearest target
    private readonly bool[] _liked;
    private readonly double[] _taste;

    public OracleListener(OracleSettings settings, int beats, SeededRandom random) : base(settings.Noise, random)
    {
        settings.Validate();
        Settings = settings;
        Beats = beats;
        var targets = new List<int>();
        if (settings.Targets is not null)
            foreach (var t in settings.Targets)
            {
                if (!Taste.TryParse(t, beats, out int p))
                    throw new ArgumentException($"listener.oracle.targets: '{t}' is not a pattern of {beats} beats; write it as {beats} digits 0/1 (beat 0 first) or an index 0..{(1 << beats) - 1}.");
                targets.Add(p);
            }
        if (settings.Taste is not null || settings.Targets is null)
        {
            var taste = TasteCatalog.Create(settings.Taste ?? new TasteSettings(), beats, random, "listener.oracle.taste");
            for (int p = 0; p < taste.PatternCount; p++) if (taste.Contains(p)) targets.Add(p);
        }
        TargetCount = targets.Distinct().Count();
        int n = 1 << beats;
        _distance = new int[n];
        _liked = new bool[n];
        _taste = new double[n];
        var distinct = targets.Distinct().ToArray();
        int liked = 0;
        for (int p = 0; p < n; p++)
        {
            int d = int.MaxValue;
            foreach (int t in distinct) d = Math.Min(d, int.PopCount(p ^ t));
            _distance[p] = d;
            _liked[p] = d <= settings.Distance;
            if (_liked[p]) liked++;
        }
        for (int p = 0; p < n; p++) _taste[p] = _liked[p] ? 1.0 / liked : 0;
    }

    public override string Kind => "oracle";
    public OracleSettings Settings { get; }
    public int Beats { get; }
    public int TargetCount { get; }
    /// <summary>Uniform over the patterns it likes under the hard rule.</summary>
    public ReadOnlySpan<double> TasteDistribution => _taste;
    public IReadOnlyList<bool>? TasteSupport => _liked;
    public int DistanceToTargets(int pattern) => _distance[pattern];

    protected override (double, double, double) Judge(int pattern)
    {
        double theta = -(Settings.Distance + 0.5);
        return (-_distance[pattern], theta, theta);
    }

    public override IReadOnlyDictionary<string, object> Describe()
    {
        var d = DescribeNoise();
        d["distance"] = Settings.Distance;
        d["targets"] = TargetCount;
        if (Settings.Targets is not null) d["targetPatterns"] = string.Join(",", Settings.Targets);
        if (Settings.Taste is not null || Settings.Targets is null) d["taste"] = (Settings.Taste ?? new TasteSettings()).Name;
        return d;
    }
}

/// <summary>
/// Template settings: a weight per beat (null: the default template), score = Σ weight_i · beat_i; likes at
/// score ≥ likeThreshold, dislikes below dislikeThreshold, silent between.
/// The default at any n: beat 0 weighs +2, other even beats +1, odd beats −1 (on-beat emphasis); like ≥ 3, dislike &lt; 1.
/// With a <see cref="Taste"/> instead, the template likes the taste's members and dislikes the rest (score 1 or 0,
/// both thresholds ½), so that listener kinds can be compared on one taste.
/// </summary>
public sealed record TemplateSettings
{
    public const double DefaultLikeThreshold = 3;
    public const double DefaultDislikeThreshold = 1;

    public IReadOnlyList<double>? Weights { get; init; }
    /// <summary>A taste whose set the template likes (its members) instead of a weighted score; null = the weights.</summary>
    public TasteSettings? Taste { get; init; }
    public double LikeThreshold { get; init; } = DefaultLikeThreshold;
    public double DislikeThreshold { get; init; } = DefaultDislikeThreshold;
    public TeacherNoiseSettings Noise { get; init; } = new();

    public static double[] DefaultWeights(int beats) =>
        Enumerable.Range(0, beats).Select(k => k == 0 ? 2.0 : k % 2 == 0 ? 1.0 : -1.0).ToArray();

    public void Validate(string where = "listener.template")
    {
        if (Weights is not null && Weights.Any(w => !double.IsFinite(w)))
            throw new ArgumentException($"{where}.weights must all be finite numbers.");
        if (!double.IsFinite(LikeThreshold)) throw new ArgumentException($"{where}.likeThreshold must be finite (got {LikeThreshold}).");
        if (!double.IsFinite(DislikeThreshold) || DislikeThreshold > LikeThreshold)
            throw new ArgumentException($"{where}.dislikeThreshold must be finite and ≤ likeThreshold {LikeThreshold} (got {DislikeThreshold}).");
        if (Taste is not null)
        {
            if (Weights is not null)
                throw new ArgumentException($"{where}: both weights and taste are given; the template likes either a weighted score or a taste's members: remove one.");
            if (LikeThreshold != DefaultLikeThreshold || DislikeThreshold != DefaultDislikeThreshold)
                throw new ArgumentException($"{where}: likeThreshold and dislikeThreshold apply to the weights, not to a taste (its members are liked, the rest disliked): remove them or the taste.");
            Taste.Validate($"{where}.taste");
        }
        (Noise ?? throw new ArgumentException($"{where}.noise must not be null.")).Validate($"{where}.noise");
    }
}

public sealed class TemplateListener : ScriptedListener, ITasteful
{
    private readonly double[] _weights;
    private readonly bool[] _liked; // with a taste, exactly its set
    private readonly double[] _taste;

    public TemplateListener(TemplateSettings settings, int beats, SeededRandom random) : base(settings.Noise, random)
    {
        settings.Validate();
        if (settings.Weights is not null && settings.Weights.Count != beats)
            throw new ArgumentException($"listener.template.weights has {settings.Weights.Count} entries; the generator has {beats} beats: give one weight per beat.");
        Settings = settings;
        Beats = beats;
        _weights = settings.Weights?.ToArray() ?? TemplateSettings.DefaultWeights(beats);
        int n = 1 << beats;
        _liked = new bool[n];
        _taste = new double[n];
        int liked = 0;
        if (settings.Taste is not null)
        {
            // The taste's set replaces the weighted score: members score 1, the rest 0, against thresholds ½.
            var taste = TasteCatalog.Create(settings.Taste, beats, random, "listener.template.taste");
            for (int p = 0; p < n; p++) if (_liked[p] = taste.Contains(p)) liked++;
        }
        else
            for (int p = 0; p < n; p++) if (_liked[p] = Score(p) >= LikeThreshold) liked++;
        for (int p = 0; p < n; p++) _taste[p] = _liked[p] ? 1.0 / liked : 0;
        // A template that likes nothing has no taste distribution; leave it all zero and say so in Describe.
        LikedCount = liked;
    }

    public override string Kind => "template";
    public TemplateSettings Settings { get; }
    public int Beats { get; }
    public int LikedCount { get; }
    public IReadOnlyList<double> Weights => _weights;
    public ReadOnlySpan<double> TasteDistribution => _taste;
    public IReadOnlyList<bool>? TasteSupport => _liked;
    /// <summary>The like threshold in use: ½ with a taste, else the settings'.</summary>
    public double LikeThreshold => Settings.Taste is null ? Settings.LikeThreshold : 0.5;
    /// <summary>The dislike threshold in use: ½ with a taste, else the settings'.</summary>
    public double DislikeThreshold => Settings.Taste is null ? Settings.DislikeThreshold : 0.5;

    /// <summary>With a taste, 1 for its members and 0 for the rest; otherwise Σ weight_i · beat_i.</summary>
    public double Score(int pattern)
    {
        if (Settings.Taste is not null) return _liked[pattern] ? 1 : 0;
        double s = 0;
        for (int k = 0; k < Beats; k++) if (Pattern.Beat(pattern, Beats, k) != 0) s += _weights[k];
        return s;
    }

    protected override (double, double, double) Judge(int pattern) => (Score(pattern), LikeThreshold, DislikeThreshold);

    public override IReadOnlyDictionary<string, object> Describe()
    {
        var d = DescribeNoise();
        if (Settings.Taste is not null) d["taste"] = Settings.Taste.Name;
        else d["weights"] = string.Join(",", _weights.Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        d["likeThreshold"] = LikeThreshold;
        d["dislikeThreshold"] = DislikeThreshold;
        d["likedPatterns"] = LikedCount;
        return d;
    }
}

/// <summary>Random: likes and dislikes with fixed probabilities, silent otherwise. β does not apply (no score).</summary>
public sealed record RandomListenerSettings
{
    public double LikeProbability { get; init; } = 0.3;
    public double DislikeProbability { get; init; } = 0.3;
    public TeacherNoiseSettings Noise { get; init; } = new();

    public void Validate(string where = "listener.random")
    {
        if (!(LikeProbability >= 0 && LikeProbability <= 1)) throw new ArgumentException($"{where}.likeProbability must be in [0,1] (got {LikeProbability}).");
        if (!(DislikeProbability >= 0 && DislikeProbability <= 1)) throw new ArgumentException($"{where}.dislikeProbability must be in [0,1] (got {DislikeProbability}).");
        if (LikeProbability + DislikeProbability > 1 + 1e-12)
            throw new ArgumentException($"{where}.likeProbability + dislikeProbability must be ≤ 1 (got {LikeProbability + DislikeProbability}).");
        (Noise ?? throw new ArgumentException($"{where}.noise must not be null.")).Validate($"{where}.noise");
    }
}

public sealed class RandomListener : ScriptedListener
{
    private readonly SeededRandom _choice;

    public RandomListener(RandomListenerSettings settings, SeededRandom random)
        : base(settings.Noise, SeededRandom.Derive(random.NextULong(), "noise"))
    {
        settings.Validate();
        Settings = settings;
        _choice = SeededRandom.Derive(random.NextULong(), "choice");
    }

    public override string Kind => "random";
    protected override bool UsesRationality => false;
    public RandomListenerSettings Settings { get; }

    /// <summary>The random choice is made here and passed through the hard rule as a score of +1, −1 or 0.</summary>
    protected override (double, double, double) Judge(int pattern)
    {
        double u = _choice.Uniform();
        double s = u < Settings.LikeProbability ? 1 : u < Settings.LikeProbability + Settings.DislikeProbability ? -1 : 0;
        return (s, 0.5, -0.5);
    }

    public override IReadOnlyDictionary<string, object> Describe()
    {
        var d = DescribeNoise();
        d["likeProbability"] = Settings.LikeProbability;
        d["dislikeProbability"] = Settings.DislikeProbability;
        return d;
    }
}
