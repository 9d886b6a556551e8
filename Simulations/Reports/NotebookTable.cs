using System.Globalization;
using System.Text;
using CsvHelper;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// A table of text cells as the notebooks read the tidy CSV files (`ap export --tables`): a header, rows, and the few
/// operations a notebook needs to show a slice of it (as HTML through <see cref="NotebookHtml"/>, or as text).
/// </summary>
public sealed record NotebookTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public static NotebookTable ReadCsv(string path)
    {
        using var reader = CsvReader.Create(File.OpenText(path), null, false);
        reader.ReadHeader();
        var header = reader.Headers.ToArray();
        var rows = new List<IReadOnlyList<string>>();
        while (reader.Read()) rows.Add([.. Enumerable.Range(0, header.Length).Select(i => reader.GetString(i) ?? "")]);
        return new NotebookTable(header, rows);
    }

    public int Column(string name)
    {
        for (int i = 0; i < Header.Count; i++) if (Header[i] == name) return i;
        throw new ArgumentException($"no column '{name}' (columns: {string.Join(", ", Header)})");
    }

    public string Cell(IReadOnlyList<string> row, string column) => row[Column(column)];

    public double Number(IReadOnlyList<string> row, string column) =>
        double.TryParse(row[Column(column)], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

    public NotebookTable Where(Func<IReadOnlyList<string>, bool> keep) => this with { Rows = [.. Rows.Where(keep)] };

    public NotebookTable Select(params string[] columns)
    {
        var idx = columns.Select(Column).ToArray();
        return new NotebookTable(columns, [.. Rows.Select(r => (IReadOnlyList<string>)[.. idx.Select(i => r[i])])]);
    }

    /// <summary>Fixed-width text for consoles: each column as wide as its widest cell, at most <paramref name="maxRows"/> rows.</summary>
    public string ToText(int maxRows = 50)
    {
        var shown = Rows.Take(maxRows).ToList();
        var width = Header.Select((h, i) => Math.Max(h.Length, shown.Count == 0 ? 0 : shown.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join("  ", Header.Select((h, i) => h.PadRight(width[i]))).TrimEnd());
        foreach (var r in shown) sb.AppendLine(string.Join("  ", r.Select((c, i) => c.PadRight(width[i]))).TrimEnd());
        if (Rows.Count > shown.Count) sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"({shown.Count} of {Rows.Count} rows shown)"));
        return sb.ToString();
    }
}
