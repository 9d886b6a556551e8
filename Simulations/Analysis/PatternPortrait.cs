
namespace ActionPerception.Simulations.Analysis;

/// <summary>A pattern shown as instrument × beat: the mean dynamic over its plays where the instrument hit, 0 where it never did.</summary>
public sealed record PatternPortrait(int Pattern, string Beats, int Plays, int Likes, string[] Instruments, double[][] Dynamics, double[][] HitRate);
