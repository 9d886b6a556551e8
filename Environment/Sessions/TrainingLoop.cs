using System.Diagnostics;
using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// The training loop of the original, as one owned piece: the machine, the drum layer, the dataset, the trainer and
/// its random source, the epoch log and the snapshots it publishes. Exactly one thread at a time may use it
/// (<see cref="Owner"/>): the engine's in virtual time, the training thread in real time, the engine's again once
/// that thread has stopped. Both clocks spend the budget through <see cref="AdvanceTo"/>, so epochs are stamped and
/// snapshots published by one rule.
/// </summary>
internal sealed class TrainingLoop
{
    /// <summary>Steps taken between checks for a stop (and, in real time, for judgements to apply).</summary>
    public const int Slice = 4096;

    private readonly HelmholtzMachine _machine;
    private readonly DrumLayer _drums;
    private readonly PreferenceDataset _dataset;
    private readonly WakeSleepTrainer _trainer;
    private readonly SnapshotBox _snapshots;
    private readonly EpochAggregate _aggregate = new();
    private readonly INiche _niche;
    private readonly SessionLog _log;
    private readonly SessionCounters _counters;
    private readonly ListenerMeasure _listenerMeasures;
    private readonly SeededRandom _random;
    private readonly int _checkpointEvery;
    private readonly int _nData;
    private readonly Action<double> _checkpoint;
    private readonly double _start;
    private long _snapshotVersion;
    private long _budgetUsed;
    private bool _starved, _dirty;
    private double _lastEpochLogged = double.NegativeInfinity;

    public TrainingLoop(
        HelmholtzMachine machine, DrumLayer drums, PreferenceDataset dataset, WakeSleepTrainer trainer, SeededRandom random,
        INiche niche, SessionLog log, SessionCounters counters, ReferenceTracker? reference,
        double? budget, double startSeconds, double epochLogInterval, int checkpointEvery, int nData,
        ListenerMeasure listenerMeasures, Action<double> checkpoint)
    {
        _machine = machine;
        _drums = drums;
        _dataset = dataset;
        _trainer = trainer;
        _random = random;
        _niche = niche;
        _log = log;
        _counters = counters;
        Reference = reference;
        Budget = budget;
        _start = startSeconds;
        EpochLogInterval = epochLogInterval;
        _checkpointEvery = checkpointEvery;
        _nData = nData;
        _listenerMeasures = listenerMeasures;
        _checkpoint = checkpoint;
        _snapshots = new SnapshotBox(machine, drums, trainer.Epoch, trainer.TotalSteps);
    }

    public ThreadOwner Owner { get; } = new("training loop");
    /// <summary>Read by the synthesis loop: the newest published generator.</summary>
    public SnapshotBox Snapshots => _snapshots;
    public ReferenceTracker? Reference { get; }
    /// <summary>Wake-sleep steps per second of audio; null is free-running (real time only).</summary>
    public double? Budget { get; }
    public double EpochLogInterval { get; }
    /// <summary>Wall time of the run, for epoch events in real time; null in virtual time (logs stay byte-identical).</summary>
    public Stopwatch? Wall { get; set; }
    public long StepsTaken { get; private set; }
    public EpochReport? LastEpoch { get; private set; }
    public int Epoch => _trainer.Epoch;
    public long TotalSteps => _trainer.TotalSteps;
    public HelmholtzMachine Machine { get { Owner.Check(); return _machine; } }
    public DrumLayer Drums { get { Owner.Check(); return _drums; } }
    public PreferenceDataset Dataset { get { Owner.Check(); return _dataset; } }

    /// <summary>The budget in steps by <paramref name="seconds"/> seconds into this run: floor(budget · t).</summary>
    private long BudgetAt(double seconds) => Budget is double b ? (long)Math.Floor(b * seconds) : long.MaxValue;

