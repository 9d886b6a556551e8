using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Niche;

/// <summary>
/// How reliably a listener told a run what it likes, counted from what it heard and how it answered, split by the
/// reference set: of the patterns heard inside the reference, the share it judged and the shares it liked and
/// disliked; the same outside. A reliable listener judges everything, likes inside and dislikes outside.
/// </summary>
public sealed record ListenerReliability(int HeardInside, int HeardOutside, int LikedInside, int DislikedInside, int LikedOutside, int DislikedOutside)
{
    /// <summary>Applied likes and dislikes in all.</summary>
    public int Judgements => LikedInside + DislikedInside + LikedOutside + DislikedOutside;

    /// <summary>The share of heard reference patterns it judged; null when it heard none.</summary>
    public double? JudgedShareInside => Share(LikedInside + DislikedInside, HeardInside);
    /// <summary>The share of heard patterns outside the reference it judged; null when it heard none.</summary>
    public double? JudgedShareOutside => Share(LikedOutside + DislikedOutside, HeardOutside);
    /// <summary>The share of heard reference patterns it liked (of all heard there, judged or not).</summary>
    public double? LikeRateInside => Share(LikedInside, HeardInside);
    /// <summary>The share of heard patterns outside the reference it liked.</summary>
    public double? LikeRateOutside => Share(LikedOutside, HeardOutside);
    public double? DislikeRateInside => Share(DislikedInside, HeardInside);
    public double? DislikeRateOutside => Share(DislikedOutside, HeardOutside);

    /// <summary>True when it heard patterns on both sides, so that its answers can be replayed on any pattern.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Replayable => HeardInside > 0 && HeardOutside > 0;

    /// <summary>
    /// Counts from one run: each heard pattern with its applied answer (true like, false dislike, null none). A
    /// pattern judged twice counts twice as heard; the counts only ask what one hearing brings.
    /// </summary>
    public static ListenerReliability Count(IEnumerable<(int Pattern, bool? Like)> heard, ReadOnlySpan<bool> reference)
    {
        ArgumentNullException.ThrowIfNull(heard);
        int hi = 0, ho = 0, li = 0, di = 0, lo = 0, dout = 0;
        var support = reference.ToArray(); // a span cannot be captured across the enumeration
        foreach (var (pattern, like) in heard)
        {
            if ((uint)pattern >= (uint)support.Length)
                throw new ArgumentOutOfRangeException(nameof(heard), $"pattern {pattern} is not one of the reference's {support.Length}.");
            if (support[pattern])
            {
                hi++;
                if (like == true) li++; else if (like == false) di++;
            }
            else
            {
                ho++;
                if (like == true) lo++; else if (like == false) dout++;
            }
        }
        return new ListenerReliability(hi, ho, li, di, lo, dout);
    }

    /// <summary>
    /// A hearing replayed: like, dislike or nothing for a pattern on the given side, with this listener's rates
    /// there (one uniform from <paramref name="rng"/>). The side is all it knows of a pattern, so a listener whose
    /// answers depend on more than membership is only approximated.
    /// </summary>
    public bool? Judge(bool inside, SeededRandom rng)
    {
        if (!Replayable) throw new InvalidOperationException("this listener heard no pattern on one side of the reference, so its answers there are unknown.");
        double like = inside ? LikeRateInside!.Value : LikeRateOutside!.Value;
        double dislike = inside ? DislikeRateInside!.Value : DislikeRateOutside!.Value;
        double u = rng.Uniform();
        return u < like ? true : u < like + dislike ? false : null;
    }

    private static double? Share(int part, int whole) => whole > 0 ? (double)part / whole : null;
}
