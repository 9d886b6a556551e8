using System.Text;
using ActionPerception.IO;

namespace ActionPerception.Tests.IO;

public sealed class BoundedLineReaderTests
{
    /// <summary>A stream of <paramref name="length"/> 'x' bytes then "\nafter\n", generated as read (nothing held).</summary>
    private sealed class LongLineStream(long length) : Stream
    {
        private long _position;
        private static readonly byte[] Tail = "\nafter\n"u8.ToArray();
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = 0;
            while (n < count && _position < length + Tail.Length)
            {
                buffer[offset + n++] = _position < length ? (byte)'x' : Tail[_position - length];
                _position++;
            }
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void A_line_over_the_limit_is_skipped_without_being_held()
    {
        using var reader = new BoundedLineReader(new LongLineStream(256L << 20), 4 << 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(reader.TryReadLine(out string? tooLong));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Null(tooLong);
        // At most the limit's bytes are kept (the buffer grows to about 4 MB before the line is given up), not 256 MB.
        Assert.True(allocated < 16L << 20, $"{allocated} bytes allocated for a skipped 256 MB line");
        Assert.True(reader.TryReadLine(out string? next));
        Assert.Equal("after", next);
        Assert.False(reader.TryReadLine(out _));
    }

    [Fact]
    public void Lines_end_at_LF_or_CRLF_a_byte_order_mark_is_dropped_and_a_last_line_needs_no_newline()
    {
        var bytes = Encoding.UTF8.GetBytes("\uFEFFfirst\r\nsecond\n\nthird ‖ →");
        using var reader = new BoundedLineReader(new MemoryStream(bytes), 100);
        var lines = new List<string?>();
        while (reader.TryReadLine(out string? l)) lines.Add(l);
        Assert.Equal(["first", "second", "", "third ‖ →"], lines);
    }

    [Fact]
    public void A_line_of_exactly_the_limit_is_kept_and_one_byte_more_is_not()
    {
        var text = new string('a', 10) + "\n" + new string('b', 11) + "\n";
        using var reader = new BoundedLineReader(new MemoryStream(Encoding.ASCII.GetBytes(text)), 10);
        Assert.True(reader.TryReadLine(out string? ten));
        Assert.Equal(new string('a', 10), ten);
        Assert.True(reader.TryReadLine(out string? eleven));
        Assert.Null(eleven);
        Assert.False(reader.TryReadLine(out _));
    }
}
