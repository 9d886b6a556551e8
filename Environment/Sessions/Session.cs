using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;
using ActionPerception.Audio;
using ActionPerception.Environment.Checkpoints;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// The shared world in which a generator and a listener meet: the four loops of the original (streaming,
/// synthesis, control, training) as steps that a driver calls — the virtual driver from a deterministic event
/// queue, the real-time driver from four threads. The loops see only a clock and their inputs, so one code path
/// serves both modes. Ownership: the training loop owns the machine, drum layer and dataset; the synthesis loop
/// owns the renderer and reads only published snapshots; judgements reach training through a queue.
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
    private double? _lastKl;

    // Synthesis-owned state.
    private readonly PatternRenderer _renderer;
    private readonly SeededRandom _dreamRng;
    private readonly SeededRandom _renderRng;
    private readonly double[][] _dreamStates;
    private readonly double[] _preActivation;
    private readonly DrumHit[] _hits;
    private volatile SynthesisState _synthesisState;

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
    private volatile bool _stopped;
    private double _stopTime = double.PositiveInfinity;
    private string _stopReason = "";
    private readonly object _stopGate = new();
    // Synthesis state (random sources and ringing tail) as it was just before each serial was synthesised, so that a
    // checkpoint taken while synthesis runs ahead still resumes with the state that produces the next unheard pattern.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, SynthesisState> _preSynthesis = new();

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

        ulong seed = scenario.Seed;
        var resume = parts.Resume;
        _trainRng = resume is null ? SeededRandom.Derive(seed, "train") : SeededRandom.FromState(resume.Train);
        _dreamRng = resume is null ? SeededRandom.Derive(seed, "dream") : SeededRandom.FromState(resume.Dream);
        _renderRng = resume is null ? SeededRandom.Derive(seed, "render") : SeededRandom.FromState(resume.Render);
        if (resume is not null) _renderer.SetTail(resume.RendererTail);
        _trainer = new WakeSleepTrainer(_machine, _trainRng, scenario.Generator.NData);
        if (resume is not null) _trainer.RestoreCounters(resume.Epoch, resume.TotalSteps);
        _firstSerial = resume?.NextSerial ?? 0;
        _frameOffset = _firstSerial * BufferFrames;

        _dreamStates = _machine.NewStates();
        _preActivation = new double[_machine.VisibleUnits];
        _hits = new DrumHit[_drums.Beats * _drums.Instruments];
        _snapshots = new SnapshotBox(new GeneratorSnapshot(_machine, _drums, 0, _trainer.Epoch, _trainer.TotalSteps));
        _timeline = new PlaybackTimeline(SampleRate);
        _taste = parts.Listener as ITasteful;
        _synthesisState = CaptureSynthesisState();
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
    public PlaybackTimeline Timeline => _timeline;
    public bool Stopped => _stopped;

    /// <summary>Raised (on the streaming side) when a pattern becomes audible: for live views.</summary>
    public event Action<Playing>? PatternStarted;

    private long StartFrameOf(long serial) => serial * BufferFrames;
    private double Seconds(long frame) => (double)frame / SampleRate;

    // ---------------------------------------------------------------- header and events

    private void WriteHeader(string mode)
    {
        _log.Write("header", Seconds(_frameOffset), w =>
        {
            w.WriteNumber("schemaVersion", SessionLog.SchemaVersion);
            w.WriteString("format", SessionLog.Format);
            w.WriteString("mode", mode);
            w.WriteString("listenerKind", _parts.Listener?.Kind ?? "human");
            w.WritePropertyName("scenario");
            JsonSerializer.Serialize(w, _scenario, Agents.Files.JsonFiles.Write);
            w.WriteStartObject("seeds");
            w.WriteNumber("session", _scenario.Seed);
            foreach (var name in new[] { "init", "drums", "train", "dream", "render", "listener" })
                w.WriteString(name, name);
            w.WriteEndObject();
            w.WriteStartObject("derived");
            w.WriteNumber("sampleRate", SampleRate);
            w.WriteNumber("bufferFrames", BufferFrames);
            w.WriteNumber("bufferSeconds", BufferSeconds);
            w.WriteNumber("leadSeconds", Seconds(LeadFrames));
            w.WriteNumber("attributionShiftSeconds", ShiftSeconds);
            w.WriteNumber("decisionSeconds", DecisionSeconds);
            if (Budget is double b) w.WriteNumber("stepsPerAudioSecond", b); else w.WriteString("stepsPerAudioSecond", "max");
            w.WriteString("kit", _parts.Kit.Name);
            w.WriteStartArray("instruments");
            foreach (var n in _parts.Kit.InstrumentNames) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteString("output", _parts.Output.Description);
            w.WriteEndObject();
            // The starting dataset itself, so that analyses rebuild the dataset from the log alone, whatever file it came from.
            w.WriteStartObject("initialDataset");
            w.WriteNumber("patternLength", _dataset.PatternLength);
            w.WriteNumber("likeIncrement", _dataset.LikeIncrement);
            w.WriteNumber("dislikeDecrement", _dataset.DislikeDecrement);
            w.WriteStartArray("counts");
            foreach (double c in _dataset.Counts) w.WriteNumberValue(c);
            w.WriteEndArray();
            w.WriteEndObject();
            if (_parts.Listener is { } listener)
            {
                w.WriteStartObject("listener");
                foreach (var (k, v) in listener.Describe())
                {
                    w.WritePropertyName(k);
                    JsonSerializer.Serialize(w, v, v?.GetType() ?? typeof(object), Agents.Files.JsonFiles.Write);
                }
                w.WriteEndObject();
            }
            if (_parts.Resume is { } r)
            {
                w.WriteStartObject("resumedFrom");
                w.WriteString("checkpoint", r.FromCheckpoint);
                w.WriteNumber("time", r.Time);
                w.WriteNumber("nextSerial", r.NextSerial);
                w.WriteNumber("epoch", r.Epoch);
                w.WriteNumber("totalSteps", r.TotalSteps);
                w.WriteEndObject();
            }
            if (_parts.Provenance is { } prov)
            {
                w.WriteStartObject("versions");
                foreach (var (k, v) in prov) w.WriteString(k, v);
                w.WriteEndObject();
            }
        });
    }

    private void LogPattern(Playing p)
    {
        _log.Write("pattern", Seconds(p.StartFrame), w =>
        {
            w.WriteNumber("serial", p.Serial);
            w.WriteNumber("pattern", p.Pattern);
            w.WriteNumber("datasetIndex", p.Pattern);
            w.WriteString("beats", PatternString(p.Pattern, _machine.VisibleUnits));
            w.WriteNumber("startFrame", p.StartFrame);
            w.WriteNumber("endFrame", p.EndFrame);
            w.WriteNumber("start", Seconds(p.StartFrame));
            w.WriteNumber("end", Seconds(p.EndFrame));
            w.WriteNumber("snapshot", p.SnapshotVersion);
            w.WriteNumber("epoch", p.Epoch);
            w.WriteStartArray("instruments");
            var d = p.Drums;
            for (int i = 0; i < d.Instruments; i++)
            {
                w.WriteStartObject();
                w.WriteString("name", _parts.Kit.InstrumentNames[i]);
                w.WriteStartArray("hits");
                for (int k = 0; k < d.Beats; k++) w.WriteNumberValue(d.Hit[k * d.Instruments + i] ? 1 : 0);
                w.WriteEndArray();
                w.WriteStartArray("dynamics");
                for (int k = 0; k < d.Beats; k++) w.WriteNumberValue(Math.Round(d.Dynamic[k * d.Instruments + i], 6));
                w.WriteEndArray();
                w.WriteStartArray("divisions");
                for (int k = 0; k < d.Beats; k++) w.WriteNumberValue(d.Division[k * d.Instruments + i]);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    public static string PatternString(int pattern, int beats)
    {
        Span<char> c = stackalloc char[beats];
        for (int k = 0; k < beats; k++) c[k] = HelmholtzMachine.Beat(pattern, beats, k) == 1 ? 'x' : '.';
        return new string(c);
    }

    // ---------------------------------------------------------------- synthesis loop

    private sealed record SynthesisState(RandomState Dream, RandomState Render, float[] Tail);

    private SynthesisState CaptureSynthesisState() => new(_dreamRng.State, _renderRng.State, _renderer.Tail.ToArray());

    /// <summary>Dream from the latest snapshot, sample the drum layer, render the buffer of playing <paramref name="serial"/>.</summary>
    private Playing Synthesize(long serial, Span<float> buffer)
    {
        _preSynthesis[serial] = _synthesisState;
        _preSynthesis.TryRemove(serial - 4, out _);
        var snap = _snapshots.Current;
        var m = snap.Machine;
        m.Dream(_dreamStates, _dreamRng);
        int pattern = HelmholtzMachine.UnitsToIndex(_dreamStates[0]);
        m.OutputPreActivation(_dreamStates, _preActivation);
        var sample = snap.Drums.NewSample(); // one small allocation per buffer: it lives on in the timeline
        snap.Drums.Sample(pattern, _preActivation, _dreamRng, sample);
        int n = 0;
        for (int k = 0; k < sample.Beats; k++)
            for (int i = 0; i < sample.Instruments; i++)
            {
                int c = k * sample.Instruments + i;
                if (sample.Hit[c]) _hits[n++] = new DrumHit(i, k, (float)sample.Dynamic[c], sample.Division[c]);
            }
        _renderer.Render(_hits.AsSpan(0, n), _renderRng, buffer);
        _synthesisState = CaptureSynthesisState();
        long start = StartFrameOf(serial);
        return new Playing(serial, pattern, sample, start, start + BufferFrames, snap.Version, snap.Epoch);
    }

    // ---------------------------------------------------------------- streaming side: a pattern becomes audible

    /// <summary>Record the playing on the timeline, log it, let the listener hear it; returns its response.</summary>
    private (ListenerResponse? Response, double Time) BecameAudible(Playing p)
    {
        _timeline.Add(p);
        Interlocked.Increment(ref _patterns);
        LogPattern(p);
        PatternStarted?.Invoke(p);
        double t = Seconds(p.StartFrame);
        if (_parts.Listener is not { } listener) return (null, t);
        ListenerResponse response;
        lock (_listenerGate)
            response = listener.Hear(new HeardPattern(p.Serial, p.Pattern, p.Drums, t, BufferSeconds));
        _log.Write("perception", t, w =>
        {
            w.WriteNumber("serial", p.Serial);
            w.WriteNumber("pattern", p.Pattern);
            w.WriteString("action", response.Action is { } a ? KindName(a) : "none");
            w.WriteNumber("reactionSeconds", Math.Round(response.ReactionSeconds, 6));
            if (response.Measures is { } measures)
            {
                w.WriteStartObject("measures");
                foreach (var (k, v) in measures) WriteNumberOrNull(w, k, v);
                w.WriteEndObject();
            }
        });
        return (response, t);
    }

    internal static string KindName(JudgementKind k) => k switch
    {
        JudgementKind.Like => "like",
        JudgementKind.Dislike => "dislike",
        _ => "stop",
    };

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, Math.Round(v, 9)); else w.WriteNull(name);
    }

    // ---------------------------------------------------------------- control loop: attribution

    /// <summary>A judgement attributed to a playing, ready for training.</summary>
    private sealed record Attributed(Judgement Judgement, Playing Playing);

    /// <summary>
    /// Stamp, attribute and log a judgement: it applies to the pattern audible at t − shift. Judgements with no
    /// pattern to apply to are logged with the reason and otherwise ignored. Returns null when ignored or a stop.
    /// </summary>
    private Attributed? Attribute(Judgement j)
    {
        if (j.Kind == JudgementKind.Stop)
        {
            _log.Write("judgement", j.Time, w =>
            {
                w.WriteString("kind", "stop");
                w.WriteNumber("made", j.Time);
                w.WriteString("source", j.Source);
                w.WriteString("status", "stop");
            });
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
        }
        _log.Write("judgement", j.Time, w =>
        {
            w.WriteString("kind", KindName(j.Kind));
            w.WriteNumber("made", j.Time);
            w.WriteNumber("attributedTo", Math.Round(target, 6));
            w.WriteString("source", j.Source);
            if (j.HeardSerial is long hs) w.WriteNumber("heardSerial", hs);
            if (p is not null)
            {
                w.WriteString("status", "applied");
                w.WriteNumber("serial", p.Serial);
                w.WriteNumber("pattern", p.Pattern);
            }
            else
            {
                w.WriteString("status", "ignored");
                w.WriteString("reason", reason);
            }
        });
        if (p is null)
        {
            Interlocked.Increment(ref _ignored);
            return null;
        }
        Interlocked.Increment(ref _sent);
        return new Attributed(j, p);
    }

    /// <summary>
    /// A judgement still in flight when the session stopped: made before the stop, it is applied (the listener
    /// acted in time); made after, it is logged as ignored. Only call once the training loop has stopped.
    /// </summary>
    private void Settle(Judgement j)
    {
        if (j.Kind == JudgementKind.Stop) return;
        if (Attribute(j) is { } a) Apply(a);
    }

    // ---------------------------------------------------------------- training loop

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

    /// <summary>
    /// Up to <paramref name="steps"/> wake-sleep steps, across epoch boundaries; epochs that end are logged at the
    /// time <paramref name="timeOfStep"/> gives for the steps taken so far in this call. Returns the steps taken
    /// (fewer when the dataset is empty).
    /// </summary>
    private long Train(long steps, Func<long, double> timeOfStep, Stopwatch wall)
    {
        long done = 0;
        // Idle until a judgement changes the dataset: rebuilding an epoch that cannot exist costs exact tables each time.
        if (_starved) return 0;
        while (done < steps)
        {
            if (!_trainer.InEpoch)
            {
                if (!_trainer.BeginEpoch(_dataset))
                {
                    _starved = true;
                    string reason = _dataset.Total <= 0
                        ? "the dataset is empty: every count was disliked away; training waits for a like"
                        : $"every count rounds to zero copies in an epoch of nData {_scenario.Generator.NData}; training waits for a like (or raise generator.nData)";
                    _log.Write("training-idle", timeOfStep(done), w => w.WriteString("reason", reason));
                    return done;
                }
                _lastKl = null;
            }
            int chunk = (int)Math.Min(steps - done, int.MaxValue);
            done += _trainer.Step(chunk);
            if (_trainer.StepsLeftInEpoch == 0)
            {
                var report = _trainer.EndEpoch();
                _lastEpoch = report;
                _lastKl = report.KlDataGen;
                LogEpoch(report, timeOfStep(done), wall);
                int every = _scenario.Checkpoints.EveryEpochs;
                if (every > 0 && report.Epoch % every == 0) WriteCheckpoint(timeOfStep(done));
            }
        }
        return done;
    }

    private void Publish()
    {
        _snapshotVersion++;
        _snapshots.Publish(new GeneratorSnapshot(_machine, _drums, _snapshotVersion, _trainer.Epoch, _trainer.TotalSteps));
    }

    private void LogEpoch(EpochReport r, double t, Stopwatch wall)
    {
        // Divergences are those measured at the start of the epoch, on the generator distribution of that moment.
        var gen = _trainer.Exact.Patterns;
        double? fp = null, klLG = null, klGL = null;
        if (_taste is not null)
        {
            lock (_listenerGate)
            {
                var taste = _taste.TasteDistribution;
                klLG = Divergence.KL(taste, gen);
                klGL = Divergence.KL(gen, taste);
                if (_taste.TasteSupport is { } support)
                {
                    double outside = 0;
                    for (int i = 0; i < gen.Length; i++) if (!support[i]) outside += gen[i];
                    fp = outside;
                }
            }
        }
        bool realtime = _mode == SessionMode.Realtime;
        _log.Write("epoch", t, w =>
        {
            w.WriteNumber("epoch", r.Epoch);
            w.WriteNumber("steps", r.Steps);
            w.WriteNumber("totalSteps", _trainer.TotalSteps);
            w.WriteNumber("klDataGen", Math.Round(r.KlDataGen, 9));
            w.WriteNumber("klGenData", Math.Round(r.KlGenData, 9));
            w.WriteNumber("entropy", Math.Round(r.EntropyGen, 9));
            w.WriteNumber("loss", Math.Round(r.TotalLoss, 9));
            w.WriteStartArray("wakeLoss");
            foreach (var v in r.WakeLoss) w.WriteNumberValue(Math.Round(v, 9));
            w.WriteEndArray();
            w.WriteStartArray("sleepLoss");
            foreach (var v in r.SleepLoss) w.WriteNumberValue(Math.Round(v, 9));
            w.WriteEndArray();
            w.WriteNumber("datasetTotal", _dataset.Total);
            if (fp is double f) w.WriteNumber("falsePositiveRate", Math.Round(f, 9));
            if (klLG is double a) w.WriteNumber("klListenerGen", Math.Round(a, 9));
            if (klGL is double b) w.WriteNumber("klGenListener", Math.Round(b, 9));
            // Wall time only in real time: a virtual log must be byte-identical from run to run.
            if (realtime) w.WriteNumber("wallSeconds", Math.Round(wall.Elapsed.TotalSeconds, 4));
        });
    }

    // ---------------------------------------------------------------- checkpoints

    private void WriteCheckpoint(double t)
    {
        if (_parts.CheckpointDirectory is not { } dir) return;
        long next = _firstSerial + Interlocked.Read(ref _patterns);
        // The next unheard pattern may already be synthesised (synthesis runs a lead ahead): resume from the state before it.
        var synth = _preSynthesis.TryGetValue(next, out var before) ? before : _synthesisState;
        var cp = Checkpoint.Create(_scenario, t, next, _trainer.Epoch, _trainer.TotalSteps,
            new Agents.Files.GeneratorModel(_machine, _drums, _trainer.Epoch), _dataset, _trainRng.State, synth.Dream, synth.Render, synth.Tail);
        string name = string.Create(CultureInfo.InvariantCulture, $"checkpoint-epoch{_trainer.Epoch:000000}.json");
        string path = Path.Combine(dir, name);
        cp.Save(path);
        _lastCheckpoint = path;
        // Keep the three newest checkpoints of this session: one per epoch would otherwise fill the disk.
        _written.Enqueue(path);
        while (_written.Count > 3)
        {
            string old = _written.Dequeue();
            if (old != path) File.Delete(old);
        }
        _log.Write("checkpoint", t, w =>
        {
            w.WriteString("file", name);
            w.WriteNumber("epoch", _trainer.Epoch);
            w.WriteNumber("totalSteps", _trainer.TotalSteps);
        });
    }

    // ---------------------------------------------------------------- stop and summary

    private SessionMode _mode;

    /// <summary>Marks the session stopped at <paramref name="t"/>; the first reason given wins.</summary>
    private void Stop(double t, string reason)
    {
        lock (_stopGate)
        {
            if (string.IsNullOrEmpty(_stopReason)) _stopReason = reason;
            if (!_stopped) _stopTime = Math.Min(_stopTime, t);
            _stopped = true;
        }
    }

    private void LogStop(double t, string reason)
    {
        _log.Write("stop", t, w =>
        {
            w.WriteString("reason", reason);
            w.WriteNumber("patterns", Interlocked.Read(ref _patterns));
            w.WriteNumber("likes", Interlocked.Read(ref _likes));
            w.WriteNumber("dislikes", Interlocked.Read(ref _dislikes));
            w.WriteNumber("ignored", Interlocked.Read(ref _ignored));
            w.WriteNumber("epochs", _trainer.Epoch);
            w.WriteNumber("totalSteps", _trainer.TotalSteps);
            w.WriteNumber("underruns", _parts.Output.Underruns);
        });
    }

    private SessionSummary Summarise(string mode, double audioSeconds, double wallSeconds, long stepsThisRun)
    {
        (double KlDataGen, double KlGenData, double EntropyGen)? final = _dataset.Total > 0 ? _trainer.Evaluate(_dataset) : null;
        return new SessionSummary(mode, _stopReason, audioSeconds, wallSeconds,
            Interlocked.Read(ref _patterns), Interlocked.Read(ref _likes), Interlocked.Read(ref _dislikes),
            Interlocked.Read(ref _sent), Interlocked.Read(ref _applied), Interlocked.Read(ref _ignored),
            _trainer.Epoch, _trainer.TotalSteps,
            audioSeconds > 0 ? stepsThisRun / audioSeconds : 0, wallSeconds > 0 ? stepsThisRun / wallSeconds : 0,
            final?.KlDataGen, final?.KlGenData, final?.EntropyGen, _parts.Output.Underruns, _lastCheckpoint);
    }

    public SessionStatus Status(double now) => new(now, _timeline.At(_timeline.FrameOf(now)), BufferSeconds,
        Interlocked.Read(ref _patterns), Interlocked.Read(ref _likes), Interlocked.Read(ref _dislikes),
        _trainer.Epoch, _lastEpoch?.KlDataGen, _parts.Output.Underruns, _stopped);

    public void Dispose()
    {
        _parts.Output.Dispose();
        _log.Close();
    }
}
