using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Agents.Listeners;

/// <summary>What one perception measured: per-layer prediction errors (index l: layer l predicted from l+1) and their sum.</summary>
public sealed record Perception(double[] Errors, double Surprise);

/// <summary>
/// The listener as a second Helmholtz machine (listener.md): trained before the session on a taste, it perceives by
/// predictive processing (prediction errors of a recognition sample, exact −log P beside), acts by the author's
/// precision gate or by quantiles of its own dreams' surprise, with a lapse rate and a log-normal reaction time, and
/// may habituate by wake-sleep steps on what it hears.
/// </summary>
public sealed class HelmholtzListener : IListener, ITasteful
{
    private readonly HelmholtzMachine _m;
    private readonly ExactDistributions _exact;
    private readonly SeededRandom _perceive, _act, _calibrate, _habituate;
    private readonly double[][] _rec, _dream, _cal;
    private readonly double[] _errors, _sum, _gate;
    private double[] _calibration = [];
    private bool _exactDirty = true;
    private bool _calibrated;
    private long _stepsSinceCalibration;

    public HelmholtzListener(HelmholtzListenerSettings settings, int beats, SeededRandom random,
        IReadOnlyList<int>? generatorLayers = null, Taste? taste = null)
    {
        settings.Validate();
        Settings = settings;
        var machine = settings.MachineFor(beats, generatorLayers);
        ulong root = settings.Seed ?? random.NextULong();
        Seed = root;
        Taste = taste ?? TasteCatalog.Create(settings.Taste, beats, SeededRandom.Derive(root, "taste"), "listener.helmholtz.taste");
        if (Taste.Beats != beats)
            throw new ArgumentException($"listener.helmholtz.taste '{Taste.Name}' has {Taste.Beats} beats; the generator has {beats}.");
        _m = new HelmholtzMachine(machine, SeededRandom.Derive(root, "init"));
        _exact = new ExactDistributions(machine.Layers);
        _perceive = SeededRandom.Derive(root, "perceive");
        _act = SeededRandom.Derive(root, "act");
        _calibrate = SeededRandom.Derive(root, "calibrate");
        _habituate = SeededRandom.Derive(root, "habituate");
        _rec = _m.NewStates();
        _dream = _m.NewStates();
        _cal = _m.NewStates();
        int predicted = _m.LayerCount - 1;
        _errors = new double[predicted];
        _sum = new double[predicted];
        _gate = new double[predicted];
        for (int l = 0; l < predicted; l++) _gate[l] = settings.Precision * _m.Layers[l] * Math.Log(2);

        var data = Taste.ToDataset();
        var trainer = new WakeSleepTrainer(_m, SeededRandom.Derive(root, "pretrain"), settings.NData, trackLosses: false);
        PretrainKlStart = trainer.Evaluate(data).KlDataGen;
        for (int e = 0; e < settings.PretrainEpochs; e++) trainer.TrainEpoch(data);
        PretrainKl = trainer.Evaluate(data).KlDataGen;
        PretrainSteps = trainer.TotalSteps;
        if (!_m.AllFinite()) throw new InvalidOperationException("The listener's pretraining diverged (non-finite weights): lower listener.helmholtz.learningRate.");
    }

    public const string KindName = "helmholtz";

    public static ListenerKind Registration { get; } = ListenerKind.Of<HelmholtzListenerSettings>(KindName,
        "a second Helmholtz machine pretrained on a taste, judging by its prediction errors (listener.md)",
        (s, c) => new HelmholtzListener(s, c.Beats, c.Random, c.GeneratorLayers));

    public string Kind => KindName;
    public HelmholtzListenerSettings Settings { get; }
    public ulong Seed { get; }
    public Taste Taste { get; }
    /// <summary>The listener's mind. Read it; changing it behind the listener's back leaves its caches stale.</summary>
    public HelmholtzMachine Machine => _m;
    /// <summary>KL(taste‖listener) before and after pretraining.</summary>
    public double PretrainKlStart { get; }
    public double PretrainKl { get; }
    public long PretrainSteps { get; }
    public long Heard { get; private set; }
    public long Likes { get; private set; }
    public long Dislikes { get; private set; }
    public long HabituationSteps { get; private set; }
    /// <summary>Per predicted layer l, the precision gate π · n_l · ln 2 in nats.</summary>
    public IReadOnlyList<double> Gate => _gate;

    /// <summary>Its exact generative distribution now (recomputed lazily after habituation).</summary>
    public ReadOnlySpan<double> TasteDistribution { get { EnsureExact(); return _exact.Patterns; } }
    public IReadOnlyList<bool>? TasteSupport => Taste.Support;

