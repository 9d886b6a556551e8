using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;
using ActionPerception.Audio;
using ActionPerception.Environment.Checkpoints;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// The shared world in which a generator and a listener meet: the four loops of the original (streaming,
/// synthesis, control, training) as steps that one scheduler calls (<c>Session.Engine.cs</c>); the mode is only
/// the clock that drives it (<c>Session.VirtualClock.cs</c>, <c>Session.RealtimeClock.cs</c>). Ownership: the
/// training loop owns the machine, drum layer and dataset; the synthesis loop owns the renderer and reads only
/// published snapshots; judgements reach training through the clock (inline in virtual time, a queue in real time).
/// </summary>
public sealed partial class Session : IDisposable
{
    private readonly Scenario _scenario;
    private readonly SessionParts _parts;
    private readonly SessionLog _log;

    // Training-owned state.
    private readonly HelmholtzMachine _machine;
    private readonly DrumLayer _drums;
    private readonly PreferenceDataset _dataset;
    private readonly WakeSleepTrainer _trainer;
    private long _snapshotVersion;
    private bool _starved;
    private EpochReport? _lastEpoch;
    private readonly EpochAggregate _aggregate = new();
    private readonly ReferenceTracker? _reference;
    private readonly TasteTracker _inferred;
    private readonly bool _posteriorNiche;
    private int _windowPatterns, _windowInside, _windowLikes, _windowDislikes;
    private TasteWindow? _lastWindow;

    // Synthesis-owned state.
    private readonly PatternRenderer _renderer;
    private readonly SeededRandom _dreamRng;
    private readonly SeededRandom _renderRng;
    private readonly double[][] _dreamStates;
    private readonly double[] _preActivation;
    private readonly DrumHit[] _hits;
    private readonly SynthesisHistory _history;

    private readonly SeededRandom _trainRng;
    private readonly SnapshotBox _snapshots;
    private readonly PlaybackTimeline _timeline;
    private readonly object _listenerGate = new();
    private readonly ITasteful? _taste;

    private readonly long _firstSerial;
    private readonly long _frameOffset;
    private long _patterns, _likes, _dislikes, _sent, _applied, _ignored;
    private string? _lastCheckpoint;
    private readonly Queue<string> _written = new();

