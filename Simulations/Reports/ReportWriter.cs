using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.IO;
using ActionPerception.Simulations.Analysis;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// The session report: one self-contained HTML file for one or more session logs (per-session figures, and the
/// sessions overlaid by listener kind with a summary table).
/// </summary>
public static class ReportWriter
{
    public const int SchemaVersion = 1;

    /// <summary>
    /// Writes the report of the given logs (session.jsonl paths or run folders) to <paramref name="htmlPath"/>.
    /// Refuses to replace an existing file unless <paramref name="overwrite"/>; a log that cannot be read throws
    /// <see cref="InputFileException"/> naming the file and line.
    /// </summary>
    public static IReadOnlyList<SessionAnalysis> Write(IReadOnlyList<string> logsOrRunFolders, string htmlPath, bool overwrite)
    {
        if (logsOrRunFolders.Count == 0) throw new ArgumentException("no session log given: name at least one session.jsonl or run folder.");
        if (File.Exists(htmlPath) && !overwrite)
            throw new IOException($"{htmlPath}: the file exists and was left untouched. Fix: choose another --out, or pass --force to replace it.");
        return Write(SessionAnalysis.LoadMany(logsOrRunFolders), htmlPath, overwrite);
    }

    /// <summary>
    /// As above, for sessions already analysed (a runner that has just read the log). Given <paramref name="sharedPlotlyJs"/>
    /// (a copy written by <see cref="HtmlPage.WritePlotlyJs"/>, e.g. once per sweep folder), the page refers to it by a
    /// relative path instead of inlining its 3.6 MB.
    /// </summary>
    public static IReadOnlyList<SessionAnalysis> Write(IReadOnlyList<SessionAnalysis> sessions, string htmlPath, bool overwrite, string? sharedPlotlyJs = null)
    {
        if (sessions.Count == 0) throw new ArgumentException("no session given.");
        if (File.Exists(htmlPath) && !overwrite)
            throw new IOException($"{htmlPath}: the file exists and was left untouched. Fix: choose another --out, or pass --force to replace it.");
        string dir = Path.GetDirectoryName(Path.GetFullPath(htmlPath)) ?? ".";
        string? src = sharedPlotlyJs is null ? null : Path.GetRelativePath(dir, Path.GetFullPath(sharedPlotlyJs));
        string html = Render(sessions, plotlyJsSrc: src, relativeTo: dir);
        Directory.CreateDirectory(dir);
        SafeFile.WriteAllTextAtomically(htmlPath, html, overwrite);
        return sessions;
    }

