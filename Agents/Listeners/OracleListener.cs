using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Agents.Listeners;

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

    public const string KindName = "oracle";

    public static ListenerKind Registration { get; } = ListenerKind.Of<OracleSettings>(KindName,
        "likes patterns within a Hamming distance of a target set (default: the well-formed taste), dislikes the rest",
        (s, c) => new OracleListener(s, c.Beats, c.Random));

    public override string Kind => KindName;
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
