namespace ActionPerception.Simulations.Export;

/// <summary>
/// A table with one row per observation and one column per variable, written as CSV and Parquet alike. Columns
/// may be added while rows are being added (a kit's instruments): earlier rows get null in a late column.
/// </summary>
public sealed class TidyTable(string name)
{
    private readonly List<TidyColumn> _columns = [];

    /// <summary>The file name without extension: patterns, judgements, epochs, blocks, answers.</summary>
    public string Name { get; } = name;
    public IReadOnlyList<TidyColumn> Columns => _columns;
    public int Rows { get; private set; }

    public TidyTable Column(string column, TidyKind kind)
    {
        if (_columns.Any(c => c.Name == column)) throw new ArgumentException($"table {Name} already has a column {column}");
        var c = new TidyColumn(column, kind);
        for (int i = 0; i < Rows; i++) c.Values.Add(null);
        _columns.Add(c);
        return this;
    }

    public bool Has(string column) => _columns.Any(c => c.Name == column);

    /// <summary>Adds one row; cells by column name, absent names are null.</summary>
    public void Add(IReadOnlyDictionary<string, object?> cells)
    {
        foreach (var name in cells.Keys)
            if (!Has(name)) throw new ArgumentException($"table {Name} has no column {name}");
        foreach (var c in _columns) c.Add(cells.TryGetValue(c.Name, out var v) ? v : null);
        Rows++;
    }
}
