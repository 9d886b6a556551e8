namespace ActionPerception.Simulations.Export;

/// <summary>One column of a tidy table: a snake_case name (R and pandas take it as is), its type and its cells (null where missing).</summary>
public sealed class TidyColumn(string name, TidyKind kind)
{
    public string Name { get; } = name;
    public TidyKind Kind { get; } = kind;
    public List<object?> Values { get; } = [];

    /// <summary>Adds a cell, refusing one of the wrong type: a mixed column would write a CSV that no reader types alike.</summary>
    public void Add(object? value)
    {
        object? v = value switch
        {
            null => null,
            int i when Kind == TidyKind.Integer => (long)i,
            long when Kind == TidyKind.Integer => value,
            double d when Kind == TidyKind.Number => double.IsFinite(d) ? d : null,
            int i when Kind == TidyKind.Number => (double)i,
            long l when Kind == TidyKind.Number => (double)l,
            string when Kind == TidyKind.Text => value,
            bool when Kind == TidyKind.Flag => value,
            _ => throw new ArgumentException($"column {Name} holds {Kind} values, not {value.GetType().Name}"),
        };
        Values.Add(v);
    }
}
