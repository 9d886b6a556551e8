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
/// The shared world in which a generator and a listener meet. The four loops of the original are pieces that each
/// own their state and the thread allowed to touch it (<see cref="ThreadOwner"/>): the <see cref="TrainingLoop"/>
/// (machine, drum layer, dataset, trainer, snapshots), the <see cref="Synthesizer"/> (dreams and rendering, from
/// published snapshots only), the <see cref="Attributor"/> (which pattern a judgement applies to) and
/// <see cref="SessionCounters"/>. One engine (<c>Session.Engine.cs</c>) calls them from events on one queue; the mode
/// is only the clock that times the events (<see cref="IClock"/>) and where the loops run (<see cref="ISessionLoops"/>).
/// </summary>
public sealed partial class Session : IDisposable
{
    private readonly Scenario _scenario;
    private readonly SessionParts _parts;
    private readonly SessionLog _log;
    private readonly TrainingLoop _training;
    private readonly Synthesizer _synthesizer;
    private readonly Attributor _attributor;
    private readonly SessionCounters _counters = new();
    private readonly PlaybackTimeline _timeline;
    // The simulated listener is heard on the engine's thread and its taste read by the training loop's epoch events.
    private readonly object _listenerGate = new();
    private readonly ITasteful? _taste;
    private readonly ReferenceTracker? _reference;

    // Engine-owned: the inferred taste and the current window of patterns.
    private readonly TasteTracker _inferred;
    private readonly double[] _startDistribution;
    private readonly bool _posteriorNiche;
    private readonly bool _publishSnapshot;
    private int _windowPatterns, _windowInside, _windowLikes, _windowDislikes;
    // The listener's reliability toward the reference: heard, liked and disliked, inside and outside it.
    private int _heardInside, _heardOutside, _likedInside, _dislikedInside, _likedOutside, _dislikedOutside;
    private TasteWindow? _lastWindow;

    private readonly long _firstSerial;
    private readonly long _frameOffset;
    // Checkpoints are written by whichever thread owns the training loop at the time.
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

        var machine = parts.Model.Machine;
        var drums = parts.Model.Drums;
        var renderer = new PatternRenderer(parts.Kit, render);
        BufferFrames = renderer.BufferLength;
        SampleRate = render.SampleRate;
        BufferSeconds = (double)BufferFrames / SampleRate;
        LeadFrames = Math.Max(1, (long)Math.Round(scenario.Timing.Lead(BufferSeconds) * SampleRate));
        DecisionSeconds = scenario.Timing.DecisionPoint * BufferSeconds;
        Budget = scenario.Training.StepsPerSecond;
        EpochLogInterval = scenario.Logging.EpochIntervalSeconds;

        ulong seed = scenario.Seed;
        var resume = parts.Resume;
        var trainRng = resume is null ? SeededRandom.Derive(seed, "train") : SeededRandom.FromState(resume.Train);
        var dreamRng = resume is null ? SeededRandom.Derive(seed, "dream") : SeededRandom.FromState(resume.Dream);
        var renderRng = resume is null ? SeededRandom.Derive(seed, "render") : SeededRandom.FromState(resume.Render);
        if (resume is not null) renderer.SetTail(resume.RendererTail);
        var trainer = new WakeSleepTrainer(machine, trainRng, scenario.Generator.NData, epochData: scenario.Generator.EpochDataMode);
        if (resume is not null) trainer.RestoreCounters(resume.Epoch, resume.TotalSteps);
        _firstSerial = resume?.NextSerial ?? 0;
        _frameOffset = _firstSerial * BufferFrames;

