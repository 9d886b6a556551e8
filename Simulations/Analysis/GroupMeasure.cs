using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Analysis;

/// <summary>One measure of one group across its seeds: mean ± SD over the runs that have a value.</summary>
/// <param name="N">Runs with a value.</param>
public sealed record GroupMeasure(string Group, string Label, int Runs, int N, double? Mean, double? Sd)
{
    public string Format(string f = "F3") =>
        Mean is null ? "—" : Sd is null ? SessionAnalysis.Format(Mean, f) : $"{SessionAnalysis.Format(Mean, f)} ± {SessionAnalysis.Format(Sd, f)}";
}