    public Session(Scenario scenario, SessionParts parts)
    {
        _scenario = scenario;
        _parts = parts;
        _log = parts.Log;
        var render = scenario.RenderSettings;
        if (parts.Kit.SampleRate != render.SampleRate)
            throw new ArgumentException($"the kit is at {parts.Kit.SampleRate} Hz but the session at {render.SampleRate} Hz.");
        if (parts.Model.Drums is null)
            throw new ArgumentException("the generator has no drum layer.");
        if (parts.Model.Drums.Instruments != parts.Kit.Count)
            throw new ArgumentException($"the model's drum layer has {parts.Model.Drums.Instruments} instruments but the kit '{parts.Kit.Name}' has {parts.Kit.Count}. Fix: use a kit with {parts.Model.Drums.Instruments} instruments, or start from a fresh model.");
        if (parts.Dataset.PatternLength != parts.Model.Machine.VisibleUnits)
            throw new ArgumentException($"the dataset has {parts.Dataset.PatternLength} beats but the generator {parts.Model.Machine.VisibleUnits}.");
        if (parts.Output.SampleRate != render.SampleRate)
            throw new ArgumentException($"the output runs at {parts.Output.SampleRate} Hz but the session at {render.SampleRate} Hz.");

        _machine = parts.Model.Machine;
        _drums = parts.Model.Drums;
        _dataset = parts.Dataset;
        _renderer = new PatternRenderer(parts.Kit, render);
        BufferFrames = _renderer.BufferLength;
        SampleRate = render.SampleRate;
        BufferSeconds = (double)BufferFrames / SampleRate;
        LeadFrames = Math.Max(1, (long)Math.Round(scenario.Timing.Lead(BufferSeconds) * SampleRate));
        ShiftSeconds = scenario.Timing.Shift(BufferSeconds);
        DecisionSeconds = scenario.Timing.DecisionPoint * BufferSeconds;
        Budget = scenario.Training.StepsPerSecond;
        EpochLogInterval = scenario.Logging.EpochIntervalSeconds;

        ulong seed = scenario.Seed;
        var resume = parts.Resume;
        _trainRng = resume is null ? SeededRandom.Derive(seed, "train") : SeededRandom.FromState(resume.Train);
        _dreamRng = resume is null ? SeededRandom.Derive(seed, "dream") : SeededRandom.FromState(resume.Dream);
        _renderRng = resume is null ? SeededRandom.Derive(seed, "render") : SeededRandom.FromState(resume.Render);
        if (resume is not null) _renderer.SetTail(resume.RendererTail);
        _trainer = new WakeSleepTrainer(_machine, _trainRng, scenario.Generator.NData, epochData: scenario.Generator.EpochDataMode);
        if (resume is not null) _trainer.RestoreCounters(resume.Epoch, resume.TotalSteps);
        _firstSerial = resume?.NextSerial ?? 0;
        _frameOffset = _firstSerial * BufferFrames;

        _dreamStates = _machine.NewStates();
        _preActivation = new double[_machine.VisibleUnits];
        _hits = new DrumHit[_drums.Beats * _drums.Instruments];
        _snapshots = new SnapshotBox(_machine, _drums, _trainer.Epoch, _trainer.TotalSteps);
        _timeline = new PlaybackTimeline(SampleRate);
        _taste = parts.Listener as ITasteful;
        _history = new SynthesisHistory(BufferFrames);
        _history.Capture(_firstSerial, _dreamRng.State, _renderRng.State, _renderer.Tail);
        if (parts.Reference is { } reference)
        {
            if (reference.Support.Length != _machine.PatternCount)
                throw new ArgumentException($"the reference '{reference.Name}' has {reference.Support.Length} patterns but the generator {_machine.PatternCount}.");
            _reference = new ReferenceTracker(reference);
            // The starting generator's false-positive rate is this run's chance level.
            var exact = new ExactDistributions(_machine.Layers);
            exact.ComputeGenerative(_machine);
            _reference.Measure(Seconds(_frameOffset), 0, exact.Patterns);
        }
        _inferred = new TasteTracker(_machine.VisibleUnits, scenario.Analysis.TastePosterior, parts.Reference);
        _posteriorNiche = scenario.Generator.Niche == GeneratorScenario.PosteriorNiche;
    }

    public Scenario Scenario => _scenario;
    public int SampleRate { get; }
    public int BufferFrames { get; }
    public double BufferSeconds { get; }
    public long LeadFrames { get; }
    public double ShiftSeconds { get; }
    /// <summary>Seconds after a pattern's start at which a simulated listener decides (then reacts).</summary>
    public double DecisionSeconds { get; }
    /// <summary>Wake-sleep steps per second of audio; null is free-running (real time only).</summary>
    public double? Budget { get; }
    /// <summary>Epoch events are logged at most this often (seconds of audio); 0 logs every epoch.</summary>
    public double EpochLogInterval { get; }
    public PlaybackTimeline Timeline => _timeline;
    public bool Stopped => _stopped;

    /// <summary>
    /// From the keyboard, at most one like and one dislike count per pattern: later presses of the same key on the
    /// same pattern are logged as ignored ("repeated key"), so three quick presses are not +30.
    /// </summary>
    public bool OneKeyPerPattern { get; set; } = true;

    /// <summary>Raised (on the control side) when a pattern becomes audible: for live views.</summary>
    public event Action<Playing>? PatternStarted;

    /// <summary>Raised when a judgement has been attributed (applied or ignored), for live views.</summary>
    public event Action<JudgementEvent>? JudgementLogged;

    private long StartFrameOf(long serial) => serial * BufferFrames;
    private double Seconds(long frame) => (double)frame / SampleRate;
    private long FrameAt(double seconds) => (long)Math.Ceiling(seconds * SampleRate - 1e-9);

    // ---------------------------------------------------------------- header and events

