namespace ActionPerception.Agents.Niche;

/// <summary>
/// The names of the generator's two learning choices and their validation, for a scenario's <c>generator</c> section
/// and the <c>--niche</c> and <c>--play</c> options: what the generator trains toward (<c>niche</c>) and which of its
/// dreams it plays (<c>play</c>).
/// </summary>
public static class GeneratorRules
{
    /// <summary>The original: the dataset's counts, reshaped by +like / −dislike on the judged pattern.</summary>
    public const string CountsNiche = "counts";
    /// <summary>The counts, each weighted by the taste posterior's P(like).</summary>
    public const string PosteriorNiche = "posterior";
    /// <summary>A target over all patterns built from the taste posterior (<see cref="PredictiveTarget"/>).</summary>
    public const string PredictiveNiche = "predictive";

    /// <summary>The original: one dream, played.</summary>
    public const string DreamPlay = "dream";
    /// <summary>K dreams from one snapshot; the one of highest expected free energy is played.</summary>
    public const string EpistemicPlay = "epistemic";

    public static IReadOnlyList<string> Niches { get; } = [CountsNiche, PosteriorNiche, PredictiveNiche];
    public static IReadOnlyList<string> Plays { get; } = [DreamPlay, EpistemicPlay];

    /// <summary>
    /// Checks the four settings; <paramref name="bad"/> receives (field, problem, fix) as a scenario's validation
    /// does, and must not return.
    /// </summary>
    public static void Validate(string niche, string play, PredictiveSettings? predictive, EpistemicSettings? epistemic,
        Action<string, string, string> bad, string where = "generator")
    {
        if (niche is null || !Niches.Contains(niche))
            bad($"{where}.niche", $"'{niche}' is unknown",
                "use \"counts\" (the original, default), \"posterior\" (counts weighted by the taste posterior's P(like)) or \"predictive\" (a target over all patterns from the taste posterior)");
        if (play is null || !Plays.Contains(play))
            bad($"{where}.play", $"'{play}' is unknown",
                "use \"dream\" (the original: play one dream, default) or \"epistemic\" (play the most informative of several dreams)");
        if (predictive is null) bad($"{where}.predictive", "null", "remove it for the defaults, or give an object");
        if (epistemic is null) bad($"{where}.epistemic", "null", "remove it for the defaults, or give an object");
        Check(() => predictive!.Validate($"{where}.predictive"), $"{where}.predictive", bad);
        Check(() => epistemic!.Validate($"{where}.epistemic"), $"{where}.epistemic", bad);
    }

    private static void Check(Action validate, string field, Action<string, string, string> bad)
    {
        try { validate(); }
        catch (ArgumentException e)
        {
            // The settings' messages read "<field> must be … (got …); <advice>.": split them into problem and fix.
            string message = e.Message.TrimEnd('.');
            int cut = message.IndexOf("; ", StringComparison.Ordinal);
            bad(field, cut < 0 ? message : message[..cut], cut < 0 ? "see docs/scenarios.md" : message[(cut + 2)..]);
        }
    }
}
