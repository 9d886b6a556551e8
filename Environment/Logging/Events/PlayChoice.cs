namespace ActionPerception.Environment.Logging.Events;

/// <summary>How epistemic play chose a pattern: the candidates dreamt from one snapshot and the index of the one played.</summary>
/// <param name="Judgements">Judgements of the taste posterior the scores came from.</param>
public sealed record PlayChoice(int Chosen, int Judgements, IReadOnlyList<PlayCandidate> Candidates);

/// <summary>One candidate dream: its pattern, P(like), information gain (nats), and expected free energy (higher plays).</summary>
public sealed record PlayCandidate(int Pattern, double PLike, double InformationGain, double ExpectedFreeEnergy);