    private void WriteHeader(SessionMode mode)
    {
        var listener = _parts.Listener is { } l
            ? l.Describe().ToDictionary(kv => kv.Key, kv => JsonSerializer.SerializeToElement(kv.Value, kv.Value?.GetType() ?? typeof(object), ActionPerception.IO.JsonFiles.Write))
            : null;
        _log.Write(new HeaderEvent
        {
            T = Seconds(_frameOffset),
            SchemaVersion = SessionLog.SchemaVersion,
            Format = SessionLog.Format,
            Mode = mode == SessionMode.Virtual ? "virtual" : "realtime",
            ListenerKind = _parts.Listener?.Kind ?? "human",
            Scenario = _scenario,
            Seeds = new HeaderSeeds(_scenario.Seed),
            Derived = new HeaderDerived
            {
                SampleRate = SampleRate,
                BufferFrames = BufferFrames,
                BufferSeconds = BufferSeconds,
                LeadSeconds = Seconds(LeadFrames),
                AttributionShiftSeconds = ShiftSeconds,
                DecisionSeconds = DecisionSeconds,
                StepsPerAudioSecond = Budget,
                Kit = _parts.Kit.Name,
                Instruments = [.. _parts.Kit.InstrumentNames],
                Output = _parts.Output.Description,
                EpochLogIntervalSeconds = EpochLogInterval,
            },
            InitialDataset = Agents.Files.DatasetFile.ToDto(_dataset),
            Listener = listener,
            ResumedFrom = _parts.Resume is { } r ? new ResumedFrom(r.FromCheckpoint, r.Time, r.NextSerial, r.Epoch, r.TotalSteps) : null,
            Versions = _parts.Provenance?.ToDictionary(kv => kv.Key, kv => kv.Value),
            TwinOf = _parts.TwinOf,
        });
    }

    private void LogPattern(Playing p)
    {
        _log.Write(new PatternEvent
        {
            T = Seconds(p.StartFrame),
            Serial = p.Serial,
            Pattern = p.Pattern,
            DatasetIndex = p.Pattern,
            Beats = PatternString(p.Pattern, _machine.VisibleUnits),
            StartFrame = p.StartFrame,
            EndFrame = p.EndFrame,
            Start = Seconds(p.StartFrame),
            End = Seconds(p.EndFrame),
            Snapshot = p.SnapshotVersion,
            Epoch = p.Epoch,
            Instruments = InstrumentPlay.FromDrums(p.Drums, _parts.Kit.InstrumentNames),
        });
    }

    /// <summary>Beat 0 first, 'x' on, '.' off (see <see cref="Agents.Pattern"/>).</summary>
    public static string PatternString(int pattern, int beats) => Agents.Pattern.BeatString(pattern, beats);

    // ---------------------------------------------------------------- synthesis loop

    /// <summary>Dream from the latest snapshot, sample the drum layer, render the buffer of playing <paramref name="serial"/>.</summary>
    private Playing Synthesize(long serial, Span<float> buffer)
    {
        var snap = _snapshots.Acquire();
        try
        {
            var m = snap.Machine;
            m.Dream(_dreamStates, _dreamRng);
            int pattern = HelmholtzMachine.UnitsToIndex(_dreamStates[0]);
            m.OutputPreActivation(_dreamStates, _preActivation);
            var sample = snap.Drums.NewSample(); // one small object per pattern: it lives on in the timeline and the log
            snap.Drums.Sample(pattern, _preActivation, _dreamRng, sample);
            int n = 0;
            for (int k = 0; k < sample.Beats; k++)
                for (int i = 0; i < sample.Instruments; i++)
                {
                    int c = k * sample.Instruments + i;
                    if (sample.Hit[c]) _hits[n++] = new DrumHit(i, k, (float)sample.Dynamic[c], sample.Division[c]);
                }
            _renderer.Render(_hits.AsSpan(0, n), _renderRng, buffer);
            // The state that produces serial + 1: a checkpoint taken while synthesis runs ahead resumes from it.
            _history.Capture(serial + 1, _dreamRng.State, _renderRng.State, _renderer.Tail);
            long start = StartFrameOf(serial);
            return new Playing(serial, pattern, sample, start, start + BufferFrames, snap.Version, snap.Epoch);
        }
        finally
        {
            SnapshotBox.Release(snap);
        }
    }

    // ---------------------------------------------------------------- a pattern becomes audible

