namespace ActionPerception.Environment.Sessions;

/// <summary>
/// A judgement would push the dataset past the counts that add exactly (<see cref="Agents.Niche.PreferenceDataset.MaxTotal"/>)
/// or to infinity: the session stops like a divergence (exit 5), with the dataset as it was before that judgement, so
/// the log, the checkpoint and the summary stay finite.
/// </summary>
public sealed class NicheOverflowException(string message) : Exception(message);
