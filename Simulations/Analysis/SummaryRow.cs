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

/// <summary>The row of the summary table.</summary>
public sealed record SummaryRow(
    string Label,
    string ListenerKind,
    string Mode,
    double DurationSeconds,
    long Patterns,
    long Likes,
    long Dislikes,
    long Ignored,
    double? FinalKlDataGen,
    double? TimeToLikeRate50,
    double? GenerativeEntropy,
    string EntropySource);
