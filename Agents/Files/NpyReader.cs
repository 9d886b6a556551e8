using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ActionPerception.IO;

namespace ActionPerception.Agents.Files;

/// <summary>
/// Reads a NumPy .npy file holding a 1-D integer or float array (the format in which the original saved its
/// users' datasets). Versions 1.0–3.0, little- or big-endian, C or Fortran order (the same for 1-D).
/// </summary>
public static partial class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static double[] ReadVector(string path)
    {
        return ReadVector(path, InputFiles.ReadAllBytes(path, ".npy dataset", InputFiles.MaxNpyBytes));
    }

    public static double[] ReadVector(string path, ReadOnlySpan<byte> bytes)
    {
        const string fix = "save the counts with numpy.save(path, counts) as a 1-D int or float array";
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw new InputFileException(path, "byte 0", "not a NumPy .npy file (the magic string \\x93NUMPY is missing)", fix);
        int major = bytes[6];
        int headerLen, headerStart;
        if (major == 1) { headerLen = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]); headerStart = 10; }
        else if (major is 2 or 3)
        {
            if (bytes.Length < 12) throw new InputFileException(path, "byte 8", "the file ends inside the header", fix);
            headerLen = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]));
            headerStart = 12;
        }
        else throw new InputFileException(path, "byte 6", $"unknown .npy format version {major}", fix);
        if (headerStart + headerLen > bytes.Length)
            throw new InputFileException(path, "header", "the file ends inside the header (truncated)", fix);
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes.Slice(headerStart, headerLen));

        // numpy's header is a Python dict literal, which keeps the last of two equal keys; refuse rather than guess.
        var twice = KeyRegex().Matches(header).GroupBy(m => m.Groups[1].Value).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new InputFileException(path, "header", $"the header names '{twice.Key}' twice", fix);
        var descr = DescrRegex().Match(header);
        var shape = ShapeRegex().Match(header);
        if (!descr.Success || !shape.Success)
            throw new InputFileException(path, "header", $"cannot read 'descr' and 'shape' from the header {header.Trim()}", fix);
        string[] dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (dims.Length != 1)
            throw new InputFileException(path, "header 'shape'", $"the array has shape ({shape.Groups[1].Value}); a 1-D array of 2^n counts is needed", fix);
        if (!long.TryParse(dims[0], NumberStyles.None, CultureInfo.InvariantCulture, out long count) || count > 1 << 16)
            throw new InputFileException(path, "header 'shape'", $"unusable length {dims[0]}", "use at most 2^16 counts");

        string d = descr.Groups[1].Value;
        // A byte order, a kind and a size at least ('<f8'); anything shorter names no type.
        if (d.Length < 3)
            throw new InputFileException(path, "header 'descr'", $"unknown data type '{d}'", fix);
        char order = d[0];
        bool bigEndian = order == '>';
        if (order is not ('<' or '>' or '|' or '='))
            throw new InputFileException(path, "header 'descr'", $"unknown byte order in '{d}'", fix);
        char kind = d[1];
        if (!int.TryParse(d.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int size))
            throw new InputFileException(path, "header 'descr'", $"unknown data type '{d}'", fix);
        bool ok = kind switch { 'i' or 'u' => size is 1 or 2 or 4 or 8, 'f' => size is 4 or 8, 'b' => size == 1, _ => false };
        if (!ok)
            throw new InputFileException(path, "header 'descr'", $"data type '{d}' is not an integer or float type", fix);

        int dataStart = headerStart + headerLen;
        long need = count * size;
        if (bytes.Length - dataStart < need)
            throw new InputFileException(path, "data", $"the file holds {bytes.Length - dataStart} data bytes, {need} are needed for {count} values (truncated)", "save the array again; the file was cut short");
        var data = bytes.Slice(dataStart, (int)need);
        var result = new double[count];
        for (int i = 0; i < count; i++)
        {
            var b = data.Slice(i * size, size);
            result[i] = (kind, size) switch
            {
                ('b', _) or ('u', 1) => b[0],
                ('i', 1) => (sbyte)b[0],
                ('i', 2) => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
                ('u', 2) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
                ('i', 4) => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
                ('u', 4) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
                ('i', 8) => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
                ('u', 8) => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b),
                ('f', 4) => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
                _ => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b),
            };
        }
        return result;
    }

    [GeneratedRegex(@"'([^']*)'\s*:")]
    private static partial Regex KeyRegex();

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
