using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Simulations.Export;

/// <summary>
/// The five tidy tables of `ap export --tables` (columns in docs/file-formats.md, "Tidy tables"): one row per heard
/// pattern, per judgement, per epoch event, per block (run) and per answer. Every run is read through the typed
/// session-log reader; the first columns of each table say where the row comes from (run, participant, block,
/// condition, kind), so that tables of many runs stack.
/// </summary>
public sealed class TidyTables
{
    public const string Like = "like", Dislike = "dislike", None = "none";

    public TidyTable Patterns { get; } = Keys(new TidyTable("patterns"))
        .Column("serial", TidyKind.Integer).Column("start", TidyKind.Number).Column("end", TidyKind.Number)
        .Column("pattern", TidyKind.Integer).Column("beats", TidyKind.Text).Column("epoch", TidyKind.Integer)
        .Column("hits", TidyKind.Integer).Column("judgement", TidyKind.Text).Column("reaction_seconds", TidyKind.Number)
        .Column("likes", TidyKind.Integer).Column("dislikes", TidyKind.Integer)
        .Column("own_taste_p_like", TidyKind.Number).Column("inside_own_taste", TidyKind.Flag);

    public TidyTable Judgements { get; } = Keys(new TidyTable("judgements"))
        .Column("made", TidyKind.Number).Column("judgement", TidyKind.Text).Column("source", TidyKind.Text).Column("status", TidyKind.Text)
        .Column("attributed_to", TidyKind.Number).Column("serial", TidyKind.Integer).Column("pattern", TidyKind.Integer)
        .Column("beats", TidyKind.Text).Column("heard_serial", TidyKind.Integer).Column("reason", TidyKind.Text);

    public TidyTable Epochs { get; } = Keys(new TidyTable("epochs"))
        .Column("t", TidyKind.Number).Column("epoch", TidyKind.Integer).Column("epochs", TidyKind.Integer).Column("total_steps", TidyKind.Integer)
        .Column("kl_data_gen", TidyKind.Number).Column("kl_gen_data", TidyKind.Number).Column("entropy", TidyKind.Number)
        .Column("loss", TidyKind.Number).Column("dataset_total", TidyKind.Number).Column("false_positive_rate", TidyKind.Number)
        .Column("kl_listener_gen", TidyKind.Number).Column("reference_false_positive_rate", TidyKind.Number)
        .Column("reference_coverage", TidyKind.Number).Column("reference_entropy", TidyKind.Number).Column("kl_reference_gen", TidyKind.Number);

    public TidyTable Blocks { get; } = Keys(new TidyTable("blocks"))
        .Column("listener", TidyKind.Text).Column("mode", TidyKind.Text).Column("seed", TidyKind.Text).Column("bpm", TidyKind.Number)
        .Column("kit", TidyKind.Text).Column("niche", TidyKind.Text).Column("reference", TidyKind.Text).Column("audio_seconds", TidyKind.Number)
        .Column("patterns", TidyKind.Integer).Column("likes", TidyKind.Integer).Column("dislikes", TidyKind.Integer)
        .Column("ignored", TidyKind.Integer).Column("like_rate", TidyKind.Number).Column("stop_reason", TidyKind.Text)
        .Column("log_problems", TidyKind.Integer).Column("own_taste_size", TidyKind.Integer).Column("heard_inside_own_taste", TidyKind.Number)
        .Column("own_taste_false_positive_rate", TidyKind.Number).Column("own_taste_coverage", TidyKind.Number);

    public TidyTable Answers { get; } = new TidyTable("answers")
        .Column("participant", TidyKind.Text).Column("block", TidyKind.Integer).Column("condition", TidyKind.Text)
        .Column("question", TidyKind.Text).Column("answer_kind", TidyKind.Text).Column("value", TidyKind.Integer)
        .Column("text", TidyKind.Text).Column("seconds", TidyKind.Number);

    public IEnumerable<TidyTable> All => [Patterns, Judgements, Epochs, Blocks, Answers];

    /// <summary>The liked patterns of every run (of a study: its people's blocks), in run order and then in the order heard (what --midi and --wav take).</summary>
    public List<LikedPattern> Liked { get; } = [];

    private static TidyTable Keys(TidyTable t) => t.Column("run", TidyKind.Text).Column("participant", TidyKind.Text)
        .Column("block", TidyKind.Integer).Column("condition", TidyKind.Text).Column("kind", TidyKind.Text);