        _timeline = new PlaybackTimeline(SampleRate);
        _taste = parts.Listener as ITasteful;
        _inferred = new TasteTracker(machine.VisibleUnits, scenario.Analysis.TastePosterior, parts.Reference);
        var epistemic = scenario.Generator.Play == GeneratorRules.EpistemicPlay
            ? new EpistemicPlay(scenario.Generator.Epistemic, machine, scenario.Analysis.TastePosterior, () => _inferred.Snapshot)
            : null;
        _synthesizer = new Synthesizer(renderer, dreamRng, renderRng, machine, drums.Beats, drums.Instruments, _firstSerial, epistemic);
        _attributor = new Attributor(_timeline, scenario.Timing.Shift(BufferSeconds), _firstSerial);
        // The starting generator, kept for the own-taste measures at the end (its chance level).
        var startExact = new ExactDistributions(machine.Layers);
        startExact.ComputeGenerative(machine);
        _startDistribution = startExact.Patterns.ToArray();
        if (parts.Reference is { } reference)
        {
            if (reference.Support.Length != machine.PatternCount)
                throw new ArgumentException($"the reference '{reference.Name}' has {reference.Support.Length} patterns but the generator {machine.PatternCount}.");
            _reference = new ReferenceTracker(reference);
            // The starting generator's false-positive rate is this run's chance level.
            _reference.Measure(Seconds(_frameOffset), 0, _startDistribution);
        }
        _posteriorNiche = scenario.Generator.Niche == GeneratorScenario.PosteriorNiche;
        bool predictive = scenario.Generator.Niche == GeneratorScenario.PredictiveNiche;
        _publishSnapshot = predictive || epistemic is not null;
        INiche niche = predictive ? new PredictiveNiche(_inferred, machine.VisibleUnits, scenario.Generator.Predictive)
            : _posteriorNiche ? new PosteriorNiche(_inferred) : new CountsNiche();
        if (resume?.TasteJudgements is { Count: > 0 } observed)
        {
            // The posterior continues from the checkpoint's judgements, and the niche trains toward it from the first epoch.
            _inferred.Replay(observed, publish: _posteriorNiche, publishSnapshot: _publishSnapshot);
            niche.Applied();
        }
        _training = new TrainingLoop(machine, drums, parts.Dataset, trainer, trainRng, niche, _log, _counters, _reference,
            Budget, Seconds(_frameOffset), EpochLogInterval, scenario.Checkpoints.EveryEpochs, scenario.Generator.NData,
            MeasureListener, WriteCheckpoint);
    }

    public Scenario Scenario => _scenario;
    public int SampleRate { get; }
    public int BufferFrames { get; }
    public double BufferSeconds { get; }
    public long LeadFrames { get; }
    public double ShiftSeconds => _attributor.ShiftSeconds;
    /// <summary>Seconds after a pattern's start at which a simulated listener decides (then reacts).</summary>
    public double DecisionSeconds { get; }
    /// <summary>Wake-sleep steps per second of audio; null is free-running (real time only).</summary>
    public double? Budget { get; }
    /// <summary>Epoch events are logged at most this often (seconds of audio); 0 logs every epoch.</summary>
    public double EpochLogInterval { get; }
    public PlaybackTimeline Timeline => _timeline;
    public bool Stopped => _stopped;
    /// <summary>What has been counted so far; safe to read from any thread.</summary>
    public SessionCounters Counters => _counters;

    /// <summary>
    /// From the keyboard, at most one like and one dislike count per pattern: later presses of the same key on the
    /// same pattern are logged as ignored ("repeated key"), so three quick presses are not +30.
    /// </summary>
    public bool OneKeyPerPattern { get => _attributor.OneKeyPerPattern; set => _attributor.OneKeyPerPattern = value; }

    /// <summary>Raised (on the engine's thread) when a pattern becomes audible: for live views.</summary>
    public event Action<Playing>? PatternStarted;

    /// <summary>Raised (on the engine's thread) when a judgement has been attributed (applied or ignored), for live views.</summary>
    public event Action<JudgementEvent>? JudgementLogged;

    private long StartFrameOf(long serial) => serial * BufferFrames;
    private double Seconds(long frame) => (double)frame / SampleRate;
    private double RunSeconds(long frame) => Seconds(frame - _frameOffset);
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
            InitialDataset = Agents.Files.DatasetFile.ToDto(_parts.Dataset),
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
            Beats = PatternString(p.Pattern, _parts.Model.Machine.VisibleUnits),
            StartFrame = p.StartFrame,
            EndFrame = p.EndFrame,
            Start = Seconds(p.StartFrame),
            End = Seconds(p.EndFrame),
            Snapshot = p.SnapshotVersion,
            Epoch = p.Epoch,
            Instruments = InstrumentPlay.FromDrums(p.Drums, _parts.Kit.InstrumentNames),
            Play = p.Choice,
        });
    }

    /// <summary>Beat 0 first, 'x' on, '.' off (see <see cref="Agents.Pattern"/>).</summary>
    public static string PatternString(int pattern, int beats) => Agents.Pattern.BeatString(pattern, beats);

    // ---------------------------------------------------------------- a pattern becomes audible (engine's thread)

    /// <summary>Record the playing on the timeline, log it, let the listener hear it; returns its response.</summary>
    private (ListenerResponse? Response, double Time) BecameAudible(Playing p)
    {
        if (_windowPatterns >= _scenario.Analysis.WindowPatterns) WriteWindow(Seconds(p.StartFrame));
        _windowPatterns++;
        if (_parts.Reference is { } reference)
        {
            if (reference.Support[p.Pattern]) { _windowInside++; _heardInside++; }
            else _heardOutside++;
        }
        _timeline.Add(p);
        _counters.Heard();
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
            Action = response.Action is { } a ? JudgementKinds.Name(a) : "none",
            ReactionSeconds = Math.Round(response.ReactionSeconds, 6),
            Measures = response.Measures?.ToDictionary(kv => kv.Key, kv => LogEvent.Finite(kv.Value)),
        });
        return (response, t);
    }

    // ---------------------------------------------------------------- control: attribution (engine's thread)

    /// <summary>
    /// Attribute and log a judgement (see <see cref="Attributor"/>); returns the playing it applies to, or null when
    /// ignored or a stop. An applied like or dislike also reaches the taste posterior.
    /// </summary>
    private Playing? Attribute(Judgement j)
    {
        var (e, p) = _attributor.Attribute(j, _stopTime);
        _log.Write(e);
        JudgementLogged?.Invoke(e);
        if (j.Kind == JudgementKind.Stop) return null;
        if (p is null)
        {
            _counters.Ignore();
            return null;
        }
        _counters.Attributed();
        // Silence is not evidence: only applied likes and dislikes reach the taste posterior.
        _inferred.Observe(p.Pattern, j.Kind == JudgementKind.Like, publish: _posteriorNiche, publishSnapshot: _publishSnapshot);
        if (j.Kind == JudgementKind.Like) _windowLikes++; else _windowDislikes++;
        if (_parts.Reference is { } r)
        {
            bool inside = r.Support[p.Pattern], like = j.Kind == JudgementKind.Like;
            if (inside) { if (like) _likedInside++; else _dislikedInside++; }
            else if (like) _likedOutside++; else _dislikedOutside++;
        }
        return p;
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
            Patterns = _counters.Patterns,
            Window = _windowPatterns,
            PlayedInsideReference = _parts.Reference is null ? null : LogEvent.R((double)_windowInside / _windowPatterns),
            Likes = _windowLikes,
            Dislikes = _windowDislikes,
            Taste = _lastWindow,
        });
        _windowPatterns = _windowInside = _windowLikes = _windowDislikes = 0;
    }

    /// <summary>How far the generator is from a simulated listener's taste (for epoch events; the training loop's thread).</summary>
    private EpochListenerMeasures MeasureListener(ReadOnlySpan<double> gen)
    {
        if (_taste is null) return default;
        lock (_listenerGate)
        {
            var taste = _taste.TasteDistribution;
            double? fp = _taste.TasteSupport is { } support ? Agents.Tastes.Taste.FalsePositiveRate(gen, support) : null;
            return new EpochListenerMeasures(fp, Divergence.KL(taste, gen), Divergence.KL(gen, taste));
        }
    }

    // ---------------------------------------------------------------- checkpoints (the training loop's owner)

    private void WriteCheckpoint(double t)
    {
        if (_parts.CheckpointDirectory is not { } dir) return;
        long next = _firstSerial + _counters.Patterns;
        // The next unheard pattern may already be synthesised (synthesis runs a lead ahead): resume from the state before it.
        var (dream, render, tail) = _synthesizer.History.Before(next);
        var (epoch, totalSteps, train) = _training.CheckpointState();
        var cp = Checkpoint.Create(_scenario, t, next, epoch, totalSteps,
            new Agents.Files.GeneratorModel(_training.Machine, _training.Drums, epoch), _training.Dataset, train, dream, render, tail, _inferred.History());
        string name = string.Create(CultureInfo.InvariantCulture, $"checkpoint-epoch{epoch:000000}.json");
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
        _log.Write(new CheckpointEvent { T = t, File = name, Epoch = epoch, TotalSteps = totalSteps });
    }

    // ---------------------------------------------------------------- the information limit (engine's thread, at the end)

    /// <summary>
    /// The run's information limit (its listener's reliability, replayed on uniformly drawn patterns) and the verdict
    /// on its convergence beside it; nulls without a reference.
    /// </summary>
    private (InformationLimit? Limit, ConvergenceVerdict? Verdict) Limit(Agents.Tastes.ConvergenceSummary? convergence)
    {
        if (_parts.Reference is not { } reference || convergence is null) return (null, null);
        var reliability = new ListenerReliability(_heardInside, _heardOutside, _likedInside, _dislikedInside, _likedOutside, _dislikedOutside);
        var limit = InformationLimit.FromReliability(reference, reliability, _scenario.Seed, _scenario.Analysis.TastePosterior, _scenario.Generator.Predictive);
        return (limit, ConvergenceVerdict.Judge(convergence, limit, reliability.Judgements, _scenario.Generator.Niche));
    }

    // ---------------------------------------------------------------- status and disposal

    public SessionStatus Status(double now) => new(now, _timeline.At(_timeline.FrameOf(now)), BufferSeconds,
        _counters.Patterns, _counters.Likes, _counters.Dislikes,
        _training.Epoch, _training.LastEpoch?.KlDataGen, _parts.Output.Underruns, _stopped, _scenario.DurationSeconds, Seconds(_frameOffset));

    /// <summary>
    /// Closes the log and the output. If a loop did not stop (a device hung inside a write), the output is left
    /// open: closing a device under a write in progress can crash its driver; the process exit releases it.
    /// </summary>
    public void Dispose()
    {
        if (_loopsJoined) _parts.Output.Dispose();
        _log.Close();
    }
}
