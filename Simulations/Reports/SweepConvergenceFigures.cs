using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ActionPerception.IO;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Sweeps;
using Plotly.NET;
using Plotly.NET.CSharp;
using CChart = Plotly.NET.CSharp.Chart;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// The convergence view of a sweep (<c>ap sweep convergence</c>, notebooks/convergence): false-positive trajectories
/// toward the reference per group with 95 % bands over seeds and the chance line, time to half chance, coverage, and
/// the permutation tests against a baseline group. Numbers from <see cref="SweepAnalysis"/>.
/// </summary>
public static class SweepConvergenceFigures
{
    /// <summary>The figures as plotly.js JSON, for one self-contained HTML page.</summary>
    public static IReadOnlyList<Figure> Figures(SweepAnalysis a)
    {
        var bands = a.FalsePositiveBands();
        var fp = Reports.Figures.Bands("sweep-fp", "False-positive rate toward the reference, mean over seeds (95 % band)", "session time (s)",
            "generator mass outside the reference", bands.Select(c => (c.Point, c.T, c.Mean, c.Lower, c.Upper)),
            "Dashed: chance (the starting generator's rate, mean over runs); dotted: half of chance. Bands are clipped to the rate's range, 0 to 1.", max: 1);
        AddChance(fp.Json, a, bands);

        var labels = a.Groups.Select(a.LabelOfGroup).ToArray();
        var half = a.TimeToHalfChance();
        var halfFig = BarFigure("sweep-half-chance", "Time to half of chance (mean ± SD over the seeds that reached it)", "seconds of audio",
            labels, [.. half.Select(h => h.MeanSeconds)], [.. half.Select(h => h.SdSeconds)],
            [.. half.Select(h => $"{h.Reached}/{h.Runs} reached")]);
        var cov = a.Coverage();
        var covFig = BarFigure("sweep-coverage", "Coverage of the reference (mean ± SD over seeds)", "share of the reference's patterns",
            labels, [.. cov.Select(c => c.Mean)], [.. cov.Select(c => c.Sd)], [.. cov.Select(c => $"n = {c.N}")], max: 1);
        var kl = a.Groups.Select(g => a.Band(g, p => p.KlReferenceGen)).ToList();
        var klFig = Reports.Figures.Bands("sweep-kl-reference", "KL(reference‖gen), mean over seeds (95 % band)", "session time (s)", "nats",
            kl.Select(c => (c.Point, c.T, c.Mean, c.Lower, c.Upper)), "Bands are clipped at 0: a KL is never negative.");
        return [fp, klFig, halfFig, covFig];
    }

    private static void AddChance(JsonObject fig, SweepAnalysis a, IReadOnlyList<MeanCurve> bands)
    {
        var chance = a.Runs.Select(r => r.Convergence.TryGetValue("chanceFalsePositiveRate", out var v) ? v : (double?)null).OfType<double>().ToArray();
        if (chance.Length == 0 || bands.All(b => b.T.Length == 0)) return;
        double c = chance.Average();
        double t0 = bands.Where(b => b.T.Length > 0).Min(b => b.T[0]), t1 = bands.Where(b => b.T.Length > 0).Max(b => b.T[^1]);
        var data = (JsonArray)fig["data"]!;
        foreach (var (name, y, dash) in new[] { ("chance", c, "dash"), ("half of chance", c / 2, "dot") })
            data.Add(new JsonObject
            {
                ["type"] = "scatter", ["mode"] = "lines", ["name"] = string.Create(CultureInfo.InvariantCulture, $"{name} ({y:F3})"),
                ["x"] = new JsonArray(t0, t1), ["y"] = new JsonArray(y, y),
                ["line"] = new JsonObject { ["color"] = "#555555", ["dash"] = dash, ["width"] = 1 },
            });
    }

