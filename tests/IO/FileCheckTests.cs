using System.Diagnostics;
using ActionPerception.IO;

namespace ActionPerception.Tests.IO;

public sealed class FileCheckTests
{
    [Fact]
    public async Task A_named_pipe_is_refused_before_it_is_opened()
    {
        if (OperatingSystem.IsWindows()) return; // no mkfifo
        string dir = Fixtures.TempDir();
        try
        {
            string pipe = Path.Combine(dir, "p.json");
            using (var p = Process.Start("mkfifo", pipe)) p.WaitForExit();
            // Opening the pipe would block until a writer came; the call must return at once.
            var open = Task.Run(() => FileCheck.Open(pipe, 1 << 20, out string? problem, out FileProblem kind) is null ? (problem, kind) : (null, kind));
            var (problem, kind) = await open.WaitAsync(TimeSpan.FromSeconds(60)); // throws TimeoutException if it waited on the pipe
            Assert.Equal(FileProblem.NotRegular, kind);
            Assert.Contains("named pipe", problem);
            var ex = Assert.Throws<InputFileException>(() => InputFiles.ReadAllText(pipe, "dataset"));
            Assert.Contains("Fix: give a dataset file on disk", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_device_is_named_as_one_and_a_regular_file_opens()
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Null(FileCheck.Open("/dev/null", 100, out string? problem, out var kind));
        Assert.Equal(FileProblem.NotRegular, kind);
        Assert.Contains("device", problem);
        string dir = Fixtures.TempDir();
        try
        {
            string f = Path.Combine(dir, "a.json");
            File.WriteAllText(f, "{}");
            using var fs = FileCheck.Open(f, 100, out problem);
            Assert.NotNull(fs);
            Assert.Null(problem);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
