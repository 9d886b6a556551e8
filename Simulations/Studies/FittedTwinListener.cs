using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Tastes.Posterior;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Logistic = ActionPerception.Agents.Numerics.Logistic;

namespace ActionPerception.Simulations.Studies;

/// <summary>
/// The simulated person: a listener that judges by one taste drawn from the person's taste posterior
/// (w ~ N(mean, covariance)). It acts on a heard pattern as often as the person did (their share of heard patterns
/// judged), then likes it with probability σ(w·φ(pattern)), else dislikes it, after the person's median reaction.
/// Every draw comes from the seeded source it is given.
/// </summary>
public sealed class FittedTwinListener : IListener
{
    public const string KindName = "fitted-twin";

    private readonly TasteFeatureSet _features;
    private readonly double[] _w;
    private readonly double[] _phi;
    private readonly double _actRate;
    private readonly double _reaction;
    private readonly Random _random;

    /// <param name="actRate">The share of heard patterns the person judged.</param>
    /// <param name="reactionSeconds">The person's median reaction after a pattern was heard (the listener decides at the scenario's decision point).</param>
    public FittedTwinListener(TastePosterior posterior, double actRate, double reactionSeconds, Random random)
    {
        _features = posterior.Features;
        _random = random;
        _actRate = Math.Clamp(actRate, 0, 1);
        _reaction = reactionSeconds;
        var mean = Vector<double>.Build.DenseOfArray(posterior.Mean.ToArray());
        var chol = posterior.Covariance.Cholesky().Factor;
        var z = Vector<double>.Build.Dense(mean.Count, _ => Normal.Sample(random, 0, 1));
        _w = (mean + chol * z).ToArray();
        _phi = new double[_features.Dimension];
        Judgements = posterior.Count;
    }

    /// <summary>The person's judgements the posterior was fitted to.</summary>
    public int Judgements { get; }

    public string Kind => KindName;

    /// <summary>P(like) of a pattern under the sampled taste.</summary>
    public double PLike(int pattern)
    {
        _features.Compute(pattern, _phi);
        double z = 0;
        for (int i = 0; i < _phi.Length; i++) z += _w[i] * _phi[i];
        return Logistic.StableSigmoid(z);
    }

    public IReadOnlyDictionary<string, object> Describe() => new Dictionary<string, object>
    {
        ["judgements"] = Judgements,
        ["actRate"] = Math.Round(_actRate, 6),
        ["reactionSeconds"] = Math.Round(_reaction, 6),
        ["sampledWeights"] = _w.Select(v => Math.Round(v, 6)).ToArray(),
    };

    public ListenerResponse Hear(HeardPattern heard)
    {
        // Both draws every time, so that the stream does not depend on what was decided.
        double act = _random.NextDouble(), like = _random.NextDouble();
        double p = PLike(heard.Pattern);
        var measures = new Dictionary<string, double> { ["pLike"] = p };
        if (act >= _actRate) return new ListenerResponse(null, 0, measures);
        return new ListenerResponse(like < p ? JudgementKind.Like : JudgementKind.Dislike, _reaction, measures);
    }
}