    private static Dictionary<string, object?> KeyCells(ExportSource s) => new()
    {
        ["run"] = s.Run, ["participant"] = s.Participant, ["block"] = s.Block, ["condition"] = s.Condition, ["kind"] = s.Kind,
    };

    public static TidyTables Build(ExportSet set)
    {
        var t = new TidyTables();
        foreach (var s in set.Sources) t.AddRun(s);
        foreach (var a in set.Answers)
            t.Answers.Add(new Dictionary<string, object?>
            {
                ["participant"] = a.Participant, ["block"] = a.Block, ["condition"] = a.Condition, ["question"] = a.Question,
                ["answer_kind"] = a.Kind, ["value"] = a.Value, ["text"] = a.Text, ["seconds"] = a.Seconds,
            });
        return t;
    }

    /// <summary>The column of a pattern's hits on one instrument: "hits_" and the name in snake_case ("closed hi-hat" → hits_closed_hi_hat).</summary>
    public static string HitsColumn(string instrument)
    {
        var b = new System.Text.StringBuilder("hits_");
        bool gap = false;
        foreach (char ch in instrument.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch)) { if (gap && b.Length > 5) b.Append('_'); b.Append(ch); gap = false; }
            else gap = true;
        }
        return b.ToString();
    }

    private void AddRun(ExportSource s)
    {
        var log = SessionLogReader.Read(Analysis.SessionAnalysis.ResolveLog(s.Folder));
        if (log.Header is not { } header)
            throw new ActionPerception.IO.InputFileException(log.Path, "line 1", "not a session log (no readable header)", "give run folders written by ap simulate, ap play, ap sweep or ap study");
        bool human = header.ListenerKind == ListenerBuilder.Human;
        var patterns = log.OfType<PatternEvent>().ToList();
        var bySerial = patterns.GroupBy(p => p.Serial).ToDictionary(g => g.Key, g => g.Last());
        var judgements = log.OfType<JudgementEvent>().ToList();
        var perceptions = log.OfType<PerceptionEvent>().GroupBy(p => p.Serial).ToDictionary(g => g.Key, g => g.Last());
        var applied = judgements.Where(j => j.IsApplied && j.Serial is not null && j.Kind is JudgementKind.Like or JudgementKind.Dislike)
            .GroupBy(j => j.Serial!.Value).ToDictionary(g => g.Key, g => g.ToList());

        foreach (var p in patterns)
        {
            var cells = KeyCells(s);
            applied.TryGetValue(p.Serial, out var js);
            // The judgement of a pattern: the last applied like or dislike credited to it (as the twins read it), else none.
            string judgement = js is { Count: > 0 } ? JudgementKinds.Name(js[^1].Kind) : None;
            double? reaction = human
                ? (js is { Count: > 0 } ? Math.Round(js[0].Made - p.Start, 6) : null)
                : perceptions.TryGetValue(p.Serial, out var pe) && pe.Action != None ? pe.ReactionSeconds : null;
            cells["serial"] = p.Serial; cells["start"] = p.Start; cells["end"] = p.End; cells["pattern"] = p.Pattern; cells["beats"] = p.Beats;
            cells["epoch"] = p.Epoch;
            int total = 0;
            foreach (var inst in p.Instruments)
            {
                string column = HitsColumn(inst.Name);
                if (!Patterns.Has(column)) Patterns.Column(column, TidyKind.Integer);
                int n = inst.Hits.Count(h => h != 0);
                cells[column] = n;
                total += n;
            }
            cells["hits"] = total;
            cells["judgement"] = judgement; cells["reaction_seconds"] = reaction;
            cells["likes"] = js?.Count(j => j.Kind == JudgementKind.Like) ?? 0; cells["dislikes"] = js?.Count(j => j.Kind == JudgementKind.Dislike) ?? 0;
            bool ownKnown = s.OwnTaste is { } pl && p.Pattern >= 0 && p.Pattern < pl.Length;
            cells["own_taste_p_like"] = ownKnown ? Math.Round(s.OwnTaste![p.Pattern], 9) : null;
            cells["inside_own_taste"] = ownKnown ? s.OwnTaste![p.Pattern] >= Studies.OwnTaste.Threshold : null;
            Patterns.Add(cells);
            // A study's MIDI and WAV are what its people liked in their blocks: not the practice, not the twins.
            if (judgement == Like && s.Kind is ExportSource.RunKind or ExportSource.BlockKind)
                Liked.Add(new LikedPattern(s.Run, p.Serial, p.Beats, header.Scenario.Audio.Bpm, header.Derived.Instruments, p.Instruments, header));
        }

        foreach (var j in judgements)
        {
            var cells = KeyCells(s);
            cells["made"] = j.Made; cells["judgement"] = JudgementKinds.Name(j.Kind); cells["source"] = j.Source; cells["status"] = j.Status.ToString().ToLowerInvariant();
            cells["attributed_to"] = j.AttributedTo; cells["serial"] = j.Serial; cells["pattern"] = j.Pattern;
            cells["beats"] = j.Serial is long serial && bySerial.TryGetValue(serial, out var heard) ? heard.Beats : null;
            cells["heard_serial"] = j.HeardSerial; cells["reason"] = j.Reason;
            Judgements.Add(cells);
        }

        foreach (var e in log.OfType<EpochEvent>())
        {
            var cells = KeyCells(s);
            cells["t"] = e.T; cells["epoch"] = e.Epoch; cells["epochs"] = e.Epochs; cells["total_steps"] = e.TotalSteps;
            cells["kl_data_gen"] = e.KlDataGen; cells["kl_gen_data"] = e.KlGenData; cells["entropy"] = e.Entropy; cells["loss"] = e.Loss;
            cells["dataset_total"] = e.DatasetTotal; cells["false_positive_rate"] = e.FalsePositiveRate; cells["kl_listener_gen"] = e.KlListenerGen;
            cells["reference_false_positive_rate"] = e.Reference?.FalsePositiveRate; cells["reference_coverage"] = e.Reference?.Coverage;
            cells["reference_entropy"] = e.Reference?.Entropy; cells["kl_reference_gen"] = e.Reference?.KlReferenceGen;
            Epochs.Add(cells);
        }

        var stop = log.OfType<StopEvent>().LastOrDefault();
        var summary = log.OfType<SummaryEvent>().LastOrDefault();
        int likes = patterns.Count(p => applied.TryGetValue(p.Serial, out var js) && js[^1].Kind == JudgementKind.Like);
        var block = KeyCells(s);
        block["listener"] = header.ListenerKind; block["mode"] = header.Mode;
        block["seed"] = header.Scenario.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        block["bpm"] = header.Scenario.Audio.Bpm; block["kit"] = header.Derived.Kit; block["niche"] = header.Scenario.Generator.Niche;
        block["reference"] = header.Scenario.Analysis.Reference;
        block["audio_seconds"] = summary?.AudioSeconds ?? stop?.T ?? (patterns.Count > 0 ? patterns[^1].End : 0);
        block["patterns"] = patterns.Count;
        block["likes"] = stop?.Likes ?? judgements.Count(j => j.IsApplied && j.Kind == JudgementKind.Like);
        block["dislikes"] = stop?.Dislikes ?? judgements.Count(j => j.IsApplied && j.Kind == JudgementKind.Dislike);
        block["ignored"] = stop?.Ignored ?? judgements.Count(j => j.Status == JudgementStatus.Ignored);
        block["like_rate"] = patterns.Count == 0 ? null : Math.Round((double)likes / patterns.Count, 9);
        block["stop_reason"] = stop?.Reason;
        block["log_problems"] = log.Problems.Count;
        if (s.OwnTaste is { } plike)
        {
            var own = new Studies.OwnTaste(plike, [.. plike.Select(v => v >= Studies.OwnTaste.Threshold)], 0);
            block["own_taste_size"] = own.Size;
            block["heard_inside_own_taste"] = own.ShareInside([.. patterns.Select(p => p.Pattern)]) is double inside ? Math.Round(inside, 9) : null;
            // The generator at the block's end (its last checkpoint), as the study report measures it.
            var toward = own.Toward(Analysis.SessionAnalysis.Load(s.Folder).Generative);
            block["own_taste_false_positive_rate"] = toward?.FalsePositiveRate is double fp ? Math.Round(fp, 9) : null;
            block["own_taste_coverage"] = toward?.Coverage is double cov ? Math.Round(cov, 9) : null;
        }
        Blocks.Add(block);
    }
}
