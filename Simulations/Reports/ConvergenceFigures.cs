using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.IO;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// Convergence, split in two as issue 9 asks: the generator's fit to its own dataset (KL(data‖gen), which falls for
/// any listener, a random one too), and its convergence toward the listener, measured against the run's reference
/// taste: false-positive rate against its chance level, KL(reference‖gen), coverage and entropy, with the time to
/// half of chance marked.
/// </summary>
public static class ConvergenceFigures
{
    public const string FpColor = "#8c564b", CoverageColor = "#2ca02c", KlColor = "#1f77b4", EntropyColor = "#9467bd", ChanceColor = "#7f7f7f";

    public static Figure Fit(SessionAnalysis s, string prefix) =>
        Figures.Lines(prefix + "fit", "Fit to its own dataset: KL(data‖gen)", "session time (s)", "nats",
        [
            new("KL(data‖gen)", [.. s.Epochs.Select(e => e.T)], [.. s.Epochs.Select(e => e.KlDataGen)], Figures.Palette[0]),
            new("KL(gen‖data)", [.. s.Epochs.Select(e => e.T)], [.. s.Epochs.Select(e => e.KlGenData)], Figures.Palette[1], Dash: "dot", Hidden: true),
        ], caption: "How well the generator fits the dataset it trains on, measured exactly at the start of each logged epoch against the dataset as it then was. It falls for any listener, a random one too: it says nothing about the listener's taste (see \"toward the listener\"). KL(gen‖data) is hidden: click its legend entry.");

    /// <summary>
    /// The false-positive rate toward the reference with its chance line, coverage (left axis, 0–1), KL(reference‖gen)
    /// and entropy (right axis, nats), and the time to half of chance. Null (with a note) when the log has no measure
    /// toward a reference; a log from before the reference measures shows the listener's own false-positive rate.
    /// </summary>
    public static Figure? Toward(SessionAnalysis s, SessionConvergence? c, string prefix, List<string> notes)
    {
        var e = s.Epochs.Where(x => x.Reference is not null).ToList();
        if (e.Count == 0)
        {
            var own = s.Epochs.Where(x => x.FalsePositiveRate is not null).ToList();
            if (own.Count == 0)
            {
                notes.Add("the log holds no measure toward a reference taste (it predates them): no \"toward the listener\" panel");
                return null;
            }
            double ownChance = own[0].FalsePositiveRate!.Value;
            var f0 = Figures.Lines(prefix + "toward", "Toward the listener: false-positive rate (listener's own taste)", "session time (s)", "share of generator mass",
            [
                new("false-positive rate", [.. own.Select(x => x.T)], [.. own.Select(x => x.FalsePositiveRate!.Value)], FpColor),
                new("chance (start)", [own[0].T, own[^1].T], [ownChance, ownChance], ChanceColor, Dash: "dash"),
            ], wide: true, caption: "This log predates the reference measures: the false-positive rate is toward the listener's own taste set.");
            return Figures.LinesOnly(Figures.WithYRange(f0, 0, 1), 1);
        }
        double chance = c?.Summary.ChanceFalsePositiveRate is double ch && double.IsFinite(ch) ? ch : e[0].Reference!.FalsePositiveRate;
        var t = e.Select(x => x.T).ToArray();
        double t0 = t[0], t1 = t[^1];
        var kl = e.Where(x => x.Reference!.KlReferenceGen is not null).ToList();
        var series = new List<Series>
        {
            new("false-positive rate", t, [.. e.Select(x => x.Reference!.FalsePositiveRate)], FpColor),
            new("chance", [t0, t1], [chance, chance], ChanceColor, Dash: "dash"),
            new("half of chance", [t0, t1], [chance / 2, chance / 2], ChanceColor, Dash: "dot"),
            new("coverage", t, [.. e.Select(x => x.Reference!.Coverage)], CoverageColor),
            new("KL(reference‖gen)", [.. kl.Select(x => x.T)], [.. kl.Select(x => x.Reference!.KlReferenceGen!.Value)], KlColor),
            new("entropy of gen", t, [.. e.Select(x => x.Reference!.Entropy)], EntropyColor, Dash: "dot"),
        };
        string reference = c?.Summary.Reference ?? s.Header.Scenario.Analysis.Reference ?? "the run's reference";
        string half = c?.Summary.SecondsToHalfChance is double sh
            ? string.Create(CultureInfo.InvariantCulture, $"The dotted vertical line: the false-positive rate (smoothed over {Convergence60}) is at or below half of chance from {sh:F1} s to the end ({c.Summary.PatternsToHalfChance} patterns heard).")
            : $"The false-positive rate never stayed at or below half of chance (smoothed over {Convergence60}) until the end.";
        var f = Figures.Lines(prefix + "toward", $"Toward the listener: reference \u201c{reference}\u201d", "session time (s)", "share (0–1)", series, wide: true,
            caption: $"Exact measures of the generator toward the reference taste set, independent of the listener: false-positive rate (generator mass outside the set) with its chance level (the starting generator's), coverage (share of the set's patterns holding at least half their uniform share), and on the right axis KL(reference‖gen) and the generator's entropy in nats. {half} Summary from {(c?.Source ?? "the log")}.");
        f = Figures.LinesOnly(Figures.WithRightAxis(f, [4, 5], "nats"), 1, 2);
        f = Figures.WithYRange(f, 0, 1);
        if (c?.Summary.SecondsToHalfChance is double x)
            f = Figures.WithVerticalMark(f, x, string.Create(CultureInfo.InvariantCulture, $"½ chance at {x:F0} s"));
        return f;
    }

