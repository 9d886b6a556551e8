using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;

namespace ActionPerception.Tests.Reports;

/// <summary>Debian's chromium, or null. In CI (CI=true) a missing chromium fails the test instead of skipping it.</summary>
public static class Chromium
{
    public static string? Path { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
    public static bool InCi => string.Equals(System.Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Skips locally when chromium is absent; in CI it runs, and fails on the missing browser.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null && !Chromium.InCi) Skip = "chromium is not installed (apt-get install chromium); with CI=true this test fails instead";
    }
}

[Collection("report")]
public class ScreenshotTests(ReportFixture f)
{
    [ChromiumFact]
    public void The_report_renders_in_headless_chromium_and_is_not_blank()
    {
        Assert.True(Chromium.Path is not null, "chromium is missing: .ci/run must apt-get install chromium");
        string dir = Fixtures.TempDir();
        string png = Path.Combine(dir, "report.png");
        string profile = Path.Combine(dir, "profile");
        var psi = new ProcessStartInfo(Chromium.Path!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic", $"--user-data-dir={profile}", $"--screenshot={png}",
            "--window-size=1200,800", new Uri(f.ReportPath).AbsoluteUri,
        }) psi.ArgumentList.Add(a);
        using (var p = Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(entireProcessTree: true); Assert.Fail("chromium did not finish within 2 minutes"); }
            Assert.True(File.Exists(png), $"chromium wrote no screenshot (exit {p.ExitCode}): {err.Result}");
        }
        var (w, h, rgb) = Png.Decode(File.ReadAllBytes(png));
        Assert.Equal(1200, w);
        Assert.Equal(800, h);
        int plotBackground = 0, nonWhite = 0;
        var colours = new HashSet<int>();
        for (int i = 0; i < w * h; i++)
        {
            int r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
            colours.Add((r << 16) | (g << 8) | b);
            if (r == 0xf7 && g == 0xf7 && b == 0xf9) plotBackground++;
            if (r < 240 || g < 240 || b < 240) nonWhite++;
        }
        // A blank or failed page is one or two colours; plotly draws its plot areas in the report's plot_bgcolor.
        Assert.True(colours.Count > 100, $"only {colours.Count} colours: the page looks blank");
        Assert.True(nonWhite > w * h / 50, $"only {nonWhite} non-white pixels");
        Assert.True(plotBackground > w * h / 20, $"only {plotBackground} pixels of plot background: plotly.js did not draw the figures");
    }
}

/// <summary>Just enough PNG decoding (8-bit RGB/RGBA, no interlace) to look at chromium's screenshot.</summary>
public static class Png
{
    public static (int Width, int Height, byte[] Rgb) Decode(byte[] file)
    {
        int pos = 8, width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        while (pos < file.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(file, pos + 4, 4);
            var data = file.AsSpan(pos + 8, len);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[12] != 0) throw new NotSupportedException("only 8-bit, non-interlaced PNGs");
                channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new NotSupportedException($"PNG colour type {data[9]}") };
            }
            else if (type == "IDAT") idat.Write(data);
            else if (type == "IEND") break;
            pos += 12 + len;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var src = raw.ToArray();
        int stride = width * channels;
        var cur = new byte[stride];
        var prev = new byte[stride];
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            int filter = src[y * (stride + 1)];
            Array.Copy(src, y * (stride + 1) + 1, cur, 0, stride);
            for (int x = 0; x < stride; x++)
            {
                int a = x >= channels ? cur[x - channels] : 0, b = prev[x], c = x >= channels ? prev[x - channels] : 0;
                cur[x] = (byte)(cur[x] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }
            for (int x = 0; x < width; x++)
                for (int k = 0; k < 3; k++) rgb[(y * width + x) * 3 + k] = cur[x * channels + k];
            (prev, cur) = (cur, prev);
        }
        return (width, height, rgb);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
