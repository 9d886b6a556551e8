
namespace ActionPerception.Environment.Scenarios;

/// <summary>A scenario setting that cannot work, with the field, the problem and the fix.</summary>
public sealed class ScenarioException(string source, string field, string problem, string fix)
    : Exception($"{source}: at {field}: {problem}. Fix: {fix}")
{
    public string Field { get; } = field;
}
