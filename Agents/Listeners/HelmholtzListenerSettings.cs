using System.Text.Json.Serialization;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Agents.Listeners;

[JsonConverter(typeof(JsonStringEnumConverter<ActionRule>))]
public enum ActionRule
{
    /// <summary>The author's precision gate: like when every layer's prediction error is within precision.</summary>
    [JsonStringEnumMemberName("precision")] Precision,
    /// <summary>Like below the q_like quantile of its own dreams' surprise, dislike above q_dislike.</summary>
    [JsonStringEnumMemberName("quantile")] Quantile,
}

[JsonConverter(typeof(JsonStringEnumConverter<HabituationSource>))]
public enum HabituationSource
{
    /// <summary>Only patterns it meant to like (passed its gate): the author's active sampling, excluding false positives.</summary>
    [JsonStringEnumMemberName("liked")] Liked,
    /// <summary>Everything it hears.</summary>
    [JsonStringEnumMemberName("all")] All,
}

/// <summary>Every knob of the Helmholtz listener, with defaults; plain so that System.Text.Json maps it (camelCase).</summary>
public sealed record HelmholtzListenerSettings : ITastefulSettings
{
    public TasteSettings Taste { get; init; } = new();
    /// <summary>Layer sizes, visible first, top unit 1 last; null: the generator's (default 10, 8, 6, 3, 1).</summary>
    public IReadOnlyList<int>? Layers { get; init; }
    /// <summary>The generator's defaults (frozen zero biases, lr 0.1, active sampling): the same algorithm, another mind.</summary>
    public bool TrainableBiases { get; init; }
    public double LearningRate { get; init; } = 0.1;
    public bool ActiveSampling { get; init; } = true;
    /// <summary>Wake-sleep epochs on the taste before the session (see the measurements in the report/README).</summary>
    public int PretrainEpochs { get; init; } = DefaultPretrainEpochs;
    public int NData { get; init; } = 500;
    /// <summary>Its own seed; null takes one from the random source it is given (derived from the session seed).</summary>
    public ulong? Seed { get; init; }

    /// <summary>K recognition samples per perception, prediction errors averaged.</summary>
    public int Samples { get; init; } = 1;
    public ActionRule Rule { get; init; } = ActionRule.Precision;
    /// <summary>π: likes when L_l &lt; π · n_l · ln 2 at every layer l (n_l units in the predicted layer l).</summary>
    public double Precision { get; init; } = 1.0;
    /// <summary>A fixed dislike bound on surprise in nats; null: the dislikeQuantile of its own dreams' surprise.</summary>
    public double? DislikeBound { get; init; }
    public double LikeQuantile { get; init; } = 0.3;
    public double DislikeQuantile { get; init; } = 0.9;
    /// <summary>Dreams perceived to estimate the surprise quantiles.</summary>
    public int CalibrationDreams { get; init; } = 2000;
    /// <summary>Re-estimate the quantiles lazily once this many habituation steps were taken since the last estimate.</summary>
    public int RecalibrateEverySteps { get; init; } = 10;

    /// <summary>Probability of not acting on a judgement.</summary>
    public double Lapse { get; init; } = 0.2;
    public ReactionTimeSettings ReactionTime { get; init; } = new();

    /// <summary>h: wake-sleep steps on a heard pattern after judging it (0: a fixed taste).</summary>
    public int Habituation { get; init; }
    public HabituationSource HabituateOn { get; init; } = HabituationSource.Liked;

    public const int DefaultPretrainEpochs = 100;

    TasteSettings? ITastefulSettings.Taste => Taste;
    public IListenerSettings WithTaste(TasteSettings taste) => this with { Taste = taste };
    public IListenerSettings ResolvePaths(Func<string, string> resolve) => Taste.File is { } f ? this with { Taste = Taste with { File = resolve(f) } } : this;