    /// <summary>Generator probability mass outside the taste's support; NaN for a taste that is not a set.</summary>
    public double FalsePositiveRate(ReadOnlySpan<double> generatorDistribution) => Taste.FalsePositiveRate(generatorDistribution);

    /// <summary>KL(listener‖other) and KL(other‖listener), exact, with the original's ε.</summary>
    public (double ListenerToOther, double OtherToListener) Kl(ReadOnlySpan<double> other)
    {
        var mine = TasteDistribution;
        if (other.Length != mine.Length) throw new ArgumentException($"The distribution has {other.Length} entries; the listener has {mine.Length} patterns.");
        return (Divergence.KL(mine, other), Divergence.KL(other, mine));
    }

    /// <summary>The surprise quantile a like needs to stay under (quantile rule), in nats.</summary>
    public double LikeBound { get { EnsureCalibration(force: true); return Quantile(Settings.LikeQuantile); } }
    /// <summary>The surprise above which it dislikes, in nats.</summary>
    public double DislikeBound { get { EnsureCalibration(force: false); return Settings.DislikeBound ?? Quantile(Settings.DislikeQuantile); } }

    /// <summary>Perceive a pattern with a caller's random source (analysis): the listener's own streams are untouched.</summary>
    public Perception Perceive(int pattern, SeededRandom rng)
    {
        double s = PerceiveInto(pattern, rng, _dream);
        return new Perception(_sum.ToArray(), s);
    }

    /// <summary>The exact −log P(d) under its generative model now.</summary>
    public double NegLogP(int pattern)
    {
        EnsureExact();
        return -Math.Log(Math.Max(_exact.Patterns[pattern], double.Epsilon));
    }

    public ListenerResponse Hear(HeardPattern heard)
    {
        if ((uint)heard.Pattern >= (uint)_m.PatternCount)
            throw new ArgumentOutOfRangeException(nameof(heard), $"pattern {heard.Pattern} is not one of the {_m.PatternCount} patterns of {_m.VisibleUnits} beats.");
        Heard++;
        double negLogP = NegLogP(heard.Pattern);
        double surprise = PerceiveInto(heard.Pattern, _perceive, _rec);
        double dislikeBound = DislikeBound;
        double likeBound = double.NaN;
        bool passed;
        JudgementKind? intended;
        if (Settings.Rule == ActionRule.Precision)
        {
            passed = true;
            for (int l = 0; l < _sum.Length; l++) passed &= _sum[l] < _gate[l];
            // A pattern within precision at every layer is liked even when its total surprise is high: the gate is
            // the author's acceptance test, and the dislike bound only speaks for patterns the gate turned away.
            intended = passed ? JudgementKind.Like : surprise > dislikeBound ? JudgementKind.Dislike : null;
        }
        else
        {
            likeBound = LikeBound;
            passed = surprise < likeBound;
            intended = passed ? JudgementKind.Like : surprise > dislikeBound ? JudgementKind.Dislike : null;
        }
        double uLapse = _act.Uniform();
        double reaction = Settings.ReactionTime.Sample(_act);
        bool lapsed = intended is not null && uLapse < Settings.Lapse;
        JudgementKind? action = lapsed ? null : intended;
        if (action == JudgementKind.Like) Likes++;
        else if (action == JudgementKind.Dislike) Dislikes++;

        int steps = 0;
        if (Settings.Habituation > 0 && (Settings.HabituateOn == HabituationSource.All || intended == JudgementKind.Like))
        {
            for (int i = 0; i < Settings.Habituation; i++)
                _m.WakeSleepStep(heard.Pattern, _rec, _dream, _habituate);
            steps = Settings.Habituation;
            HabituationSteps += steps;
            _stepsSinceCalibration += steps;
            _exactDirty = true;
        }

        var measures = new Dictionary<string, double>(_sum.Length + 10);
        for (int l = 0; l < _sum.Length; l++) measures[string.Create(System.Globalization.CultureInfo.InvariantCulture, $"L{l}")] = _sum[l];
        measures["surprise"] = surprise;
        measures["negLogP"] = negLogP;
        measures["dislikeBound"] = dislikeBound;
        if (Settings.Rule == ActionRule.Quantile) measures["likeBound"] = likeBound;
        measures["passed"] = passed ? 1 : 0;
        measures["intended"] = ScriptedListener.Code(intended);
        measures["lapsed"] = lapsed ? 1 : 0;
        measures["habituationSteps"] = steps;
        return new ListenerResponse(action, action is null ? 0 : reaction, measures);
    }

