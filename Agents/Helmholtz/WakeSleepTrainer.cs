using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Helmholtz;

/// <summary>What one epoch did. KL and entropy are measured at the start of the epoch, as the original reports them.</summary>
public sealed record EpochReport(
    int Epoch,
    int Steps,
    double KlDataGen,
    double KlGenData,
    double EntropyGen,
    IReadOnlyList<double> WakeLoss,
    IReadOnlyList<double> SleepLoss)
{
    public double TotalLoss => WakeLoss.Sum() + SleepLoss.Sum();
}

/// <summary>
/// Epochs of wake-sleep training on a preference dataset (section 7, thread 4): build the epoch, recompute the
/// exact distributions and the active-sampling counts, shuffle, one step per datum with active sampling every
/// k-th datum. Steppable in slices so that a scheduler can give training an exact budget of steps.
/// </summary>
public sealed class WakeSleepTrainer
{
    private readonly HelmholtzMachine _m;
    private readonly SeededRandom _rng;
    private readonly ActiveSampler _sampler;
    private readonly double[][] _rec;
    private readonly double[][] _dream;
    private readonly double[] _data;
    private readonly double[] _cumulative;
    private readonly double[] _wakeLoss;
    private readonly double[] _sleepLoss;
    private int[] _epoch = [];
    private int _epochLength;
    private int _position;
    private bool _inEpoch;
    private double _klDataGen, _klGenData, _entropy;

    /// <param name="epochData">How epochs are drawn from the dataset (<see cref="Niche.EpochData"/>); multinomial draws
    /// come from <paramref name="rng"/>, the trainer's own source. The default is the original's rounded epochs.</param>
    public WakeSleepTrainer(HelmholtzMachine machine, SeededRandom rng, int nData = PreferenceDataset.DefaultEpochSize, bool trackLosses = true,
        EpochData epochData = EpochData.Rounded)
    {
        if (!Enum.IsDefined(epochData)) throw new ArgumentOutOfRangeException(nameof(epochData), epochData, "unknown epoch data mode");
        if (nData < 1 || nData > Limits.MaxNData) throw new ArgumentOutOfRangeException(nameof(nData), $"n_data must be 1 … {Limits.MaxNData} (got {nData}).");
        _m = machine;
        _rng = rng;
        NData = nData;
        TrackLosses = trackLosses;
        EpochData = epochData;
        Exact = new ExactDistributions(machine.Layers);
        _sampler = new ActiveSampler(machine.Layers, machine.Settings.ActiveSampling);
        _rec = machine.NewStates();
        _dream = machine.NewStates();
        _data = new double[machine.PatternCount];
        _cumulative = new double[machine.PatternCount];
        _wakeLoss = new double[machine.LayerCount - 1];
        _sleepLoss = new double[machine.LayerCount - 2];
    }

    public HelmholtzMachine Machine => _m;
    public int NData { get; }
    public bool TrackLosses { get; }
    public EpochData EpochData { get; }
    public ExactDistributions Exact { get; }
    /// <summary>Epochs completed.</summary>
    public int Epoch { get; private set; }
    public long TotalSteps { get; private set; }
    public bool InEpoch => _inEpoch;
    public int StepsLeftInEpoch => _inEpoch ? _epochLength - _position : 0;

    /// <summary>Continue the epoch and step counters of a resumed session (between epochs only).</summary>
    public void RestoreCounters(int epoch, long totalSteps)
    {
        if (_inEpoch) throw new InvalidOperationException("Counters can only be restored between epochs.");
        if (epoch < 0 || totalSteps < 0) throw new ArgumentOutOfRangeException(nameof(epoch), "Counters must be ≥ 0.");
        Epoch = epoch;
        TotalSteps = totalSteps;
    }

    /// <summary>Divergences of the current model from a dataset, computed exactly.</summary>
    public (double KlDataGen, double KlGenData, double EntropyGen) Evaluate(PreferenceDataset data)
    {
        Exact.ComputeGenerative(_m);
        data.Distribution(_data);
        return (Divergence.KL(_data, Exact.Patterns), Divergence.KL(Exact.Patterns, _data), Divergence.Entropy(Exact.Patterns));
    }

