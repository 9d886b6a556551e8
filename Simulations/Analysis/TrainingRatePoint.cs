
namespace ActionPerception.Simulations.Analysis;

/// <summary>Wake-sleep steps per second of audio (and of wall time in real time) between consecutive epochs.</summary>
public sealed record TrainingRatePoint(double T, double StepsPerAudioSecond, double? StepsPerWallSecond);
