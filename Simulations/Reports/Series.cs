namespace ActionPerception.Simulations.Reports;

/// <summary>One line of a line chart.</summary>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, string? Color = null, string? Group = null, string? Dash = null, bool Hidden = false);
