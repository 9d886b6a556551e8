namespace ActionPerception.Agents.Tastes.Posterior;

/// <summary>One point of a learning curve: the AUC after so many judgements.</summary>
public readonly record struct AucPoint(int Judgements, double Auc);

/// <summary>
/// How well a taste model knows a known taste: the AUC of its scores against the taste's set, the expected
/// calibration error of its probabilities, and the judgements it took to reach an AUC.
/// </summary>
public static class TasteEvaluation
{
    /// <summary>
    /// Area under the ROC curve of <paramref name="scores"/> for telling the patterns in <paramref name="positive"/>
    /// from the rest: the probability that a random member outscores a random non-member, ties counting ½
    /// (the Mann–Whitney statistic with midranks). NaN when either class is empty.
    /// </summary>
    public static double Auc(ReadOnlySpan<double> scores, IReadOnlyList<bool> positive)
    {
        if (scores.Length != positive.Count)
            throw new ArgumentException($"{scores.Length} scores for {positive.Count} labels.");
        int n = scores.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(scores[i])) throw new ArgumentException($"score {i} is NaN; AUC needs every score.");
            order[i] = i;
        }
        var s = scores.ToArray();
        Array.Sort(s, order);
        double rankSum = 0;
        long pos = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && s[j + 1] == s[i]) j++;
            double midrank = 0.5 * (i + j) + 1; // ranks from 1; a tie block shares the mean of its ranks
            for (int k = i; k <= j; k++)
                if (positive[order[k]]) { rankSum += midrank; pos++; }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) return double.NaN;
        return (rankSum - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }

    /// <summary>The AUC of a posterior's predictive P(like) over all patterns against a taste's set.</summary>
    public static double Auc(TastePosterior posterior, IReadOnlyList<bool> taste)
    {
        var p = new double[posterior.Features.PatternCount];
        posterior.PredictProbabilities(p);
        return Auc(p, taste);
    }

    /// <summary>
    /// Expected calibration error: the probabilities cut into <paramref name="bins"/> equal-width bins on [0, 1]
    /// (1 itself in the last), and Σ_b (n_b / N) · |mean probability in b − fraction positive in b|.
    /// </summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<double> probabilities, IReadOnlyList<bool> positive, int bins = 10)
    {
        if (probabilities.Length != positive.Count)
            throw new ArgumentException($"{probabilities.Length} probabilities for {positive.Count} labels.");
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), "bins must be ≥ 1.");
        if (probabilities.Length == 0) return double.NaN;
        var count = new int[bins];
        var sumP = new double[bins];
        var sumY = new double[bins];
        for (int i = 0; i < probabilities.Length; i++)
        {
            double p = probabilities[i];
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"probability {i} is {p}, not in [0, 1].");
            int b = Math.Min((int)(p * bins), bins - 1);
            count[b]++;
            sumP[b] += p;
            if (positive[i]) sumY[b]++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++)
            if (count[b] > 0) ece += Math.Abs(sumP[b] - sumY[b]) / probabilities.Length; // n_b/N · |mean p − mean y|
        return ece;
    }

    /// <summary>The ECE of a posterior's predictive P(like) over all patterns against a taste's set.</summary>
    public static double ExpectedCalibrationError(TastePosterior posterior, IReadOnlyList<bool> taste, int bins = 10)
    {
        var p = new double[posterior.Features.PatternCount];
        posterior.PredictProbabilities(p);
        return ExpectedCalibrationError(p, taste, bins);
    }

    /// <summary>
    /// The judgements at the first point of <paramref name="series"/> (in the order given) whose AUC reaches
    /// <paramref name="threshold"/>; null if none does.
    /// </summary>
    public static int? JudgementsToReach(IEnumerable<AucPoint> series, double threshold = 0.9)
    {
        foreach (var point in series)
            if (point.Auc >= threshold) return point.Judgements;
        return null;
    }
}
