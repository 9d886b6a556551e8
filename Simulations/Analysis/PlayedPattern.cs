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

/// <summary>One played pattern and what the listener made of it (applied judgements attributed to it).</summary>
public sealed record PlayedPattern(long Serial, int Pattern, string Beats, double Start, double End, int Likes, int Dislikes);
