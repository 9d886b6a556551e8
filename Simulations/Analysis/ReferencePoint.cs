using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Analysis;

/// <summary>One epoch's exact measures toward the run's reference taste, as logged (<see cref="EpochEvent.Reference"/>).</summary>
/// <param name="T">Session time (seconds of audio) of the epoch.</param>
/// <param name="KlReferenceGen">Null when infinite (the generator cannot produce some pattern of the reference).</param>
/// <param name="DatasetTotal">The dataset's total count then: with <c>epochData</c> "rounded", count-1 patterns drop out of
/// the epochs once it passes 2·nData.</param>
public sealed record ReferencePoint(double T, int Epoch, double FalsePositiveRate, double? KlReferenceGen, double Coverage, double Entropy, double DatasetTotal);
