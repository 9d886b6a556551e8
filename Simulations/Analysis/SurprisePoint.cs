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

public sealed record SurprisePoint(double T, long Serial, double Surprise, string Action);
