using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Listeners;

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

    public const string KindName = "random";

    public static ListenerKind Registration { get; } = ListenerKind.Of<RandomListenerSettings>(KindName,
        "likes and dislikes with fixed probabilities whatever it hears", (s, c) => new RandomListener(s, c.Random));

    public override string Kind => KindName;
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