    /// <summary>A bar per group with SD error bars within [0, <paramref name="max"/>] and a text label; an empty bar where there is no value.</summary>
    private static Figure BarFigure(string name, string title, string yTitle, string[] labels, double?[] values, double?[] sds, string[] text, double max = double.PositiveInfinity)
    {
        var json = new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject
            {
                ["type"] = "bar",
                ["x"] = new JsonArray([.. labels.Select(l => (JsonNode)JsonValue.Create(l))]),
                ["y"] = new JsonArray([.. values.Select(v => v is double d ? (JsonNode)JsonValue.Create(d) : null)]),
                ["text"] = new JsonArray([.. text.Select(t => (JsonNode)JsonValue.Create(t))]),
                ["textposition"] = "outside",
                // Asymmetric bars clipped to the measure's range: mean ± SD of a share can pass 0 or 1, of a time 0.
                ["error_y"] = new JsonObject
                {
                    ["type"] = "data", ["visible"] = true, ["symmetric"] = false,
                    ["array"] = new JsonArray([.. values.Zip(sds, (m, sd) => (JsonNode)JsonValue.Create(m is double v ? Math.Min(sd ?? 0, max - v) : 0))]),
                    ["arrayminus"] = new JsonArray([.. values.Zip(sds, (m, sd) => (JsonNode)JsonValue.Create(m is double v ? Math.Min(sd ?? 0, v) : 0))]),
                },
                ["marker"] = new JsonObject { ["color"] = new JsonArray([.. labels.Select((_, i) => (JsonNode)JsonValue.Create(Reports.Figures.Palette[i % Reports.Figures.Palette.Length]))]) },
            }),
        };
        var layout = Reports.Figures.PageLayout(json, title, 340);
        layout["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = yTitle }, ["rangemode"] = "tozero" };
        layout["margin"] = new JsonObject { ["l"] = 60, ["r"] = 20, ["t"] = 50, ["b"] = 60 };
        layout["showlegend"] = false;
        return new Figure(name, title, json);
    }

    /// <summary>The whole convergence page: the text summary, the table against the baseline, the figures.</summary>
    public static string Render(SweepAnalysis a, string? baseline, params double[] times)
    {
        if (times.Length == 0) times = [600, 3600];
        var page = new HtmlPage($"Convergence of sweep {a.Name}");
        page.Heading($"Convergence of sweep {a.Name}", 1);
        page.Paragraph($"{a.Runs.Count} runs at {a.Groups.Count} grid points; measured toward the reference {string.Join(", ", a.Runs.Select(r => r.Reference ?? "?").Distinct())}. Bands: 95 % confidence intervals of the mean over seeds (Student's t).", "meta");
        page.Heading("By grid point");
        page.Table(["grid point", "summary"], a.Groups.Zip(a.Describe(times)).Select(x => (IReadOnlyList<string>)[x.First, x.Second]), "convergence-summary");
        page.Paragraph("Below, each grid point is named by its short label (the listener kind, then any other grid values).", "meta");
        if (baseline is not null)
        {
            string basePoint = a.FindGroup(baseline);
            var tests = a.Labelled(a.ConvergenceComparisons(basePoint, times));
            page.Heading($"Against the baseline {a.LabelOfGroup(basePoint)}");
            page.Table(SweepReport.ComparisonHeader, tests.Select(SweepReport.ComparisonCells), "convergence-baseline");
        }
        page.Grid(Figures(a));
        return page.Render();
    }

    public static string Write(string sweepFolder, string htmlPath, string? baseline, bool overwrite = true, params double[] times) =>
        Write(SweepAnalysis.Load(sweepFolder), htmlPath, baseline, overwrite, times);

    /// <summary>As above, from a sweep already loaded.</summary>
    public static string Write(SweepAnalysis a, string htmlPath, string? baseline, bool overwrite = true, params double[] times)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(htmlPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        SafeFile.WriteAllTextAtomically(htmlPath, Render(a, baseline, times), overwrite);
        return htmlPath;
    }

    /// <summary>
    /// Plotly.NET charts of the same view, for a notebook kernel that displays them inline (Plotly.NET.Interactive).
    /// Throws where Plotly.NET cannot load (e.g. inside dotnet-repl: its FSharp.Core is older than Plotly.NET 6 needs);
    /// use <see cref="WriteOutOfProcess"/> there. Returned as objects so a caller needs no reference to Plotly.NET.
    /// </summary>
    public static IReadOnlyList<object> Charts(SweepAnalysis a)
    {
        var fp = a.FalsePositiveBands();
        var lines = fp.SelectMany(c => new[]
        {
            CChart.Line<double, double, string>(c.T, c.Mean, Name: c.Point),
            CChart.Line<double, double, string>(c.T, c.Lower, Name: c.Point + " 95 % low", ShowLegend: false),
            CChart.Line<double, double, string>(c.T, c.Upper, Name: c.Point + " 95 % high", ShowLegend: false),
        }).ToList();
        var labels = a.Groups.Select(a.LabelOfGroup).ToArray();
        var half = a.TimeToHalfChance();
        var cov = a.Coverage();
        return
        [
            Titled(CChart.Combine(lines), "False-positive rate toward the reference, mean over seeds (95 % band)"),
            Titled(CChart.Column<double, string, string>(half.Select(h => h.MeanSeconds ?? 0), Keys: labels, Name: "time to half chance (s)"), "Time to half of chance (s)"),
            Titled(CChart.Column<double, string, string>(cov.Select(c => c.Mean ?? 0), Keys: labels, Name: "coverage"), "Coverage of the reference"),
        ];
    }

    private static GenericChart Titled(GenericChart chart, string title) => Plotly.NET.Chart.withTitle(title, null).Invoke(chart);

    /// <summary>Writes the convergence page by running <c>ap sweep convergence</c> in its own process (the notebooks under dotnet-repl).</summary>
    public static string WriteOutOfProcess(string sweepFolder, string htmlPath, string? baseline)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(ReportProcess.ApDll);
        foreach (var arg in new[] { "sweep", "convergence", sweepFolder, "--out", htmlPath, "--force" }) psi.ArgumentList.Add(arg);
        if (baseline is not null) { psi.ArgumentList.Add("--baseline"); psi.ArgumentList.Add(baseline); }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("dotnet could not be started");
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ap sweep convergence failed (exit {p.ExitCode}): {err.Result.Trim()} {output.Trim()}");
        return htmlPath;
    }

    /// <summary>An iframe holding a page (plotly.js inlined) for a notebook's text/html output: renders offline.</summary>
    public static string AsIframe(string htmlPath, int height = 1200) =>
        $"<iframe style=\"width:100%;height:{height}px;border:0\" srcdoc=\"{WebUtility.HtmlEncode(File.ReadAllText(htmlPath))}\"></iframe>";
}
