using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ActionPerception.IO;
using ActionPerception.Agents.Tastes.Posterior;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Simulations.Cli;

using ActionPerception.Simulations.Analysis;

namespace ActionPerception.Simulations.Commands;

/// <summary>
/// `ap taste RUN_FOLDER`: what the listener of a run likes, inferred from its likes and dislikes. The posterior is
/// rebuilt from the log's applied judgements (converged, so the answer does not depend on how it was updated),
/// printed as the top patterns and the feature weights, and written as taste.json.
/// </summary>
public static class TasteCommand
{
    public const int SchemaVersion = 1;
    public const string Format = "actionperception.taste";
    public const string FileName = "taste.json";

    public sealed record Output(
        string Format,
        int SchemaVersion,
        string Run,
        int Beats,
        string IndexConvention,
        ModelInfo Model,
        TastePosteriorSummary Summary,
        WeightInfo[] Weights,
        PatternInfo[] Top,
        double[] PLike,
        double[] Lower,
        double[] Upper);

    public sealed record ModelInfo(string Method, string[] Features, double PriorVariance, string Predictive, string Interval);

    public sealed record WeightInfo(string Name, double Mean, double Sd, double Lower, double Upper);

    public sealed record PatternInfo(int Pattern, string Beats, double PLike, double Lower, double Upper);

    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder (it holds session.jsonl), as ap simulate, ap play or ap sweep write them." };
        var outFile = new Option<string?>("--out", "-o") { Description = $"Write the JSON here instead of {FileName} in the run folder (refuses to replace a file unless --force)." };
        var top = CommonOptions.Int("--top", "How many of the most likely liked patterns to print and list.", 10, 1, "-k");
        var force = CommonOptions.Force();
        var cmd = new Command("taste", "Infer what the listener of a run likes from its judgements (Bayesian logistic regression with uncertainty) and write taste.json.")
        {
            run, outFile, top, force,
        };
        cmd.SetAction(p => Guard.Run(() => Run(p.GetValue(run)!, p.GetValue(outFile), p.GetValue(top), p.GetValue(force))));
        return cmd;
    }

    /// <summary>
    /// The pattern length and the applied likes and dislikes, in log order (<see cref="TasteAnalysis.Judgements"/>).
    /// Damaged lines (a killed session's half-written last line, say) are skipped and named through
    /// <paramref name="warn"/>: the taste of the readable judgements, said to be so, serves better than none.
    /// </summary>
    public static (int Beats, IReadOnlyList<TasteJudgement> Judgements) JudgementsFromLog(SessionLogReader log, Action<string>? warn = null)
    {
        if (log.Problems.Count > 0 && warn is not null)
        {
            var first = log.Problems[0];
            warn($"{log.Path}: line {first.Line} is damaged ({first.Problem})"
                + (log.Problems.Count > 1 ? $", and {log.Problems.Count - 1} more line{(log.Problems.Count > 2 ? "s" : "")}" : "")
                + "; skipped: the taste is inferred from the readable judgements");
        }
        if (log.Header is not { } header)
            throw new InputFileException(log.Path, "line 1", "not a session log: the first event is not a header", "give the run folder of ap simulate, ap play or ap sweep");
        int beats = header.Scenario.Generator.Layers[0];
        // Unlike the report, which skips it, a judgement of no known pattern is refused here: the taste would be biased.
        var judgements = TasteAnalysis.Judgements(log.OfType<JudgementEvent>(), beats, e => throw new InputFileException(log.Path, null,
            $"an applied judgement names pattern {e.Pattern?.ToString(CultureInfo.InvariantCulture) ?? "none"}, not one of the {1 << beats} patterns of {beats} beats",
            "give a session.jsonl written by ap simulate, ap play or ap sweep"));
        return (beats, judgements);
    }

    /// <summary>The posterior of a run's judgements and the file that describes it.</summary>
    public static (TastePosterior Posterior, Output Output) Compute(string runFolder, int top)
    {
        if (!Directory.Exists(runFolder))
            throw new InputFileException(runFolder, null, "no such run folder", "give a folder that ap simulate, ap play or ap sweep wrote (it holds session.jsonl)");
        var log = SessionLogReader.Read(Path.Combine(runFolder, "session.jsonl"));
        var (beats, judgements) = JudgementsFromLog(log, w => Console.Error.WriteLine($"ap: warning: {w}"));
        var posterior = TastePosterior.FromJudgements(beats, judgements);
        var f = posterior.Features;
        var all = posterior.PredictAll();
        var output = new Output(Format, SchemaVersion, runFolder, beats,
            "pattern index: beat 0 is the most significant bit; pLike, lower and upper are indexed by pattern",
            new ModelInfo("Bayesian logistic regression, Gaussian prior N(0, σ²I), Jaakkola–Jordan variational bound, converged",
                [.. f.Names], posterior.Settings.PriorVariance,
                "probit approximation σ(μ / √(1 + πs²/8)), μ = φᵀm, s² = φᵀSφ", "90 %: σ(μ ∓ 1.645 s); weights: mean ∓ 1.645 sd"),
            posterior.Summarize(),
            [.. posterior.Weights().Select(w => new WeightInfo(w.Name, w.Mean, w.Sd, w.Lower, w.Upper))],
            [.. posterior.TopPatterns(top).Select(p => new PatternInfo(p.Pattern, f.BeatString(p.Pattern), p.Probability, p.Lower, p.Upper))],
            [.. all.Select(p => p.Probability)], [.. all.Select(p => p.Lower)], [.. all.Select(p => p.Upper)]);
        return (posterior, output);
    }

    /// <summary>"beat 0 on: +1.80 ± 0.41" (the ± is half the 90 % interval).</summary>
    public static string Describe(TasteWeight w) =>
        string.Create(CultureInfo.InvariantCulture, $"{w.Name}{(w.Name.StartsWith("beat", StringComparison.Ordinal) ? " on" : "")}: {w.Mean:+0.00;-0.00;0.00} ± {w.HalfWidth:0.00}");

    private static int Run(string runFolder, string? outFile, int top, bool force)
    {
        var (posterior, output) = Compute(runFolder, top);
        string path = outFile ?? Path.Combine(runFolder, FileName);
        string json = JsonSerializer.Serialize(output, JsonFiles.Write);
        // Written before printing, so that a refusal to overwrite reaches the user before a page of output.
        SafeFile.WriteAllTextAtomically(path, json, force);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(posterior.Count == 0
            ? $"{runFolder}: no applied likes or dislikes; the taste is the prior (every pattern P(like) 0.5)."
            : string.Create(inv, $"{runFolder}: {posterior.Count} judgements ({posterior.Likes} likes, {posterior.Dislikes} dislikes) of {posterior.DistinctPatterns} distinct patterns"));
        Console.WriteLine($"most likely liked (P(like), 90 % interval):");
        foreach (var p in output.Top)
            Console.WriteLine(string.Create(inv, $"  {p.Beats}  {p.PLike:0.00}  [{p.Lower:0.00}, {p.Upper:0.00}]"));
        Console.WriteLine("feature weights (posterior mean ± half the 90 % interval):");
        foreach (var w in posterior.Weights()) Console.WriteLine("  " + Describe(w));
        Console.WriteLine($"wrote {path}");
        return ExitCodes.Ok;
    }
}