    private static readonly string Convergence60 = string.Create(CultureInfo.InvariantCulture, $"a trailing {Agents.Tastes.ConvergenceSummary.SmoothingSeconds:0} s");

    /// <summary>The cross-session views: false-positive rate (with each session's time to half of chance) and coverage, over time.</summary>
    public static IEnumerable<Figure> Across(IReadOnlyList<SessionAnalysis> sessions, IReadOnlyList<SessionConvergence?> conv, IReadOnlyList<(string Color, string Dash)> style)
    {
        var fp = new List<Series>();
        var cov = new List<Series>();
        for (int i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            var e = s.Epochs.Where(x => x.Reference is not null).ToList();
            if (e.Count == 0) continue;
            fp.Add(new(s.Label, [.. e.Select(x => x.T)], [.. e.Select(x => x.Reference!.FalsePositiveRate)], style[i].Color, s.ListenerGroup, style[i].Dash));
            cov.Add(new(s.Label, [.. e.Select(x => x.T)], [.. e.Select(x => x.Reference!.Coverage)], style[i].Color, s.ListenerGroup, style[i].Dash));
        }
        if (fp.Count == 0) yield break;
        var chances = conv.Where(c => c is not null).Select(c => Math.Round(c!.Summary.ChanceFalsePositiveRate, 4)).Distinct().ToList();
        double tMax = fp.Max(x => x.X[^1]), tMin = fp.Min(x => x.X[0]);
        if (chances.Count == 1) fp.Add(new("chance", [tMin, tMax], [chances[0], chances[0]], ChanceColor, Dash: "dash"));
        int chanceTrace = chances.Count == 1 ? fp.Count - 1 : -1;
        var f = Figures.Lines("across-fp-time", "Toward the listener: false-positive rate, by listener kind", "session time (s)", "false-positive rate", fp,
            caption: "Generator mass outside each run's reference taste set" + (chances.Count == 1 ? " (dashed: chance, the starting generator's rate)" : "") + "; dotted verticals: each session's time to half of chance.");
        f = Figures.LinesOnly(Figures.WithYRange(f, 0, 1), chanceTrace);
        for (int i = 0; i < sessions.Count; i++)
            if (conv[i]?.Summary.SecondsToHalfChance is double x) Figures.WithVerticalMark(f, x, "½", style[i].Color);
        yield return f;
        yield return Figures.WithYRange(Figures.Lines("across-coverage-time", "Toward the listener: coverage of the reference", "session time (s)", "coverage", cov,
            caption: "Share of the reference set's patterns that hold at least half of their uniform share of generator mass: low coverage with a low false-positive rate is a generator collapsed onto a small part of the taste."), 0, 1);
    }

