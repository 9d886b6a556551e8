using ActionPerception.Agents.Numerics;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes.Posterior;
using ActionPerception.Tests.Agents.Niche;
using Xunit.Abstractions;

namespace ActionPerception.Tests.Agents.Posterior;

public class ExpectedFreeEnergyTests(ITestOutputHelper output)
{
    /// <summary>An independent Monte Carlo of (p̄, BALD) for f ~ N(μ, s²), seeded.</summary>
    private static (double PBar, double Gain) MonteCarlo(double mu, double s, int n, ulong seed)
    {
        var rng = new SeededRandom(seed);
        double pBar = 0, h = 0;
        for (int i = 0; i < n; i++)
        {
            double p = Logistic.StableSigmoid(mu + s * rng.Gaussian());
            pBar += p;
            h += ExpectedFreeEnergy.BinaryEntropy(p);
        }
        pBar /= n;
        return (pBar, ExpectedFreeEnergy.BinaryEntropy(pBar) - h / n);
    }

    /// <summary>The probit closed form of docs/taste-posterior.md, written out independently.</summary>
    private static double ProbitGain(double mu, double s)
    {
        double kappa2 = Math.PI / 8, c2 = Math.PI * Math.Log(2) / 2;
        double pBar = Logistic.StableSigmoid(mu / Math.Sqrt(1 + Math.PI * s * s / 8));
        double eh = Math.Log(2) * Math.Sqrt(c2 / (kappa2 * s * s + c2)) * Math.Exp(-kappa2 * mu * mu / (2 * (kappa2 * s * s + c2)));
        return ExpectedFreeEnergy.BinaryEntropy(pBar) - eh;
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(0.0, 3.0)]
    [InlineData(1.5, 1.0)]
    [InlineData(-2.0, 2.5)]
    [InlineData(4.0, 6.0)]
    [InlineData(-6.0, 0.3)]
    public void The_quadrature_agrees_with_monte_carlo_and_the_probit_closed_form(double mu, double s)
    {
        var score = ExpectedFreeEnergy.Score(0, mu, s, pragmaticWeight: 0);
        var (pBar, gain) = MonteCarlo(mu, s, 400_000, 11);
        output.WriteLine($"μ {mu} s {s}: quadrature p̄ {score.PLike:F4} I {score.InformationGain:F4}; MC p̄ {pBar:F4} I {gain:F4}; probit I {ProbitGain(mu, s):F4}");
        Assert.Equal(pBar, score.PLike, 2);
        Assert.InRange(score.InformationGain - gain, -0.003, 0.003);
        Assert.InRange(score.InformationGain - ProbitGain(mu, s), -0.035, 0.035);
    }

    [Fact]
    public void A_certain_posterior_teaches_nothing_and_an_uncertain_coin_teaches_most()
    {
        Assert.Equal(0, ExpectedFreeEnergy.Score(0, 1.3, 0, 0).InformationGain, 12);
        double atCoin = ExpectedFreeEnergy.Score(0, 0, 4, 0).InformationGain;
        Assert.True(atCoin > ExpectedFreeEnergy.Score(0, 0, 1, 0).InformationGain);
        Assert.True(atCoin > ExpectedFreeEnergy.Score(0, 3, 4, 0).InformationGain);
        Assert.InRange(atCoin, 0, Math.Log(2));
    }

    [Fact]
    public void The_pragmatic_weight_adds_lambda_times_log_p_like()
    {
        var a = ExpectedFreeEnergy.Score(7, -1, 2, 0);
        var b = ExpectedFreeEnergy.Score(7, -1, 2, 0.4);
        Assert.Equal(Math.Log(a.PLike), b.LogPLike, 12);
        Assert.Equal(a.InformationGain + 0.4 * Math.Log(a.PLike), b.ExpectedFreeEnergy, 12);
        Assert.True(double.IsFinite(ExpectedFreeEnergy.Score(0, -2000, 0, 1).ExpectedFreeEnergy));
    }

    [Fact]
    public void Choose_plays_the_candidate_of_highest_expected_free_energy_and_reports_every_score()
    {
        var posterior = PredictiveTargetTests.WellFormedPosterior(40, 3).Snapshot();
        int[] candidates = [0, 1023, 0b1000100010, 0b0101010101, 0b1010101010, 17, 300, 512];
        var scores = new DreamScore[candidates.Length];
        foreach (double lambda in new[] { 0.0, 0.1, 2.0 })
        {
            int best = ExpectedFreeEnergy.Choose(posterior, candidates, lambda, scores);
            for (int c = 0; c < candidates.Length; c++)
            {
                Assert.Equal(candidates[c], scores[c].Pattern);
                Assert.Equal(ExpectedFreeEnergy.Score(posterior.Predict(candidates[c]), lambda), scores[c]);
                Assert.True(scores[best].ExpectedFreeEnergy >= scores[c].ExpectedFreeEnergy);
            }
            output.WriteLine($"λ {lambda}: plays {candidates[best]} ({string.Join(", ", scores.Select(s => $"{s.Pattern}: I {s.InformationGain:F3} p {s.PLike:F3}"))})");
        }
        // With λ large the most likely candidate wins; with λ = 0 the most informative.
        ExpectedFreeEnergy.Choose(posterior, candidates, 0, scores);
        int informative = Array.IndexOf(scores, scores.MaxBy(s => s.InformationGain));
        Assert.Equal(informative, ExpectedFreeEnergy.Choose(posterior, candidates, 0, scores));
        int likely = Array.IndexOf(scores, scores.MaxBy(s => s.PLike));
        Assert.Equal(likely, ExpectedFreeEnergy.Choose(posterior, candidates, 1000, scores));
    }

    [Fact]
    public void Choosing_allocates_nothing()
    {
        var posterior = PredictiveTargetTests.WellFormedPosterior(40, 3).Snapshot();
        int[] candidates = [1, 2, 3, 4, 5, 6, 7, 8];
        var scores = new DreamScore[8];
        ExpectedFreeEnergy.Choose(posterior, candidates, 0.1, scores);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) ExpectedFreeEnergy.Choose(posterior, candidates, 0.1, scores);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