    /// <summary>Record the playing on the timeline, log it, let the listener hear it; returns its response.</summary>
    private (ListenerResponse? Response, double Time) BecameAudible(Playing p)
    {
        if (_windowPatterns >= _scenario.Analysis.WindowPatterns) WriteWindow(Seconds(p.StartFrame));
        _windowPatterns++;
        if (_parts.Reference is { } reference && reference.Support[p.Pattern]) _windowInside++;
        _timeline.Add(p);
        Interlocked.Increment(ref _patterns);
        LogPattern(p);
        PatternStarted?.Invoke(p);
        double t = Seconds(p.StartFrame);
        if (_parts.Listener is not { } listener) return (null, t);
        ListenerResponse response;
        lock (_listenerGate)
            response = listener.Hear(new HeardPattern(p.Serial, p.Pattern, p.Drums, t, BufferSeconds));
        _log.Write(new PerceptionEvent
        {
            T = t,
            Serial = p.Serial,
            Pattern = p.Pattern,
            Action = response.Action is { } a ? KindName(a) : "none",
            ReactionSeconds = Math.Round(response.ReactionSeconds, 6),
            Measures = response.Measures?.ToDictionary(kv => kv.Key, kv => LogEvent.Finite(kv.Value)),
        });
        return (response, t);
    }

    internal static string KindName(JudgementKind k) => k switch
    {
        JudgementKind.Like => "like",
        JudgementKind.Dislike => "dislike",
        _ => "stop",
    };

    // ---------------------------------------------------------------- control loop: attribution

    /// <summary>A judgement attributed to a playing, ready for training.</summary>
    private sealed record Attributed(Judgement Judgement, Playing Playing);

    private readonly HashSet<(long Serial, JudgementKind Kind)> _keyed = [];

    /// <summary>
    /// Stamp, attribute and log a judgement: it applies to the pattern audible at t − shift. Judgements with no
    /// pattern to apply to are logged with the reason and otherwise ignored. Returns null when ignored or a stop.
    /// </summary>
    private Attributed? Attribute(Judgement j)
    {
        if (j.Kind == JudgementKind.Stop)
        {
            Logged(new JudgementEvent { T = j.Time, Kind = "stop", Made = j.Time, Source = j.Source, Status = JudgementEvent.StopStatus });
            return null;
        }
        double target = j.Time - ShiftSeconds;
        Playing? p = null;
        string? reason = null;
        if (j.Time > _stopTime) reason = "after stop";
        else
        {
            p = _timeline.At(_timeline.FrameOf(target));
            if (p is null)
            {
                var first = _timeline.Count == 0 ? null : _timeline.BySerial(_firstSerial);
                reason = first is null || _timeline.FrameOf(target) < first.StartFrame ? "before the first buffer" : "no pattern audible then";
            }
            else if (OneKeyPerPattern && j.Source.StartsWith(HumanSourcePrefix, StringComparison.Ordinal) && !_keyed.Add((p.Serial, j.Kind)))
            {
                reason = $"repeated key: one {KindName(j.Kind)} per pattern";
                p = null;
            }
        }
        Logged(new JudgementEvent
        {
            T = j.Time,
            Kind = KindName(j.Kind),
            Made = j.Time,
            AttributedTo = Math.Round(target, 6),
            Source = j.Source,
            HeardSerial = j.HeardSerial,
            Status = p is null ? JudgementEvent.Ignored : JudgementEvent.Applied,
            Serial = p?.Serial,
            Pattern = p?.Pattern,
            Reason = reason,
        });
        if (p is null)
        {
            Interlocked.Increment(ref _ignored);
            return null;
        }
        Interlocked.Increment(ref _sent);
        // Silence is not evidence: only applied likes and dislikes reach the taste posterior.
        _inferred.Observe(p.Pattern, j.Kind == JudgementKind.Like, publish: _posteriorNiche);
        if (j.Kind == JudgementKind.Like) _windowLikes++; else _windowDislikes++;
        return new Attributed(j, p);
    }

    private void Logged(JudgementEvent e)
    {
        _log.Write(e);
        JudgementLogged?.Invoke(e);
    }

    /// <summary>Judgements from a person carry a source starting with this.</summary>
    public const string HumanSourcePrefix = "human";

