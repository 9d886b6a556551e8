using System.Globalization;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Agents.Niche;

/// <summary>
/// A run's outcome in one plain sentence for a newcomer: <see cref="Converged"/>, <see cref="Moving"/> or
/// <see cref="AtChance"/>, the figure behind it, and what to try next.
/// <list type="bullet">
/// <item>converged: the false-positive rate (FP) is at most half of chance and the coverage at least
/// <see cref="CoverageGoal"/> (the generator plays inside the taste, and most of it);</item>
/// <item>at chance: the FP is within <see cref="ChanceBand"/> of chance, or above it;</item>
/// <item>moving: anything between.</item>
/// </list>
/// </summary>
/// <param name="State">"converged", "moving" or "at chance".</param>
/// <param name="Sentence">The sentence, ending with what to try.</param>
public sealed record ConvergenceVerdict(string State, string Sentence)
{
    public const string Converged = "converged", Moving = "moving", AtChance = "at chance";
    public const double CoverageGoal = 0.8;
    public const double ChanceBand = 0.05;
    /// <summary>Within this much of the information limit's FP (and coverage), more of the same loop cannot help.</summary>
    public const double LimitBand = 0.05;

    /// <summary>
    /// The verdict on <paramref name="convergence"/>, beside its <paramref name="limit"/> (null when unknown), for a run
    /// with <paramref name="judgements"/> applied judgements under <paramref name="niche"/> (see <see cref="GeneratorRules"/>).
    /// Null when nothing was measured (no epoch).
    /// </summary>
    public static ConvergenceVerdict? Judge(ConvergenceSummary convergence, InformationLimit? limit, int judgements, string niche)
    {
        ArgumentNullException.ThrowIfNull(convergence);
        if (convergence.FalsePositiveRate is not double fp) return null;
        double chance = convergence.ChanceFalsePositiveRate;
        double coverage = convergence.Coverage ?? 0;
        string figures = F($"false-positive rate {fp:0.00} (chance {chance:0.00}), coverage {coverage:0.00} of '{convergence.Reference}'");
        string bound = limit is null ? "" : F($"; the information limit of its {limit.Judgements} judgements is {limit.FalsePositiveRate:0.00} and {limit.Coverage:0.00}");
        bool atLimit = limit is not null && fp <= limit.FalsePositiveRate + LimitBand && coverage >= limit.Coverage - LimitBand;
        bool counts = niche == GeneratorRules.CountsNiche;
        const string Fast = "--niche predictive --play epistemic (docs/examples/fast-learning.json)";

        if (fp <= chance / 2 && coverage >= CoverageGoal)
            return new(Converged, $"Converged: {figures}{bound}; to go further, run longer.");
        if (fp >= chance - ChanceBand)
        {
            string advice = judgements == 0
                ? "the listener judged nothing: like and dislike what you hear, or choose a listener that judges"
                : limit is not null && limit.FalsePositiveRate >= chance - ChanceBand
                    ? "its judgements do not follow the reference, so no learner could do better: check the listener's taste against --reference"
                    : counts ? $"try {Fast}, or a longer session" : "try a longer session or more judgements";
            return new(AtChance, $"At chance: {figures}{bound}; {advice}.");
        }
        string next = atLimit
            ? "the judgements are the limit: run longer, or judge more of what you hear"
            : counts ? $"try {Fast}" : "run longer or raise training.stepsPerSecond";
        return new(Moving, $"Moving: {figures}{bound}; {next}.");
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