    public void Validate(string where = "listener.helmholtz")
    {
        (Taste ?? throw new ArgumentException($"{where}.taste must not be null.")).Validate($"{where}.taste");
        if (Layers is not null) MachineFor(Layers.Count > 0 ? Layers[0] : 0, null, where);
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"{where}.learningRate must be a positive finite number (got {LearningRate}); default 0.1.");
        if (PretrainEpochs < 0 || PretrainEpochs > 100_000) throw new ArgumentException($"{where}.pretrainEpochs must be 0..100000 (got {PretrainEpochs}); default {DefaultPretrainEpochs}.");
        if (NData < 1 || NData > 1_000_000) throw new ArgumentException($"{where}.nData must be 1..1000000 (got {NData}); default 500.");
        if ((double)PretrainEpochs * NData > Limits.MaxPretrainSteps)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{where}.pretrainEpochs {PretrainEpochs} × {where}.nData {NData} is {(double)PretrainEpochs * NData:0.#e0} wake-sleep steps of pretraining, more than the {Limits.MaxPretrainSteps:0e0} (about half an hour) allowed; use fewer epochs or data per epoch (default {DefaultPretrainEpochs} × 500)."));
        if (Samples < 1 || Samples > 10_000) throw new ArgumentException($"{where}.samples must be 1..10000 (got {Samples}); default 1.");
        if (!(Precision > 0) || !double.IsFinite(Precision)) throw new ArgumentException($"{where}.precision must be a positive finite number (got {Precision}); default 1.");
        if (DislikeBound is double d && (!(d >= 0) || !double.IsFinite(d))) throw new ArgumentException($"{where}.dislikeBound must be a finite number of nats ≥ 0, or null for the dreams' quantile (got {d}).");
        if (!(LikeQuantile > 0 && LikeQuantile < 1)) throw new ArgumentException($"{where}.likeQuantile must be in (0,1) (got {LikeQuantile}); default 0.3.");
        if (!(DislikeQuantile > 0 && DislikeQuantile < 1)) throw new ArgumentException($"{where}.dislikeQuantile must be in (0,1) (got {DislikeQuantile}); default 0.9.");
        if (Rule == ActionRule.Quantile && !(LikeQuantile <= DislikeQuantile)) throw new ArgumentException($"{where}.likeQuantile ({LikeQuantile}) must not exceed {where}.dislikeQuantile ({DislikeQuantile}).");
        if (!Enum.IsDefined(Rule)) throw new ArgumentException($"{where}.rule must be precision or quantile.");
        if (!Enum.IsDefined(HabituateOn)) throw new ArgumentException($"{where}.habituateOn must be liked or all.");
        if (CalibrationDreams < 10 || CalibrationDreams > 1_000_000) throw new ArgumentException($"{where}.calibrationDreams must be 10..1000000 (got {CalibrationDreams}); default 2000.");
        if (RecalibrateEverySteps < 1) throw new ArgumentException($"{where}.recalibrateEverySteps must be at least 1 (got {RecalibrateEverySteps}); default 10.");
        if (!(Lapse >= 0 && Lapse < 1)) throw new ArgumentException($"{where}.lapse must be in [0,1) (got {Lapse}); default 0.2.");
        (ReactionTime ?? throw new ArgumentException($"{where}.reactionTime must not be null.")).Validate($"{where}.reactionTime");
        if (Habituation < 0 || Habituation > 10_000) throw new ArgumentException($"{where}.habituation must be 0..10000 wake-sleep steps (got {Habituation}); default 0.");
    }

    /// <summary>The machine settings for a generator of <paramref name="beats"/> beats.</summary>
    public MachineSettings MachineFor(int beats, IReadOnlyList<int>? generatorLayers, string where = "listener.helmholtz")
    {
        IReadOnlyList<int> layers = Layers ?? generatorLayers ?? [beats, 8, 6, 3, 1];
        if (layers.Count == 0 || layers[0] != beats)
            throw new ArgumentException($"{where}.layers starts with {(layers.Count == 0 ? "nothing" : layers[0])} visible units; the generator has {beats} beats: the first size must be {beats}.");
        var m = new MachineSettings
        {
            Layers = layers.ToArray(),
            TrainableBiases = TrainableBiases,
            LearningRate = LearningRate,
            ActiveSampling = new ActiveSamplingSettings { Enabled = ActiveSampling },
        };
        try { m.Validate(); }
        catch (ArgumentException e) { throw new ArgumentException($"{where}.{e.Message}", e); }
        return m;
    }
}
