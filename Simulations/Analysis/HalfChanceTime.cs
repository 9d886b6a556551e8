
namespace ActionPerception.Simulations.Analysis;

/// <summary>Time to half of chance per group: mean ± SD over the seeds that reached it, and how many did.</summary>
public sealed record HalfChanceTime(string Group, string Label, int Runs, int Reached, double? MeanSeconds, double? SdSeconds, double? MeanPatterns, double? SdPatterns);