    /// <summary>
    /// The report page. <paramref name="plotlyJsSrc"/>: a relative path to a shared plotly.js, else it is inlined;
    /// <paramref name="relativeTo"/>: the report's folder, so that logs are named relative to it (a run's report says
    /// "session.jsonl", the same wherever the run folder is copied).
    /// </summary>
    public static string Render(IReadOnlyList<SessionAnalysis> sessions, string title = "ActionPerception session report", string? plotlyJsSrc = null, string? relativeTo = null)
    {
        var page = new HtmlPage(title);
        page.Heading(title, 1);
        page.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"{sessions.Count} session{(sessions.Count == 1 ? "" : "s")}; ") + (plotlyJsSrc is null
                ? $"plotly.js {HtmlPage.PlotlyJsVersion} is embedded, the page needs no network."
                : $"plotly.js {HtmlPage.PlotlyJsVersion} is read from {plotlyJsSrc.Replace('\\', '/')} (written once for the folder); the page needs no network.")
            + " Drag to zoom a chart, double-click to reset it, click a legend entry to hide or show its line.", "meta");

        page.Heading("Summary");
        page.Table(SummaryHeader, sessions.Select(s => SummaryCells(s.Summary)), "summary");
        page.Paragraph($"Time to a like rate of 50 %: the end of the first pattern at which at least half of the last {SessionAnalysis.Window} patterns were liked; — if never. Final KL is KL(data‖gen) of the generator at the end of the session (from the log's summary, else the last epoch).", "meta");
        page.Data("summary-data", SummaryJson(sessions));
        var convergence = sessions.Select(SessionConvergence.Of).ToList();
        ConvergenceFigures.Table(page, sessions, convergence);
        ConvergenceFigures.OwnTasteTable(page, sessions, [.. sessions.Select(s => s.Saved?.OwnTaste)]);
        LimitTable.Write(page, sessions);
        var references = sessions.Select((s, k) => RunReference.Resolve(s, convergence[k]?.Source == SessionConvergence.FromSummaryFile ? convergence[k]!.Summary.Reference : null)).ToList();
        var tastes = sessions.Select((s, k) => TasteAnalysis.Of(s, s.ListenerGroup == "human" ? null : references[k].Set)).ToList();

        if (sessions.Count > 1)
        {
            page.Heading("Across sessions");
            page.Grid(AcrossSessions(sessions, convergence));
            int human = sessions.ToList().FindIndex(s => s.ListenerGroup == "human"), machine = sessions.ToList().FindIndex(s => s.ListenerGroup != "human");
            if (human >= 0 && machine >= 0) TasteFigures.Compare(page, (sessions[human], tastes[human]), (sessions[machine], tastes[machine]));
        }
        int i = 0;
        foreach (var s in sessions)
        {
            i++;
            page.Heading($"Session {i}: {s.Label}");
            string log = relativeTo is null ? s.LogPath : Path.GetRelativePath(relativeTo, s.LogPath).Replace('\\', '/');
            page.Paragraph($"{log} · listener {s.ListenerKind} · {s.Mode} · {Figures.Count(s.Summary.Patterns, "pattern")} in {s.Summary.DurationSeconds.ToString("F1", CultureInfo.InvariantCulture)} s", "meta");
            var notes = new List<string>(s.Notes);
            var figures = PerSession(s, i, convergence[i - 1], notes).ToList();
            foreach (var n in notes) page.Paragraph(n, "note");
            page.Grid(figures);
            TwinFigures.AddTo(page, s, i);
            TasteFigures.Section(page, s, tastes[i - 1], $"s{i}-", s.ListenerGroup == "human" ? null : references[i - 1].Note);
            Portraits(page, s, i);
        }
        return page.Render(plotlyJsSrc);
    }

    public static readonly string[] SummaryHeader =
        ["session", "listener", "mode", "duration (s)", "patterns", "likes", "dislikes", "ignored", "final KL(data‖gen)", "time to 50 % likes (s)", "entropy of gen (nats)"];

    public static IReadOnlyList<string> SummaryCells(SummaryRow r) =>
    [
        r.Label, r.ListenerKind, r.Mode, r.DurationSeconds.ToString("F1", CultureInfo.InvariantCulture),
        r.Patterns.ToString(CultureInfo.InvariantCulture), r.Likes.ToString(CultureInfo.InvariantCulture),
        r.Dislikes.ToString(CultureInfo.InvariantCulture), r.Ignored.ToString(CultureInfo.InvariantCulture),
        SessionAnalysis.Format(r.FinalKlDataGen), SessionAnalysis.Format(r.TimeToLikeRate50, "F1"),
        SessionAnalysis.Format(r.GenerativeEntropy) + (r.EntropySource == "checkpoint" || r.GenerativeEntropy is null ? "" : " (log)"),
    ];

    private static JsonObject SummaryJson(IReadOnlyList<SessionAnalysis> sessions) => new()
    {
        ["schemaVersion"] = SchemaVersion,
        ["format"] = "actionperception.report-summary",
        ["sessions"] = JsonSerializer.SerializeToNode(sessions.Select(s => s.Summary).ToList(), JsonFiles.Write),
    };

    private static IEnumerable<Figure> AcrossSessions(IReadOnlyList<SessionAnalysis> sessions, IReadOnlyList<SessionConvergence?> convergence)
    {
        string[] dashes = ["solid", "dash", "dot", "dashdot", "longdash"];
        var perGroup = new Dictionary<string, int>();
        var style = sessions.Select(s =>
        {
            int k = perGroup.GetValueOrDefault(s.ListenerGroup);
            perGroup[s.ListenerGroup] = k + 1;
            return (Color: Figures.GroupColor(s.ListenerGroup), Dash: dashes[k % dashes.Length]);
        }).ToList();
        Series Make(SessionAnalysis s, int i, IEnumerable<double> x, IEnumerable<double> y) =>
            new(s.Label, [.. x], [.. y], style[i].Color, s.ListenerGroup, style[i].Dash);
        foreach (var f in ConvergenceFigures.Across(sessions, convergence, style)) yield return f;
        yield return Figures.Lines("across-kl-time", "Fit to its own dataset: KL(data‖gen), by listener kind", "session time (s)", "KL(data‖gen) (nats)",
            sessions.Select((s, i) => Make(s, i, s.Epochs.Select(e => e.T), s.Epochs.Select(e => e.KlDataGen))), caption: "Colour = listener kind (red human, blue Helmholtz, green scripted).");
        yield return Figures.Lines("across-kl-judgements", "KL(data‖gen) by number of judgements", "applied judgements so far", "KL(data‖gen) (nats)",
            sessions.Select((s, i) => { var (x, y) = SettledKl(s); return Make(s, i, x, y); }),
            caption: "Aligned by the number of judgements the generator had received, not by time: one point per count, the fit just before the next judgement (each judgement first raises the KL, training then lowers it).");
        yield return Figures.WithYRange(Figures.Lines("across-like-rate", $"Like rate (last {SessionAnalysis.Window} patterns) over time", "session time (s)", "like rate",
            sessions.Select((s, i) => Make(s, i, s.Rates.Select(r => r.T), s.Rates.Select(r => r.LikeRate)))), -0.02, 1.02);
        yield return Figures.WithYRange(Figures.Lines("across-like-rate-judgements", "Like rate by number of judgements", "applied judgements so far", "like rate",
            sessions.Select((s, i) => Make(s, i, JudgementsAtRates(s), s.Rates.Select(r => r.LikeRate)))), -0.02, 1.02);
    }

    /// <summary>
    /// KL(data‖gen) against the number of applied judgements: per count, the last epoch before the next judgement. Every
    /// epoch of a count drawn at one x made a vertical sawtooth (a judgement raises the KL, training lowers it again).
    /// </summary>
    public static (double[] X, double[] Y) SettledKl(SessionAnalysis s)
    {
        var x = new List<double>();
        var y = new List<double>();
        foreach (var e in s.Epochs)
        {
            if (x.Count > 0 && x[^1] == e.AppliedJudgements) y[^1] = e.KlDataGen;
            else { x.Add(e.AppliedJudgements); y.Add(e.KlDataGen); }
        }
        return ([.. x], [.. y]);
    }

    /// <summary>The judgements attributed to patterns that ended by each rate point's time (both in time order).</summary>
    private static IEnumerable<double> JudgementsAtRates(SessionAnalysis s)
    {
        int k = 0;
        long sum = 0;
        foreach (var r in s.Rates)
        {
            while (k < s.Played.Count && s.Played[k].End <= r.T) { sum += s.Played[k].Likes + s.Played[k].Dislikes; k++; }
            yield return sum;
        }
    }

    private static IEnumerable<Figure> PerSession(SessionAnalysis s, int i, SessionConvergence? convergence, List<string> notes)
    {
        string p = $"s{i}-";
        yield return ConvergenceFigures.Fit(s, p);
        yield return RateFigures.Rates(s, p);
        if (ConvergenceFigures.Toward(s, convergence, p, notes) is { } toward) yield return toward;

        if (s.Dataset is { } d)
            foreach (var f in Distribution(s, d, p)) yield return f;

        // The listener's surprise only where it measured one: a scripted listener or a person gets a note, not an empty panel.
        if (s.Surprise.Count > 0)
        {
            var series = new List<Series> { new("listener surprise", [.. s.Surprise.Select(v => v.T)], [.. s.Surprise.Select(v => v.Surprise)], "#9467bd") };
            var own = s.Epochs.Where(e => e.FalsePositiveRate is not null).ToList();
            if (own.Count > 0)
                series.Add(new("false-positive rate (listener's own taste)", [.. own.Select(e => e.T)], [.. own.Select(e => e.FalsePositiveRate!.Value)], ConvergenceFigures.FpColor));
            var fig = Figures.Lines(p + "listener", "Machine listener: surprise", "session time (s)", "surprise (nats)", series,
                caption: "Surprise per perceived pattern as the listener measured it (left axis)" + (own.Count > 0 ? "; false-positive rate toward the listener's own taste set (right axis)." : "."));
            yield return own.Count > 0 ? Figures.WithRightAxis(fig, [1], "false-positive rate", 0, 1) : fig;
        }
        else if (s.ListenerGroup != "human")
            notes.Add($"the {s.ListenerKind} listener measures no surprise: no surprise panel");
        if (TrainingRate(s, p, notes) is { } rate) yield return rate;
    }

    /// <summary>Patterns in the sorted bar chart of the dataset's and the generator's largest shares.</summary>
    public const int TopPatternBars = 20;

    /// <summary>
    /// The dataset and the generator at the end as two pattern maps side by side on one colour scale, and the patterns
    /// holding most of either as a sorted bar chart (the 1024-bar chart and the 3-D scatter had nothing a reader could find).
    /// </summary>
    private static IEnumerable<Figure> Distribution(SessionAnalysis s, Agents.Niche.PreferenceDataset d, string p)
    {
        var data = new double[d.PatternCount];
        d.Distribution(data);
        var g = s.Generative is { } gen && gen.Length == data.Length ? gen : null;
        double top = Math.Max(data.Max(), g?.Max() ?? 0);
        if (!(top > 0)) top = 1;
        string Beats(int k) => Agents.Pattern.BeatString(k, s.Beats);
        string Hover(int k) => string.Create(CultureInfo.InvariantCulture,
            $"{Beats(k)} (pattern {k})<br>dataset {data[k]:0.0000} · count {d[k]:0.##}") + (g is null ? "" : string.Create(CultureInfo.InvariantCulture, $"<br>generator {g[k]:0.0000}"));
        yield return PatternFigures.Map(p + "dataset-map", "Dataset at the end: share of each pattern", s.Beats, data, Beats, Hover, "share", PatternFigures.WhiteToBlue, 0, top,
            caption: "The dataset rebuilt from the log's judgements; rows are the first beats, columns the last (x = hit, . = rest); on the generator's colour scale.");
        if (g is not null)
            yield return PatternFigures.Map(p + "generator-map", $"Generator at the end, KL(data‖gen) = {SessionAnalysis.Format(s.FinalKl)}", s.Beats, g, Beats, Hover, "probability", PatternFigures.WhiteToBlue, 0, top,
                caption: "The generator's distribution over every pattern, computed exactly from the last checkpoint; same layout and colour scale as the dataset.");
        var order = Enumerable.Range(0, data.Length).OrderByDescending(k => Math.Max(data[k], g?[k] ?? 0)).ThenBy(k => k).Take(TopPatternBars)
            .OrderByDescending(k => data[k]).ThenByDescending(k => g?[k] ?? 0).ThenBy(k => k).ToArray();
        var labels = order.Select(Beats).ToArray();
        var hover = order.Select(Hover).ToArray();
        var bars = new List<(string, double[], string, string[]?)> { ("dataset", [.. order.Select(k => data[k])], "#ff7f0e", hover) };
        if (g is not null) bars.Add(("generator", [.. order.Select(k => g[k])], "#1f77b4", hover));
        yield return Figures.Bars(p + "top-patterns", $"The {order.Length} patterns with the largest share of the dataset or the generator", "pattern (x = hit, . = rest)", "share", labels, bars, wide: true,
            caption: "Sorted by the dataset's share" + (g is null ? "; the generator's distribution needs a checkpoint in the run folder." : "; beside each, the generator's probability of the same pattern."));
    }

    /// <summary>
    /// The training rate, or null with a note when the budget fixed it: in virtual time the steps per audio second are the
    /// budget by construction, and a flat line at it told the reader nothing.
    /// </summary>
    private static Figure? TrainingRate(SessionAnalysis s, string p, List<string> notes)
    {
        var tr = s.TrainingRate;
        if (tr.Count == 0) return null;
        bool wall = tr.Any(r => r.StepsPerWallSecond is not null);
        // The last interval may be cut short by the end of the session; the rest decide whether the rate was fixed.
        var body = tr.Count > 2 ? tr.Take(tr.Count - 1).ToList() : [.. tr];
        double lo = body.Min(r => r.StepsPerAudioSecond), hi = body.Max(r => r.StepsPerAudioSecond);
        if (!wall && hi <= lo * 1.02 + 1e-9)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"training ran at its budget of {(lo + hi) / 2:0} wake-sleep steps per audio second throughout: no training-rate panel"));
            return null;
        }
        var trSeries = new List<Series> { new("steps per audio second", [.. tr.Select(r => r.T)], [.. tr.Select(r => r.StepsPerAudioSecond)], "#17becf") };
        if (wall)
        {
            var w = tr.Where(r => r.StepsPerWallSecond is not null).ToList();
            trSeries.Add(new("steps per wall second", [.. w.Select(r => r.T)], [.. w.Select(r => r.StepsPerWallSecond!.Value)], "#bcbd22"));
        }
        return Figures.Lines(p + "training-rate", "Training rate", "session time (s)", "wake-sleep steps per second", trSeries, yFromZero: true);
    }

    /// <summary>The most played patterns, and the most liked ones unless they are the same patterns in the same order (one row then).</summary>
    private static void Portraits(HtmlPage page, SessionAnalysis s, int i)
    {
        IEnumerable<Figure> Make(IReadOnlyList<PatternPortrait> list, string what) => list.Select((pp, k) =>
        {
            var text = pp.HitRate.Select(r => r.Select(h => string.Create(CultureInfo.InvariantCulture, $"hit in {h:P0} of plays")).ToArray()).ToArray();
            string title = $"{what} #{k + 1}: {pp.Beats}<br>pattern {pp.Pattern} · {Figures.Count(pp.Plays, "play")}, {Figures.Count(pp.Likes, "like")}";
            return Figures.Heatmap($"s{i}-{what.Replace(' ', '-')}-{k + 1}", title, pp.Dynamics, pp.Instruments, pp.Dynamics.Length > 0 ? pp.Dynamics[0].Length : 0, text);
        });
        bool same = s.MostLiked.Select(x => x.Pattern).SequenceEqual(s.MostPlayed.Select(x => x.Pattern));
        if (s.MostPlayed.Count > 0)
        {
            page.Heading(same ? "Most played patterns, which are also the most liked" : "Most played patterns", 3);
            page.Grid(Make(s.MostPlayed, "most played"), small: true);
        }
        if (s.MostLiked.Count > 0 && !same)
        {
            page.Heading("Most liked patterns", 3);
            page.Grid(Make(s.MostLiked, "most liked"), small: true);
        }
    }
}