    /// <summary>
    /// Start an epoch on the dataset (or another epoch source, such as the predictive niche's target) as it is now.
    /// Returns false (and starts nothing) when it gives no epoch, e.g. after every liked pattern was disliked away.
    /// </summary>
    public bool BeginEpoch(IEpochSource data)
    {
        if (data.PatternCount != _m.PatternCount)
            throw new ArgumentException($"The dataset has {data.PatternLength} beats; the machine has {_m.VisibleUnits} visible units.");
        int cap = data.EpochCapacity(NData);
        if (_epoch.Length < cap) _epoch = new int[cap];
        data.Distribution(_data);
        Exact.ComputeGenerative(_m);
        _klDataGen = Divergence.KL(_data, Exact.Patterns);
        _klGenData = Divergence.KL(Exact.Patterns, _data);
        _entropy = Divergence.Entropy(Exact.Patterns);
        // The divergences are measured on the weights the previous epoch left: non-finite ones mean it diverged.
        if (!double.IsFinite(_klDataGen)) throw Diverged("KL(data‖gen)", _klDataGen);
        if (!double.IsFinite(_entropy)) throw Diverged("entropy of the generator", _entropy);
        _epochLength = data.BuildEpoch(NData, _rng, _epoch, EpochData, _cumulative);
        if (_epochLength == 0) return false;
        var settings = _m.Settings.ActiveSampling;
        if (settings.Enabled)
        {
            Exact.ComputeRecognition(_m, _data);
            for (int l = 1; l <= _m.LayerCount - 2; l++)
                _sampler.Reset(l, Exact.RecognitionMarginal(l), Exact.RecognitionUnitMarginal(l), settings.Base);
        }
        Array.Clear(_wakeLoss);
        Array.Clear(_sleepLoss);
        _position = 0;
        _inEpoch = true;
        return true;
    }

    /// <summary>Up to <paramref name="maxSteps"/> wake-sleep steps of the current epoch; returns how many were taken.</summary>
    public int Step(int maxSteps)
    {
        if (!_inEpoch) return 0;
        var settings = _m.Settings.ActiveSampling;
        ActiveSampler? tracker = settings.Enabled ? _sampler : null;
        int every = settings.Every;
        int end = Math.Min(_epochLength, _position + Math.Max(0, maxSteps));
        int taken = end - _position;
        Span<double> wake = TrackLosses ? _wakeLoss : default;
        Span<double> sleep = TrackLosses ? _sleepLoss : default;
        // Datum i is chosen actively when i > 0 and i % every == 0: a countdown to the next such i instead of a division per step.
        int untilActive = _position == 0 ? every : (every - _position % every) % every;
        for (int i = _position; i < end; i++)
        {
            bool active = tracker is not null && untilActive == 0;
            _m.WakeSleepStep(_epoch[i], _rec, _dream, _rng, tracker, active, wake, sleep);
            untilActive = untilActive == 0 ? every - 1 : untilActive - 1;
        }
        _position = end;
        TotalSteps += taken;
        CheckHealth();
        return taken;
    }

    /// <summary>
    /// Throws <see cref="DivergedException"/> when a weight or a running loss is no longer finite (or a weight is beyond
    /// <see cref="Limits.MaxWeight"/>). Checked after every slice of steps: a few hundred comparisons, far less than one step.
    /// </summary>
    private void CheckHealth()
    {
        if (_m.FirstUnhealthyWeight() is var (where, value))
            throw Diverged($"{where} weight", value);
        if (!TrackLosses) return;
        for (int l = 0; l < _wakeLoss.Length; l++)
            if (!double.IsFinite(_wakeLoss[l])) throw Diverged($"wake loss of layer {l}", _wakeLoss[l]);
        for (int l = 0; l < _sleepLoss.Length; l++)
            if (!double.IsFinite(_sleepLoss[l])) throw Diverged($"sleep loss of layer {l}", _sleepLoss[l]);
    }

    private DivergedException Diverged(string quantity, double value) =>
        new(Epoch + 1, quantity, value, _m.Settings.LearningRate);

    /// <summary>Close the current epoch (complete or not) and report it; mean losses are per step.</summary>
    public EpochReport EndEpoch()
    {
        if (!_inEpoch) throw new InvalidOperationException("No epoch in progress.");
        _inEpoch = false;
        double steps = Math.Max(1, _position);
        var report = new EpochReport(Epoch + 1, _position, _klDataGen, _klGenData, _entropy,
            TrackLosses ? _wakeLoss.Select(v => v / steps).ToArray() : [],
            TrackLosses ? _sleepLoss.Select(v => v / steps).ToArray() : []);
        Epoch++;
        return report;
    }

    /// <summary>One whole epoch; null when the dataset is empty.</summary>
    public EpochReport? TrainEpoch(IEpochSource data)
    {
        if (!BeginEpoch(data)) return null;
        Step(int.MaxValue);
        return EndEpoch();
    }
}
