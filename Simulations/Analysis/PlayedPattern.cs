
namespace ActionPerception.Simulations.Analysis;

/// <summary>One played pattern and what the listener made of it (applied judgements attributed to it).</summary>
public sealed record PlayedPattern(long Serial, int Pattern, string Beats, double Start, double End, int Likes, int Dislikes);
