using System.Globalization;
using CsvHelper;
using Parquet;
using Parquet.Schema;

namespace ActionPerception.Simulations.Export;

/// <summary>Writes a tidy table as CSV (CsvHelper, RFC 4180, invariant culture, empty cell for null) and as Parquet (Parquet.Net, one row group).</summary>
public static class TableWriter
{
    public static void WriteCsv(TidyTable table, string path)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        // RFC 4180 as CsvHelper writes it by default: UTF-8, CRLF, quotes only where a field needs them.
        using var csv = CsvWriter.Create(stream, null, leaveOpen: false);
        foreach (var c in table.Columns) csv.WriteField(c.Name);
        csv.EndRecord();
        for (int r = 0; r < table.Rows; r++)
        {
            foreach (var c in table.Columns) csv.WriteField(Cell(c.Values[r]));
            csv.EndRecord();
        }
    }

    private static string Cell(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => s,
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    public static void WriteParquet(TidyTable table, string path) => WriteParquetAsync(table, path).GetAwaiter().GetResult();

    private static async Task WriteParquetAsync(TidyTable table, string path)
    {
        var fields = table.Columns.Select(c => c.Kind switch
        {
            TidyKind.Integer => (DataField)new DataField<long?>(c.Name),
            TidyKind.Number => new DataField<double?>(c.Name),
            TidyKind.Flag => new DataField<bool?>(c.Name),
            _ => new DataField<string>(c.Name, true),
        }).ToArray();
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        using var group = writer.CreateRowGroup();
        for (int i = 0; i < fields.Length; i++)
        {
            var values = table.Columns[i].Values;
            switch (table.Columns[i].Kind)
            {
                case TidyKind.Integer:
                    await group.WriteAsync<long>(fields[i], values.Select(v => (long?)v).ToArray().AsMemory());
                    break;
                case TidyKind.Number:
                    await group.WriteAsync<double>(fields[i], values.Select(v => (double?)v).ToArray().AsMemory());
                    break;
                case TidyKind.Flag:
                    await group.WriteAsync<bool>(fields[i], values.Select(v => (bool?)v).ToArray().AsMemory());
                    break;
                default:
                    await group.WriteAsync(fields[i], values.Select(v => (string?)v).ToArray()!);
                    break;
            }
        }
    }
}
