using System.Text.Json.Nodes;

namespace ActionPerception.Simulations.Reports;

/// <summary>A figure of the report: its plotly.js figure JSON (data and layout).</summary>
public sealed record Figure(string Name, string Title, JsonObject Json, bool Wide = false, string? Caption = null);
