using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Analysis;

/// <summary>
/// The rolling rates over the last <see cref="SessionAnalysis.Window"/> patterns, at the end of the newest; a session of
/// fewer patterns gets one point over all of them.
/// </summary>
public sealed record RatePoint(double T, int Patterns, double LikeRate, double DislikeRate);
