using ActionPerception.Agents.Tastes;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// The run measured against the listener's own taste as its judgements reveal it: the set of patterns the run's
/// taste posterior likes with P ≥ 0.5 at the end. For a person this is the only reference that says something about
/// them (a fixed grammar such as well-formed is theirs only by chance); for a machine listener it shows how much of
/// its taste its judgements revealed. Chance is the starting generator's measure toward the same set.
/// </summary>
public sealed record OwnTasteOutcome(int Judgements, int Size, double? FalsePositiveRate, double? ChanceFalsePositiveRate,
    double? Coverage, double? CoverageAtStart, double? KlReferenceGen, double? KlReferenceGenAtStart)
{
    /// <summary>How every table names this reference.</summary>
    public const string Name = "own taste (P ≥ 0.5)";
    public const double Threshold = 0.5;

    /// <summary>The measures toward the set <paramref name="pLike"/> ≥ ½; the rates are null when the set is empty.</summary>
    public static OwnTasteOutcome Measure(int judgements, ReadOnlySpan<double> pLike, ReadOnlySpan<double> start, ReadOnlySpan<double> final)
    {
        var set = SetOf(pLike);
        int size = set.Count(x => x);
        if (size == 0) return new OwnTasteOutcome(judgements, 0, null, null, null, null, null, null);
        var a = ConvergenceMeasures.Compute(start, set);
        var b = ConvergenceMeasures.Compute(final, set);
        return new OwnTasteOutcome(judgements, size, R(b.FalsePositiveRate), R(a.FalsePositiveRate), R(b.Coverage), R(a.Coverage), R(b.KlReferenceGen), R(a.KlReferenceGen));
    }

    /// <summary>The own taste: the patterns liked with P ≥ <see cref="Threshold"/>.</summary>
    public static bool[] SetOf(ReadOnlySpan<double> pLike)
    {
        var set = new bool[pLike.Length];
        for (int i = 0; i < set.Length; i++) set[i] = pLike[i] >= Threshold;
        return set;
    }

    private static double R(double v) => Math.Round(v, 6);
}