    /// <summary>
    /// Trains exactly floor(budget · t) steps in all by <paramref name="seconds"/> (seconds since this run began),
    /// in slices of <see cref="Slice"/> steps so that a stop is never kept waiting; each epoch that ends is stamped
    /// at the moment its last step was due. Then publishes what changed (steps or an applied judgement), so the next
    /// synthesis sees it. Returns false if stopped early by <paramref name="stop"/>.
    /// </summary>
    public bool AdvanceTo(double seconds, CancellationToken stop = default)
    {
        Owner.Check();
        if (Budget is not double budget) throw new InvalidOperationException("a free-running training loop has no budget to advance to.");
        long target = BudgetAt(seconds);
        while (_budgetUsed < target)
        {
            if (stop.IsCancellationRequested) return false;
            long before = _budgetUsed;
            long n = Math.Min(target - before, Slice);
            long taken = Train(n, local => _start + (before + local) / budget);
            _budgetUsed = before + n;
            StepsTaken += taken;
            if (taken > 0) _dirty = true;
        }
        PublishIfChanged();
        return true;
    }

    /// <summary>Free-running (real time without a budget): up to <paramref name="steps"/> steps, epochs stamped at <paramref name="now"/>.</summary>
    public long RunFree(long steps, double now)
    {
        Owner.Check();
        long taken = Train(steps, _ => now);
        StepsTaken += taken;
        if (taken > 0) _dirty = true;
        return taken;
    }

    /// <summary>A judgement reaches the niche and the drum layer.</summary>
    public void Apply(JudgementKind kind, int pattern, DrumSample drums)
    {
        Owner.Check();
        if (kind == JudgementKind.Like)
        {
            // Checked before the like is added: the dataset that is logged and checkpointed stays finite.
            if (!(_dataset.Total + _dataset.LikeIncrement <= PreferenceDataset.MaxTotal))
                throw new NicheOverflowException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the dataset's total would reach {_dataset.Total + _dataset.LikeIncrement:G4} after this like, past {PreferenceDataset.MaxTotal:G4} where counts stop adding exactly; the session stopped with the dataset before it. Fix: lower dataset.likeIncrement (now {_dataset.LikeIncrement:G4})"));
            _dataset.Like(pattern);
            _drums.Like(drums);
            _counters.AppliedLike();
        }
        else if (kind == JudgementKind.Dislike)
        {
            _dataset.Dislike(pattern);
            _counters.AppliedDislike();
        }
        _niche.Applied();
        _starved = false;
        _dirty = true;
    }

    /// <summary>True if something changed since the last publish.</summary>
    public bool Changed => _dirty;

    public void PublishIfChanged()
    {
        Owner.Check();
        if (!_dirty) return;
        Publish();
    }

    public void Publish()
    {
        Owner.Check();
        _snapshotVersion++;
        _snapshots.Publish(_machine, _drums, _snapshotVersion, _trainer.Epoch, _trainer.TotalSteps);
        _dirty = false;
    }

    /// <summary>
    /// Up to <paramref name="steps"/> wake-sleep steps, across epoch boundaries. The trainer's
    /// <see cref="DivergedException"/> passes through after the last published (finite) weights are restored.
    /// </summary>
    private long Train(long steps, Func<long, double> timeOfStep)
    {
        try
        {
            return TrainUnchecked(steps, timeOfStep);
        }
        catch (DivergedException)
        {
            // Back to the newest published weights (always finite: the trainer checks every slice before it returns,
            // and only what it returned is published), so that the final checkpoint and summary describe a usable
            // generator; the engine stops the session with the trainer's message (epoch, quantity, setting to lower).
            _machine.CopyFrom(_snapshots.Current.Machine);
            throw;
        }
    }

    private long TrainUnchecked(long steps, Func<long, double> timeOfStep)
    {
        long done = 0;
        // Idle until a judgement changes the dataset: rebuilding an epoch that cannot exist costs exact tables each time.
        if (_starved) return 0;
        while (done < steps)
        {
            if (!_trainer.InEpoch)
            {
                if (!_trainer.BeginEpoch(_niche.EpochData(_dataset)))
                {
                    _starved = true;
                    string reason = _dataset.Total <= 0
                        ? "the dataset is empty: every count was disliked away; training waits for a like"
                        : $"every count rounds to zero copies in an epoch of nData {_nData}; training waits for a like (or raise generator.nData to {_dataset.MinimumNData()} or more)";
                    _log.Write(new TrainingIdleEvent { T = timeOfStep(done), Reason = reason });
                    return done;
                }
                Reference?.Measure(timeOfStep(done), _counters.Patterns, _trainer.Exact.Patterns);
            }
            int chunk = (int)Math.Min(Math.Min(steps - done, int.MaxValue), _trainer.StepsLeftInEpoch);
            done += _trainer.Step(chunk);
            if (_trainer.StepsLeftInEpoch == 0)
            {
                var report = _trainer.EndEpoch();
                LastEpoch = report;
                double t = timeOfStep(done);
                _aggregate.Add(report);
                if (t - _lastEpochLogged >= EpochLogInterval) FlushEpochs(t);
                if (_checkpointEvery > 0 && report.Epoch % _checkpointEvery == 0) _checkpoint(t);
            }
        }
        return done;
    }

