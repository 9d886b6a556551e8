
namespace ActionPerception.Agents.Listeners;

/// <summary>Random: likes and dislikes with fixed probabilities, silent otherwise. β does not apply (no score).</summary>
public sealed record RandomListenerSettings : IListenerSettings
{
    public double LikeProbability { get; init; } = 0.3;
    public double DislikeProbability { get; init; } = 0.3;
    public TeacherNoiseSettings Noise { get; init; } = new();

    public void Validate(string where = "listener.random")
    {
        if (!(LikeProbability >= 0 && LikeProbability <= 1)) throw new ArgumentException($"{where}.likeProbability must be in [0,1] (got {LikeProbability}).");
        if (!(DislikeProbability >= 0 && DislikeProbability <= 1)) throw new ArgumentException($"{where}.dislikeProbability must be in [0,1] (got {DislikeProbability}).");
        if (LikeProbability + DislikeProbability > 1 + 1e-12)
            throw new ArgumentException($"{where}.likeProbability + dislikeProbability must be ≤ 1 (got {LikeProbability + DislikeProbability}).");
        (Noise ?? throw new ArgumentException($"{where}.noise must not be null.")).Validate($"{where}.noise");
    }
}
