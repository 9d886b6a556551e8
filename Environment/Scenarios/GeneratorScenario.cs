using System.Text.Json;
using System.Text.Json.Serialization;
using ActionPerception.Agents.Helmholtz;

namespace ActionPerception.Environment.Scenarios;

public sealed record GeneratorScenario
{
    /// <summary>Start from this model file instead of a fresh machine (its layers win over <see cref="Layers"/>).</summary>
    public string? Model { get; init; }
    public int[] Layers { get; init; } = [10, 8, 6, 3, 1];
    public string Init { get; init; } = "zero";
    public double LearningRate { get; init; } = 0.1;
    public bool TrainableBiases { get; init; }
    public bool ActiveSampling { get; init; } = true;
    public int NData { get; init; } = 500;
    public double DrumLearningRate { get; init; } = 0.1;
    public string DivisionRounding { get; init; } = "floor";
    /// <summary>
    /// How an epoch is drawn from the dataset: "rounded" (the original: round(nData·count/total) copies of each
    /// pattern, so a pattern whose share is below 1/(2·nData) gets none) or "multinomial" (nData draws from
    /// count/total with the trainer's random source: exactly nData data, every pattern with a chance).
    /// </summary>
    public string EpochData { get; init; } = RoundedEpochs;

    public const string CountsNiche = Agents.Niche.GeneratorRules.CountsNiche, PosteriorNiche = Agents.Niche.GeneratorRules.PosteriorNiche,
        PredictiveNiche = Agents.Niche.GeneratorRules.PredictiveNiche;

    /// <summary>
    /// How judgements shape what the generator trains on. "counts" (the original): +likeIncrement / −dislikeDecrement on
    /// the judged pattern. "posterior": the same counts, each weighted in every epoch by the taste posterior's
    /// P(like), so that judgements generalise to patterns never judged (off by default; measured in docs/taste-posterior.md).
    /// </summary>
    public string Niche { get; init; } = CountsNiche;

    /// <summary>The predictive niche's target (used when <see cref="Niche"/> is "predictive").</summary>
    public Agents.Niche.PredictiveSettings Predictive { get; init; } = new();

    /// <summary>"dream" (the original: play one dream) or "epistemic" (play the most informative of several dreams).</summary>
    public string Play { get; init; } = Agents.Niche.GeneratorRules.DreamPlay;

    /// <summary>Epistemic play's candidates and pragmatic weight (used when <see cref="Play"/> is "epistemic").</summary>
    public Agents.Niche.EpistemicSettings Epistemic { get; init; } = new();

    public const string RoundedEpochs = "rounded";
    public const string MultinomialEpochs = "multinomial";

    /// <summary><see cref="EpochData"/> as the trainer's enum (call after validation).</summary>
    [JsonIgnore]
    public Agents.Niche.EpochData EpochDataMode => EpochData == MultinomialEpochs ? Agents.Niche.EpochData.Multinomial : Agents.Niche.EpochData.Rounded;

    [JsonIgnore]
    public MachineSettings MachineSettings => new()
    {
        Layers = Layers,
        Init = Init == "random" ? WeightInit.Random : WeightInit.Zero,
        LearningRate = LearningRate,
        TrainableBiases = TrainableBiases,
        ActiveSampling = new ActiveSamplingSettings { Enabled = ActiveSampling },
    };

    internal void Validate(Action<string, string, string> bad)
    {
        if (Init is not ("zero" or "random")) bad("generator.init", $"'{Init}' is unknown", "use \"zero\" or \"random\"");
        if (DivisionRounding is not ("floor" or "round")) bad("generator.divisionRounding", $"'{DivisionRounding}' is unknown", "use \"floor\" or \"round\"");
        Agents.Niche.GeneratorRules.Validate(Niche, Play, Predictive, Epistemic, bad);
        if (EpochData is not (RoundedEpochs or MultinomialEpochs))
            bad("generator.epochData", $"'{EpochData}' is unknown", "use \"rounded\" (the original, default) or \"multinomial\" (nData draws from the dataset, no rounding threshold)");
        if (NData < 1 || NData > Agents.Limits.MaxNData) bad("generator.nData", $"{NData} data per epoch is out of range", $"use 1 … {Agents.Limits.MaxNData} (the original: 500)");
        if (!(DrumLearningRate >= 0 && DrumLearningRate <= Agents.Limits.MaxDrumLearningRate)) bad("generator.drumLearningRate", $"{DrumLearningRate} is out of range", $"use a number from 0 to {Agents.Limits.MaxDrumLearningRate} (default 0.1)");
        try { MachineSettings.Validate(); }
        catch (ArgumentException e) { bad(e.Message.StartsWith("layers", StringComparison.Ordinal) ? "generator.layers" : "generator", e.Message.TrimEnd('.'), "see docs/scenarios.md"); }
    }
}
