using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes.Posterior;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// Epistemic play (<c>generator.play: "epistemic"</c>), part of the synthesis loop: K dreams from one generator
/// snapshot, each scored against the taste posterior's newest published snapshot (read-only, never the live
/// posterior) by <see cref="ExpectedFreeEnergy"/>; the highest is played. Its buffers belong to the synthesis loop's thread.
/// </summary>
internal sealed class EpistemicPlay
{
    private readonly EpistemicSettings _settings;
    private readonly Func<TastePosteriorSnapshot?> _posterior;
    private readonly TastePosteriorSnapshot _prior;
    private readonly double[][][] _states;
    private readonly int[] _candidates;
    private readonly DreamScore[] _scores;

    /// <param name="posterior">The newest published posterior snapshot, or null before the first judgement (the prior is used then).</param>
    public EpistemicPlay(EpistemicSettings settings, HelmholtzMachine shape, TastePosteriorSettings posteriorSettings, Func<TastePosteriorSnapshot?> posterior)
    {
        _settings = settings;
        _posterior = posterior;
        _prior = TastePosteriorSnapshot.Prior(shape.VisibleUnits, posteriorSettings);
        _states = new double[settings.Candidates][][];
        for (int c = 0; c < _states.Length; c++) _states[c] = shape.NewStates();
        _candidates = new int[settings.Candidates];
        _scores = new DreamScore[settings.Candidates];
    }

    /// <summary>Dreams the candidates from <paramref name="machine"/> with <paramref name="rng"/> and returns the chosen one's unit states and the choice to log.</summary>
    public (double[][] States, PlayChoice Choice) Choose(HelmholtzMachine machine, SeededRandom rng)
    {
        for (int c = 0; c < _candidates.Length; c++)
        {
            machine.Dream(_states[c], rng);
            _candidates[c] = HelmholtzMachine.UnitsToIndex(_states[c][0]);
        }
        var posterior = _posterior() ?? _prior;
        int best = ExpectedFreeEnergy.Choose(posterior, _candidates, _settings.PragmaticWeight, _scores);
        var logged = new PlayCandidate[_scores.Length];
        for (int c = 0; c < logged.Length; c++)
            logged[c] = new PlayCandidate(_scores[c].Pattern, LogEvent.R(_scores[c].PLike, 6), LogEvent.R(_scores[c].InformationGain, 6), LogEvent.R(_scores[c].ExpectedFreeEnergy, 6));
        return (_states[best], new PlayChoice(best, posterior.Judgements, logged));
    }
}