    public IReadOnlyDictionary<string, object> Describe()
    {
        var s = Settings;
        return new Dictionary<string, object>
        {
            ["kind"] = Kind,
            ["taste"] = Taste.Name,
            ["taste.description"] = Taste.Description,
            ["taste.support"] = Taste.SupportSize,
            ["taste.file"] = s.Taste.File ?? "",
            ["taste.components"] = s.Taste.Components,
            ["taste.data"] = s.Taste.Data,
            ["taste.noise"] = s.Taste.Noise,
            ["layers"] = string.Join(",", _m.Layers),
            ["trainableBiases"] = s.TrainableBiases,
            ["learningRate"] = s.LearningRate,
            ["activeSampling"] = s.ActiveSampling,
            ["pretrainEpochs"] = s.PretrainEpochs,
            ["nData"] = s.NData,
            ["seed"] = Seed,
            ["samples"] = s.Samples,
            ["rule"] = s.Rule == ActionRule.Precision ? "precision" : "quantile",
            ["precision"] = s.Precision,
            ["dislikeBound"] = s.DislikeBound is double d ? d : "quantile",
            ["likeQuantile"] = s.LikeQuantile,
            ["dislikeQuantile"] = s.DislikeQuantile,
            ["calibrationDreams"] = s.CalibrationDreams,
            ["recalibrateEverySteps"] = s.RecalibrateEverySteps,
            ["lapse"] = s.Lapse,
            ["reactionTime.median"] = s.ReactionTime.Median,
            ["reactionTime.sigma"] = s.ReactionTime.Sigma,
            ["reactionTime.min"] = s.ReactionTime.Min,
            ["reactionTime.max"] = s.ReactionTime.Max,
            ["habituation"] = s.Habituation,
            ["habituateOn"] = s.HabituateOn == HabituationSource.Liked ? "liked" : "all",
            ["pretrainKlStart"] = PretrainKlStart,
            ["pretrainKl"] = PretrainKl,
        };
    }

    /// <summary>K recognition samples of the pattern; leaves the mean per-layer errors in _sum and returns their total.</summary>
    private double PerceiveInto(int pattern, SeededRandom rng, double[][] states)
    {
        Array.Clear(_sum);
        HelmholtzMachine.PatternToUnits(pattern, states[0]);
        states[^1][0] = 1.0;
        int k = Settings.Samples;
        for (int i = 0; i < k; i++)
        {
            _m.Recognize(states, rng);
            _m.PredictionErrors(states, _errors);
            for (int l = 0; l < _sum.Length; l++) _sum[l] += _errors[l];
        }
        double total = 0;
        for (int l = 0; l < _sum.Length; l++)
        {
            _sum[l] /= k;
            total += _sum[l];
        }
        return total;
    }

    private void EnsureExact()
    {
        if (!_exactDirty) return;
        _exact.ComputeGenerative(_m);
        _exactDirty = false;
    }

    /// <summary>
    /// The surprise of its own dreams, perceived exactly as a heard pattern is: estimated after pretraining and again,
    /// lazily, once recalibrateEverySteps habituation steps have changed the mind. It draws from its own stream so
    /// that the perception and action streams do not depend on when it recalibrates. Skipped with a fixed dislike
    /// bound under the precision rule, where no quantile is needed.
    /// </summary>
    private void EnsureCalibration(bool force)
    {
        bool needed = force || Settings.Rule == ActionRule.Quantile || Settings.DislikeBound is null;
        if (!needed || (_calibrated && _stepsSinceCalibration < Settings.RecalibrateEverySteps)) return;
        if (_calibration.Length != Settings.CalibrationDreams) _calibration = new double[Settings.CalibrationDreams];
        var saved = (double[])_sum.Clone();
        for (int i = 0; i < _calibration.Length; i++)
        {
            _m.Dream(_cal, _calibrate);
            _calibration[i] = PerceiveInto(HelmholtzMachine.UnitsToIndex(_cal[0]), _calibrate, _cal);
        }
        saved.CopyTo(_sum, 0);
        Array.Sort(_calibration);
        _calibrated = true;
        _stepsSinceCalibration = 0;
        Calibrations++;
    }

    public int Calibrations { get; private set; }

    /// <summary>Linear interpolation between order statistics (numpy's default quantile).</summary>
    private double Quantile(double q)
    {
        var v = _calibration;
        double h = (v.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, v.Length - 1);
        return v[lo] + (h - lo) * (v[hi] - v[lo]);
    }
}
