using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Agents.Listeners;

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

    public const string KindName = "template";

    public static ListenerKind Registration { get; } = ListenerKind.Of<TemplateSettings>(KindName,
        "scores a pattern by a weight per beat (or a taste's members) against like and dislike thresholds",
        (s, c) => new TemplateListener(s, c.Beats, c.Random));

    public override string Kind => KindName;
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