    /// <summary>Closes the current window of patterns: what was played and judged in it, and the taste posterior so far.</summary>
    private void WriteWindow(double t)
    {
        if (_windowPatterns == 0) return;
        _lastWindow = _inferred.Window();
        _log.Write(new WindowEvent
        {
            T = t,
            Patterns = Interlocked.Read(ref _patterns),
            Window = _windowPatterns,
            PlayedInsideReference = _parts.Reference is null ? null : LogEvent.R((double)_windowInside / _windowPatterns),
            Likes = _windowLikes,
            Dislikes = _windowDislikes,
            Taste = _lastWindow,
        });
        _windowPatterns = _windowInside = _windowLikes = _windowDislikes = 0;
    }

    // ---------------------------------------------------------------- training loop

    /// <summary>
    /// What an epoch is built from. The original's niche: the dataset's counts. The posterior niche: the same counts,
    /// each weighted by the taste posterior's P(like) of that pattern, so a judgement also moves patterns never judged
    /// that share its features.
    /// </summary>
    private PreferenceDataset NicheData()
    {
        if (!_posteriorNiche || _inferred.PLike is not { } pLike) return _dataset;
        var counts = _dataset.Counts;
        var weighted = new double[counts.Length];
        for (int i = 0; i < weighted.Length; i++) weighted[i] = counts[i] * pLike[i];
        return new PreferenceDataset(_dataset.PatternLength, weighted, _dataset.LikeIncrement, _dataset.DislikeDecrement);
    }

    /// <summary>A judgement reaches the niche and the drum layer (training-owned state).</summary>
    private void Apply(Attributed a)
    {
        if (a.Judgement.Kind == JudgementKind.Like)
        {
            _dataset.Like(a.Playing.Pattern);
            _drums.Like(a.Playing.Drums);
            Interlocked.Increment(ref _likes);
        }
        else if (a.Judgement.Kind == JudgementKind.Dislike)
        {
            _dataset.Dislike(a.Playing.Pattern);
            Interlocked.Increment(ref _dislikes);
        }
        Interlocked.Increment(ref _applied);
        _starved = false;
    }

    /// <summary>The training budget: exactly floor(budget · t) wake-sleep steps by <paramref name="frame"/>, on either clock.</summary>
    private long BudgetAt(long frame) => Budget is double b ? (long)Math.Floor(b * Seconds(frame - _frameOffset)) : long.MaxValue;

