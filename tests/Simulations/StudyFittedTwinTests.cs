using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes.Posterior;
using ActionPerception.Simulations.Studies;

namespace ActionPerception.Tests.Simulations;

public class StudyFittedTwinTests
{
    // 1 0 1 0 0 0 0 0 0 0 and its mirror image as beat strings, as pattern indices (beat 0 the most significant bit).
    private const int Liked = 0b1010000000, Disliked = 0b0000000101;

    private static TastePosterior Posterior()
    {
        var judgements = Enumerable.Range(0, 30).SelectMany(_ => new[] { new TasteJudgement(Liked, true), new TasteJudgement(Disliked, false) });
        return TastePosterior.FromJudgements(10, judgements);
    }

    [Fact]
    public void A_taste_drawn_from_the_posterior_likes_what_the_person_liked_and_dislikes_what_they_disliked()
    {
        var twin = new FittedTwinListener(Posterior(), actRate: 1, reactionSeconds: 0.3, SeededRandom.Derive(3, "listener"));
        Assert.True(twin.PLike(Liked) > 0.8, $"P(like) of the liked pattern {twin.PLike(Liked)}");
        Assert.True(twin.PLike(Disliked) < 0.2, $"P(like) of the disliked pattern {twin.PLike(Disliked)}");
        int likes = Enumerable.Range(0, 200).Count(i => twin.Hear(new HeardPattern(i, Liked, null, i, 5)).Action == JudgementKind.Like);
        Assert.InRange(likes, 150, 200);
        Assert.Equal(60, twin.Judgements);
    }

    [Fact]
    public void It_acts_as_often_as_the_person_and_the_same_seed_gives_the_same_answers()
    {
        ListenerResponse[] Run(ulong seed, double rate)
        {
            var t = new FittedTwinListener(Posterior(), rate, 0.3, SeededRandom.Derive(seed, "listener"));
            return [.. Enumerable.Range(0, 400).Select(i => t.Hear(new HeardPattern(i, i % 1024, null, i, 5)))];
        }
        Assert.All(Run(1, 0), r => Assert.Null(r.Action));
        int acted = Run(1, 0.25).Count(r => r.Action is not null);
        Assert.InRange(acted, 70, 130); // 100 expected, sd about 8.7
        Assert.Equal(Run(5, 0.5).Select(r => r.Action), Run(5, 0.5).Select(r => r.Action));
        Assert.NotEqual(Run(5, 0.5).Select(r => r.Action), Run(6, 0.5).Select(r => r.Action));
    }
}
