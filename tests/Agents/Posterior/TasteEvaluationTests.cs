using ActionPerception.Agents.Tastes.Posterior;

namespace ActionPerception.Tests.Agents.Posterior;

public class TasteEvaluationTests
{
    [Fact]
    public void AUC_counts_the_pairs_a_member_outscores_a_non_member()
    {
        // Pairs (member, non-member): (0.35, 0.1) ✓, (0.35, 0.4) ✗, (0.8, 0.1) ✓, (0.8, 0.4) ✓ → 3/4.
        Assert.Equal(0.75, TasteEvaluation.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 12);
        Assert.Equal(1.0, TasteEvaluation.Auc([0.1, 0.2, 0.3], [false, true, true]), 12);
        Assert.Equal(0.0, TasteEvaluation.Auc([0.3, 0.2, 0.1], [false, true, true]), 12);
    }

    [Fact]
    public void AUC_counts_a_tie_as_half_a_pair()
    {
        // (0.5, 0.5) ½, (0.5, 0.1) 1, (0.9, 0.5) 1, (0.9, 0.1) 1 → 3.5/4.
        Assert.Equal(0.875, TasteEvaluation.Auc([0.5, 0.5, 0.9, 0.1], [true, false, true, false]), 12);
        Assert.Equal(0.5, TasteEvaluation.Auc([1, 1, 1, 1], [true, false, true, false]), 12);
    }

    [Fact]
    public void AUC_without_both_classes_is_undefined()
    {
        Assert.True(double.IsNaN(TasteEvaluation.Auc([0.1, 0.2], [true, true])));
    }

    [Fact]
    public void ECE_weighs_each_bin_by_its_share()
    {
        // bin [0,0.1): 0.05 vs 0 (1 of 4); bin [0.1,0.2): 0.15 vs ½ (2 of 4); bin [0.9,1]: 0.95 vs 1 (1 of 4).
        double ece = TasteEvaluation.ExpectedCalibrationError([0.05, 0.15, 0.15, 0.95], [false, true, false, true]);
        Assert.Equal(0.25 * 0.05 + 0.5 * 0.35 + 0.25 * 0.05, ece, 12);
        // 1 belongs to the last bin; perfectly calibrated extremes have no error.
        Assert.Equal(0.0, TasteEvaluation.ExpectedCalibrationError([1.0, 0.0], [true, false]), 12);
        Assert.Equal(0.5, TasteEvaluation.ExpectedCalibrationError([0.5, 0.5], [true, true]), 12);
    }

    [Fact]
    public void Judgements_to_reach_an_AUC_is_the_first_point_at_or_above_it()
    {
        AucPoint[] series = [new(10, 0.7), new(20, 0.91), new(30, 0.88), new(40, 0.95)];
        Assert.Equal(20, TasteEvaluation.JudgementsToReach(series));
        Assert.Equal(40, TasteEvaluation.JudgementsToReach(series, 0.95));
        Assert.Null(TasteEvaluation.JudgementsToReach(series, 0.99));
    }
}
