using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.Agents.Files;
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

    /// <summary>As above, for sessions already analysed (a runner that has just read the log).</summary>
    public static IReadOnlyList<SessionAnalysis> Write(IReadOnlyList<SessionAnalysis> sessions, string htmlPath, bool overwrite)
    {
        if (sessions.Count == 0) throw new ArgumentException("no session given.");
        if (File.Exists(htmlPath) && !overwrite)
            throw new IOException($"{htmlPath}: the file exists and was left untouched. Fix: choose another --out, or pass --force to replace it.");
        string html = Render(sessions);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(htmlPath));
        if (dir is not null) Directory.CreateDirectory(dir);
        SafeFile.WriteAllTextAtomically(htmlPath, html, overwrite);
        return sessions;
    }

    public static string Render(IReadOnlyList<SessionAnalysis> sessions, string title = "ActionPerception session report")
    {
        var page = new HtmlPage(title);
        page.Heading(title, 1);
        page.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"{sessions.Count} session{(sessions.Count == 1 ? "" : "s")}; plotly.js {HtmlPage.PlotlyJsVersion} is embedded, the page needs no network."), "meta");

        page.Heading("Summary");
        page.Table(SummaryHeader, sessions.Select(s => SummaryCells(s.Summary)), "summary");
        page.Paragraph($"Time to a like rate of 50 %: the end of the first pattern at which at least half of the last {SessionAnalysis.Window} patterns were liked; — if never. Final KL is KL(data‖gen) of the generator at the end of the session (from the log's summary, else the last epoch).", "meta");
        page.Data("summary-data", SummaryJson(sessions));
        var convergence = sessions.Select(SessionConvergence.Of).ToList();
        ConvergenceFigures.Table(page, sessions, convergence);
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
            page.Paragraph($"{s.LogPath} · listener {s.ListenerKind} · {s.Mode} · {Figures.Count(s.Summary.Patterns, "pattern")} in {s.Summary.DurationSeconds.ToString("F1", CultureInfo.InvariantCulture)} s", "meta");
            var notes = new List<string>(s.Notes);
            var figures = PerSession(s, i, convergence[i - 1], notes).ToList();
            foreach (var n in notes) page.Paragraph(n, "note");
            page.Grid(figures);
            TwinFigures.AddTo(page, s, i);
            TasteFigures.Section(page, s, tastes[i - 1], $"s{i}-", s.ListenerGroup == "human" ? null : references[i - 1].Note);
            var portraits = Portraits(s, i).ToList();
            if (portraits.Count > 0)
            {
                page.Heading("Most played and most liked patterns", 3);
                page.Grid(portraits, small: true);
            }
        }
        return page.Render();
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
            sessions.Select((s, i) => Make(s, i, s.Epochs.Select(e => (double)e.AppliedJudgements), s.Epochs.Select(e => e.KlDataGen))),
            caption: "Aligned by the number of judgements the generator had received, not by time.");
        yield return Figures.WithYRange(Figures.Lines("across-like-rate", $"Like rate (last {SessionAnalysis.Window} patterns) over time", "session time (s)", "like rate",
            sessions.Select((s, i) => Make(s, i, s.Rates.Select(r => r.T), s.Rates.Select(r => r.LikeRate)))), -0.02, 1.02);
        yield return Figures.WithYRange(Figures.Lines("across-like-rate-judgements", "Like rate by number of judgements", "applied judgements so far", "like rate",
            sessions.Select((s, i) => Make(s, i, s.Rates.Select(r => (double)JudgementsBy(s, r.T)), s.Rates.Select(r => r.LikeRate)))), -0.02, 1.02);
    }

    private static int JudgementsBy(SessionAnalysis s, double t) =>
        s.Played.Where(p => p.End <= t).Sum(p => p.Likes + p.Dislikes);

    private static IEnumerable<Figure> PerSession(SessionAnalysis s, int i, SessionConvergence? convergence, List<string> notes)
    {
        string p = $"s{i}-";
        yield return ConvergenceFigures.Fit(s, p);
        yield return RateFigures.Rates(s, p);
        if (ConvergenceFigures.Toward(s, convergence, p, notes) is { } toward) yield return toward;

        if (s.Dataset is { } d)
        {
            var data = new double[d.PatternCount];
            d.Distribution(data);
            var x = Enumerable.Range(0, d.PatternCount).Select(v => (double)v).ToArray();
            var bars = new List<(string, double[], double[], string)> { ("dataset", x, data, "#ff7f0e") };
            if (s.Generative is { } g)
                bars.Add(($"generator, KL(data‖gen) = {SessionAnalysis.Format(s.FinalKl)}", x, g, "#1f77b4"));
            yield return Figures.Columns(p + "distribution", "Dataset and generative distribution over all patterns at the end", "pattern index (beat 0 = most significant bit)", "probability", bars,
                s.Generative is null ? "The generator's distribution needs a checkpoint in the run folder; only the rebuilt dataset is shown." : "The dataset is rebuilt from the log's judgements; the generator's distribution is computed exactly from the last checkpoint.");

            int beats = s.Beats, low = beats / 2;
            var points = new List<(string, double[], double[], double[], string)>();
            var idx = Enumerable.Range(0, d.PatternCount).Where(k => d[k] > 0).ToArray();
            points.Add(("dataset counts", [.. idx.Select(k => (double)(k >> low))], [.. idx.Select(k => (double)(k & ((1 << low) - 1)))], [.. idx.Select(k => d[k])], "#ff7f0e"));
            if (s.Generative is { } g2)
            {
                var gi = Enumerable.Range(0, g2.Length).Where(k => g2[k] * d.Total >= 0.05).ToArray();
                points.Add(("generator × dataset total", [.. gi.Select(k => (double)(k >> low))], [.. gi.Select(k => (double)(k & ((1 << low) - 1)))], [.. gi.Select(k => g2[k] * d.Total)], "#1f77b4"));
            }
            yield return Figures.Scatter3D(p + "distribution-3d", "Dataset and generator in 3-D", $"beats 0–{beats - low - 1}", $"beats {beats - low}–{beats - 1}", "count", points,
                "x = index of the first beats, y = index of the last beats, z = count (generator scaled to the dataset's total).");
        }

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
        var tr = s.TrainingRate;
        var trSeries = new List<Series> { new("steps per audio second", [.. tr.Select(r => r.T)], [.. tr.Select(r => r.StepsPerAudioSecond)], "#17becf") };
        if (tr.Any(r => r.StepsPerWallSecond is not null))
        {
            var w = tr.Where(r => r.StepsPerWallSecond is not null).ToList();
            trSeries.Add(new("steps per wall second", [.. w.Select(r => r.T)], [.. w.Select(r => r.StepsPerWallSecond!.Value)], "#bcbd22"));
        }
        yield return Figures.Lines(p + "training-rate", "Training rate", "session time (s)", "wake-sleep steps per second", trSeries, yFromZero: true);
    }

    private static IEnumerable<Figure> Portraits(SessionAnalysis s, int i)
    {
        IEnumerable<Figure> Make(IReadOnlyList<PatternPortrait> list, string what) => list.Select((pp, k) =>
        {
            var text = pp.HitRate.Select(r => r.Select(h => string.Create(CultureInfo.InvariantCulture, $"hit in {h:P0} of plays")).ToArray()).ToArray();
            string title = $"{what} #{k + 1}: {pp.Beats}<br>pattern {pp.Pattern} · {Figures.Count(pp.Plays, "play")}, {Figures.Count(pp.Likes, "like")}";
            return Figures.Heatmap($"s{i}-{what.Replace(' ', '-')}-{k + 1}", title, pp.Dynamics, pp.Instruments, pp.Dynamics.Length > 0 ? pp.Dynamics[0].Length : 0, text);
        });
        return Make(s.MostPlayed, "most played").Concat(Make(s.MostLiked, "most liked"));
    }
}
