using ActionPerception.Agents.Listeners;
using System.Globalization;
using System.Text.Json;
using ActionPerception.IO;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Niche;
using ActionPerception.Environment.Checkpoints;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Analysis;

/// <summary>Wake-sleep steps per second of audio (and of wall time in real time) between consecutive epochs.</summary>
public sealed record TrainingRatePoint(double T, double StepsPerAudioSecond, double? StepsPerWallSecond);
