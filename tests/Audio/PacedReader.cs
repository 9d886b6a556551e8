namespace ActionPerception.Tests.Audio;

/// <summary>
/// A stand-in for a command-line player: a small Python program that reads mono 16-bit PCM from standard input no
/// faster than the sample rate, as a sound card would, counts the bytes into a file at the end of its input, and can
/// be told to die after some seconds. python3 is part of the project's machines (Debian's, at /usr/bin/python3).
/// </summary>
internal static class PacedReader
{
    private const string Script = """
        import sys, time
        rate = int(sys.argv[1]); out = sys.argv[2]; die = float(sys.argv[3]) if len(sys.argv) > 3 else None
        inp = sys.stdin.buffer; total = 0; start = time.monotonic()
        while True:
            if die is not None and time.monotonic() - start >= die: sys.exit(3)
            ahead = total / (2 * rate) - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(min(ahead, 0.01))
                continue
            b = inp.read1(882)
            if not b: break
            total += len(b)
        open(out, 'w').write(str(total))
        """;

    /// <summary>A pipe: command that plays at the sample rate; its byte count lands in <paramref name="countFile"/>.</summary>
    public static string Command(string folder, string countFile, double? dieAfterSeconds = null)
    {
        string script = Path.Combine(folder, "paced_reader.py");
        File.WriteAllText(script, Script.Replace("\r\n", "\n"));
        string die = dieAfterSeconds is double d ? " " + d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return $"pipe:python3 '{script}' {{rate}} '{countFile}'{die}";
    }

    /// <summary>The bytes the reader counted, once it has written them.</summary>
    public static long Count(string countFile)
    {
        for (int i = 0; i < 500 && !File.Exists(countFile); i++) Thread.Sleep(10);
        return long.Parse(File.ReadAllText(countFile), System.Globalization.CultureInfo.InvariantCulture);
    }
}
