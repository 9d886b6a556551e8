using System.Buffers;
using System.Text;

namespace ActionPerception.IO;

/// <summary>
/// Reads UTF-8 lines from a stream holding at most <c>maxLineBytes</c> of one line in memory: a longer line is
/// skipped to its end and reported as such, so a gigabyte without a newline costs a buffer, not the heap.
/// </summary>
public sealed class BoundedLineReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly ArrayBufferWriter<byte> _line = new();
    private int _start, _end;
    private bool _eof, _first = true;

    public BoundedLineReader(Stream stream, int maxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _stream = stream;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>
    /// The next line without its end (\n or \r\n); false at the end of the stream. <paramref name="line"/> is null
    /// when the line had more than the limit's bytes (it was skipped, not kept).
    /// </summary>
    public bool TryReadLine(out string? line)
    {
        _line.ResetWrittenCount();
        bool first = _first;
        _first = false;
        bool tooLong = false, any = false;
        while (true)
        {
            if (_start == _end)
            {
                if (_eof || (_end = _stream.Read(_buffer, 0, _buffer.Length)) == 0)
                {
                    _eof = true;
                    _start = _end = 0;
                    if (!any) { line = null; return false; }
                    line = tooLong ? null : Decode(first);
                    return true;
                }
                _start = 0;
            }
            any = true;
            var span = _buffer.AsSpan(_start, _end - _start);
            int nl = span.IndexOf((byte)'\n');
            var part = nl >= 0 ? span[..nl] : span;
            if (!tooLong)
            {
                if (_line.WrittenCount + part.Length > _maxLineBytes) { tooLong = true; _line.ResetWrittenCount(); }
                else _line.Write(part);
            }
            _start += nl >= 0 ? nl + 1 : span.Length;
            if (nl >= 0)
            {
                line = tooLong ? null : Decode(first);
                return true;
            }
        }
    }

    private string Decode(bool first)
    {
        var bytes = _line.WrittenSpan;
        if (first && bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r') bytes = bytes[..^1];
        return Encoding.UTF8.GetString(bytes);
    }

    public void Dispose() => _stream.Dispose();
}