    public static readonly string[] TableHeader =
        ["session", "reference", "chance FP rate", "FP rate (last 10 %)", "time to ½ chance (s)", "patterns to ½ chance", "coverage", "KL(reference‖gen)", "entropy (nats)", "from"];

    /// <summary>The convergence table under the summary (null rows: no measure in the log), and its data block.</summary>
    public static void Table(HtmlPage page, IReadOnlyList<SessionAnalysis> sessions, IReadOnlyList<SessionConvergence?> conv)
    {
        if (conv.All(c => c is null)) return;
        page.Heading("Convergence toward the listener", 3);
        page.Table(TableHeader, sessions.Select((s, i) => Cells(s.Label, conv[i])), "convergence");
        page.Paragraph($"Against each run's reference taste set. FP rate: generator mass outside the set; chance is the starting generator's. The final measures are means over the last {ConvergenceTail} of epochs; time to ½ chance is the first time the FP rate, smoothed over {Convergence60}, stays at or below half of chance until the end (— if never). \"from\": the run's summary.json, else computed from the log's epochs (an aggregated log holds the newest epoch of each interval).", "meta");
        page.Data("convergence-data", new JsonObject
        {
            ["schemaVersion"] = 1,
            ["sessions"] = new JsonArray([.. sessions.Select((s, i) => (JsonNode?)(conv[i] is { } c ? new JsonObject
            {
                ["label"] = s.Label,
                ["source"] = c.Source,
                ["convergence"] = JsonSerializer.SerializeToNode(c.Summary, JsonFiles.Write),
            } : null))]),
        });
    }

    /// <summary>
    /// Each run toward the listener's own taste as its judgements reveal it (summary.json's ownTaste): for a person
    /// the reference that is about them; the fixed reference above is theirs only by chance.
    /// </summary>
    public static void OwnTasteTable(HtmlPage page, IReadOnlyList<SessionAnalysis> sessions, IReadOnlyList<OwnTasteOutcome?> own)
    {
        if (own.All(o => o is null)) return;
        page.Heading($"Toward the {OwnTasteOutcome.Name}", 3);
        page.Table(["session", "listener", "judgements", "patterns in the set", "chance FP rate", "final FP rate", "coverage at start", "final coverage", "KL(set‖gen) at start", "final KL(set‖gen)"],
            sessions.Select((s, i) => (IReadOnlyList<string>)(own[i] is { } o
                ? [s.Label, s.ListenerKind, o.Judgements.ToString(CultureInfo.InvariantCulture), o.Size.ToString(CultureInfo.InvariantCulture),
                    F(o.ChanceFalsePositiveRate), F(o.FalsePositiveRate), F(o.CoverageAtStart), F(o.Coverage), F(o.KlReferenceGenAtStart), F(o.KlReferenceGen)]
                : [s.Label, s.ListenerKind, "—", "—", "—", "—", "—", "—", "—", "no judgement, or a summary.json older than the measure"])), "own-taste");
        page.Paragraph($"The set is the patterns the run's taste posterior likes with P ≥ {OwnTasteOutcome.Threshold.ToString(CultureInfo.InvariantCulture)} at the end; chance is the starting generator toward the same set. For a person this is the reference that says something about them.", "meta");
    }

    private static readonly string ConvergenceTail = string.Create(CultureInfo.InvariantCulture, $"{Agents.Tastes.ConvergenceSummary.TailFraction * 100:0} %");

    private static IReadOnlyList<string> Cells(string label, SessionConvergence? c)
    {
        if (c is null) return [label, "—", "—", "—", "—", "—", "—", "—", "—", "no measure in the log"];
        var x = c.Summary;
        return [label, x.Reference, F(x.ChanceFalsePositiveRate), F(x.FalsePositiveRate), F(x.SecondsToHalfChance, "F1"),
            x.PatternsToHalfChance?.ToString(CultureInfo.InvariantCulture) ?? "—", F(x.Coverage), F(x.KlReferenceGen), F(x.Entropy), c.Source];
    }

    private static string F(double? v, string f = "F4") => v is double d && double.IsInfinity(d) ? "∞" : SessionAnalysis.Format(v, f);
}