    /// <summary>
    /// Up to <paramref name="steps"/> wake-sleep steps, across epoch boundaries; epochs that end are logged at the
    /// time <paramref name="timeOfStep"/> gives for the steps taken so far in this call. Returns the steps taken
    /// (fewer when the dataset gives no epoch). The trainer's <see cref="DivergedException"/> passes through after
    /// the last published (finite) weights are restored.
    /// </summary>
    private long Train(long steps, Func<long, double> timeOfStep, Stopwatch wall)
    {
        try
        {
            return TrainUnchecked(steps, timeOfStep, wall);
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

    private long TrainUnchecked(long steps, Func<long, double> timeOfStep, Stopwatch wall)
    {
        long done = 0;
        // Idle until a judgement changes the dataset: rebuilding an epoch that cannot exist costs exact tables each time.
        if (_starved) return 0;
        while (done < steps)
        {
            if (!_trainer.InEpoch)
            {
                if (!_trainer.BeginEpoch(NicheData()))
                {
                    _starved = true;
                    string reason = _dataset.Total <= 0
                        ? "the dataset is empty: every count was disliked away; training waits for a like"
                        : $"every count rounds to zero copies in an epoch of nData {_scenario.Generator.NData}; training waits for a like (or raise generator.nData to {_dataset.MinimumNData()} or more)";
                    _log.Write(new TrainingIdleEvent { T = timeOfStep(done), Reason = reason });
                    return done;
                }
                _reference?.Measure(timeOfStep(done), Interlocked.Read(ref _patterns), _trainer.Exact.Patterns);
            }
            int chunk = (int)Math.Min(Math.Min(steps - done, int.MaxValue), _trainer.StepsLeftInEpoch);
            done += _trainer.Step(chunk);
            if (_trainer.StepsLeftInEpoch == 0)
            {
                var report = _trainer.EndEpoch();
                _lastEpoch = report;
                EpochEnded(report, timeOfStep(done), wall);
                int every = _scenario.Checkpoints.EveryEpochs;
                if (every > 0 && report.Epoch % every == 0) WriteCheckpoint(timeOfStep(done));
            }
        }
        return done;
    }

    private void Publish()
    {
        _snapshotVersion++;
        _snapshots.Publish(_machine, _drums, _snapshotVersion, _trainer.Epoch, _trainer.TotalSteps);
    }

    private double _lastEpochLogged = double.NegativeInfinity;

    /// <summary>Logs the epoch, or folds it into the aggregate when the previous epoch event is under the log interval ago.</summary>
    private void EpochEnded(EpochReport r, double t, Stopwatch wall)
    {
        _aggregate.Add(r);
        if (t - _lastEpochLogged < EpochLogInterval) return;
        FlushEpochs(t, wall);
    }

    private void FlushEpochs(double t, Stopwatch wall)
    {
        if (_aggregate.Count == 0 || _lastEpoch is not { } r) return;
        // Divergences are those measured at the start of the newest epoch, on the generator distribution of that moment.
        var gen = _trainer.Exact.Patterns;
        double? fp = null, klLG = null, klGL = null;
        if (_taste is not null)
        {
            lock (_listenerGate)
            {
                var taste = _taste.TasteDistribution;
                klLG = Divergence.KL(taste, gen);
                klGL = Divergence.KL(gen, taste);
                if (_taste.TasteSupport is { } support) fp = Agents.Tastes.Taste.FalsePositiveRate(gen, support);
            }
        }
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
            FalsePositiveRate = LogEvent.Finite(fp),
            KlListenerGen = LogEvent.Finite(klLG),
            KlGenListener = LogEvent.Finite(klGL),
            Reference = _reference?.Latest,
            // Wall time only in real time: a virtual log must be byte-identical from run to run.
            WallSeconds = _mode == SessionMode.Realtime ? Math.Round(wall.Elapsed.TotalSeconds, 4) : null,
        });
        _lastEpochLogged = t;
        _aggregate.Clear();
    }

    // ---------------------------------------------------------------- checkpoints

    private void WriteCheckpoint(double t)
    {
        if (_parts.CheckpointDirectory is not { } dir) return;
        long next = _firstSerial + Interlocked.Read(ref _patterns);
        // The next unheard pattern may already be synthesised (synthesis runs a lead ahead): resume from the state before it.
        var (dream, render, tail) = _history.Before(next);
        var cp = Checkpoint.Create(_scenario, t, next, _trainer.Epoch, _trainer.TotalSteps,
            new Agents.Files.GeneratorModel(_machine, _drums, _trainer.Epoch), _dataset, _trainRng.State, dream, render, tail);
        string name = string.Create(CultureInfo.InvariantCulture, $"checkpoint-epoch{_trainer.Epoch:000000}.json");
        string path = Path.Combine(dir, name);
        cp.Save(path);
        _lastCheckpoint = path;
        // Keep the newest few checkpoints of this session (checkpoints.keep; 0 keeps the whole trajectory).
        int keep = _scenario.Checkpoints.Keep;
        if (!_written.Contains(path)) _written.Enqueue(path);
        while (keep > 0 && _written.Count > keep)
        {
            string old = _written.Dequeue();
            if (old != path) File.Delete(old);
        }
        _log.Write(new CheckpointEvent { T = t, File = name, Epoch = _trainer.Epoch, TotalSteps = _trainer.TotalSteps });
    }

    // ---------------------------------------------------------------- summary

    public SessionStatus Status(double now) => new(now, _timeline.At(_timeline.FrameOf(now)), BufferSeconds,
        Interlocked.Read(ref _patterns), Interlocked.Read(ref _likes), Interlocked.Read(ref _dislikes),
        _trainer.Epoch, _lastEpoch?.KlDataGen, _parts.Output.Underruns, _stopped, _scenario.DurationSeconds, Seconds(_frameOffset));

    public void Dispose()
    {
        _parts.Output.Dispose();
        _log.Close();
    }
}
