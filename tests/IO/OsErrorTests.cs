using ActionPerception.IO;

namespace ActionPerception.Tests.IO;

public sealed class OsErrorTests
{
    [Theory]
    [InlineData(28, "No space left on device : '/x/session.jsonl'", "Fix: free space on the disk, or write the output to another disk.")]
    [InlineData(30, "Read-only file system : '/x'", "Fix: write the output to a disk that is not read-only.")]
    [InlineData(122, "Disk quota exceeded : '/x'", "Fix: free space within your disk quota")]
    public void A_disk_failure_becomes_one_line_with_a_fix(int errno, string message, string fix)
    {
        if (OperatingSystem.IsWindows()) return; // errno codes
        string text = OsError.Explain(new IOException(message, errno));
        Assert.StartsWith(message.TrimEnd('.'), text);
        Assert.Contains(fix, text);
        Assert.DoesNotContain('\n', text);
        Assert.True(OsError.IsDiskFailure(new IOException(message, errno)));
    }

    [Fact]
    public void An_argument_failure_loses_its_parameter_and_value_lines()
    {
        var e = new ArgumentOutOfRangeException("Bpm", 1000.0, "Bpm 1000 is out of range: choose a value from 20 to 400.");
        string text = OsError.Explain(e);
        Assert.Equal("Bpm 1000 is out of range: choose a value from 20 to 400.", text);
        string empty = OsError.Explain(new ArgumentException("The value cannot be an empty string.", "path"));
        Assert.Equal("The value cannot be an empty string. Fix: give a path (an empty name names no file).", empty);
    }

    [Fact]
    public void A_message_that_names_its_fix_is_kept()
    {
        const string ours = "x.wav: the file exists already. Fix: pass --force.";
        Assert.Equal(ours, OsError.Explain(new IOException(ours, 17)));
        Assert.Equal("Access to the path '/root/x' is denied. Fix: choose a place you may write to for the run folder, or change its permissions.",
            OsError.Explain(new UnauthorizedAccessException("Access to the path '/root/x' is denied."), "the run folder"));
    }
}