    /// <summary>At the stop: a partial epoch is closed and logged so that no training goes unreported.</summary>
    public void CloseAtStop(double t, bool diverged)
    {
        Owner.Check();
        if (_trainer.InEpoch && !diverged)
        {
            LastEpoch = _trainer.EndEpoch();
            _aggregate.Add(LastEpoch);
        }
        FlushEpochs(t);
    }

    /// <summary>
    /// The final divergences of the generator from the dataset (null when the dataset is empty), and the generator's
    /// exact distribution they were measured on (a copy: the own-taste measures take it too).
    /// </summary>
    public ((double KlDataGen, double KlGenData, double EntropyGen)? Divergences, double[] Generator) Evaluate()
    {
        Owner.Check();
        var divergences = _dataset.Total > 0 ? _trainer.Evaluate(_dataset) : ((double, double, double)?)null;
        if (divergences is null) _trainer.Exact.ComputeGenerative(_machine);
        return (divergences, _trainer.Exact.Patterns.ToArray());
    }

    /// <summary>Logs the epochs folded since the last epoch event.</summary>
    private void FlushEpochs(double t)
    {
        if (_aggregate.Count == 0 || LastEpoch is not { } r) return;
        // Divergences are those measured at the start of the newest epoch, on the generator distribution of that moment.
        var listener = _listenerMeasures(_trainer.Exact.Patterns);
        _log.Write(new EpochEvent
        {
            T = t,
            Epoch = r.Epoch,
            Steps = r.Steps,
            TotalSteps = _trainer.TotalSteps,
            Epochs = _aggregate.Count,
            AggregatedSteps = _aggregate.Count > 1 ? _aggregate.Steps : null,
            KlDataGen = LogEvent.R(r.KlDataGen),
            KlGenData = LogEvent.R(r.KlGenData),
            Entropy = LogEvent.R(r.EntropyGen),
            Loss = LogEvent.R(_aggregate.MeanLoss),
            WakeLoss = _aggregate.MeanWake(),
            SleepLoss = _aggregate.MeanSleep(),
            DatasetTotal = _dataset.Total,
            FalsePositiveRate = LogEvent.Finite(listener.FalsePositiveRate),
            KlListenerGen = LogEvent.Finite(listener.KlListenerGen),
            KlGenListener = LogEvent.Finite(listener.KlGenListener),
            Reference = Reference?.Latest,
            // Wall time only in real time: a virtual log must be byte-identical from run to run.
            WallSeconds = Wall is { } wall ? Math.Round(wall.Elapsed.TotalSeconds, 4) : null,
        });
        _lastEpochLogged = t;
        _aggregate.Clear();
    }

    /// <summary>The trainer's exact generative distribution as of the current epoch's start.</summary>
    public ReadOnlySpan<double> GeneratorDistribution => _trainer.Exact.Patterns;

    /// <summary>The state a checkpoint saves, read on the owning thread.</summary>
    public (int Epoch, long TotalSteps, Agents.Randomness.RandomState Train) CheckpointState()
    {
        Owner.Check();
        return (_trainer.Epoch, _trainer.TotalSteps, _random.State);
    }
}

/// <summary>The listener's side of an epoch event, measured on the generator distribution of the newest epoch's start.</summary>
internal delegate EpochListenerMeasures ListenerMeasure(ReadOnlySpan<double> generator);

/// <summary>The listener's side of an epoch event: how far the generator is from the simulated listener's taste.</summary>
internal readonly record struct EpochListenerMeasures(double? FalsePositiveRate, double? KlListenerGen, double? KlGenListener);
