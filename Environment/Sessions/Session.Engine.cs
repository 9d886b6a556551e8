using System.Diagnostics;
using System.Threading.Channels;
using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// The one engine. Every rule about when something happens is written here once, as events on one queue ordered
/// by (frame, insertion order) as SimPy orders them: synthesise serial k at start(k) − lead, start k (it becomes
/// audible, is heard and counted), a judgement falls due, the duration ends. A clock decides only how time passes:
/// the virtual clock jumps to the next event (training its exact budget on the way), the real-time clock waits
/// for the output's count of played frames while synthesis, streaming and training run on their own threads.
/// Only what started to play before the stop counts, on both clocks: a pattern whose start event is still queued
/// at the stop was never heard.
/// </summary>
public sealed partial class Session
{
    private abstract record Due;
    private sealed record SynthesisDue(long Serial) : Due;
    private sealed record StartDue(long Serial) : Due;
    private sealed record JudgementDue(Judgement Judgement) : Due;
    private sealed record EndDue : Due;

    private volatile bool _stopped;
    private double _stopTime = double.PositiveInfinity;
    private StopReason? _stopReason;
    // A reference, so that the engine's unlocked reads never see half of a reason (a StopReason? is several words).
    private sealed record StopRequest(StopReason Reason);
    private volatile StopRequest? _requested;
    // False when a real-time loop did not stop: training state is then not touched again (no settling, no checkpoint).
    private bool _loopsJoined = true;
    private readonly object _stopGate = new();
    private Exception? _failure;
    private CancellationTokenSource? _stopSource;

    // Created with the session, so keys pressed before the loops start are queued, not refused.
    private readonly Channel<Judgement> _external = Channel.CreateUnbounded<Judgement>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The session clock in seconds as the output has played it (real time), continued across a resume.</summary>
    public double Now => Seconds(_frameOffset + _parts.Output.FramesPlayed);

    /// <summary>
    /// A judgement from outside the session (the human bridge), stamped with the moment it arrives on the session
    /// clock. Thread-safe; it is attributed by the engine like any other judgement.
    /// </summary>
    public void Submit(JudgementKind kind, string source) => _external.Writer.TryWrite(new Judgement(kind, Now, source));

    /// <summary>How long the end of a real-time run waits for each loop to stop (tests shorten it).</summary>
    internal TimeSpan JoinTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The stop code a cancelled run logs (Ctrl+C by default): a caller that cancels on SIGTERM says so here, so the
    /// log's stop event names the signal the exit code reports.
    /// </summary>
    public Func<StopCode> CancelledAs { get; set; } = static () => StopCode.Interrupted;

    /// <summary>Ask a running session to stop cleanly at the current moment of its clock (as Ctrl+C does).</summary>
    public void RequestStop(StopCode code, string? detail = null)
    {
        lock (_stopGate) _requested ??= new StopRequest(new StopReason(code, detail));
        _stopSource?.Cancel();
    }

    /// <summary>Marks the session stopped at <paramref name="t"/>; the first reason given wins.</summary>
    private void Stop(double t, StopReason reason)
    {
        lock (_stopGate)
        {
            _stopReason ??= reason;
            if (!_stopped) _stopTime = Math.Min(_stopTime, t);
            _stopped = true;
        }
        // The loops stop with the session, so real-time training does not run on past the stop while the engine settles.
        _stopSource?.Cancel();
    }

    /// <summary>A loop failed: recorded once, and the session stops.</summary>
    private void Fail(Exception e)
    {
        Interlocked.CompareExchange(ref _failure, e, null);
        RequestStop(e is DivergedException or NicheOverflowException ? StopCode.Diverged : StopCode.Failed, e.Message);
    }

    /// <summary>Virtual time: as fast as the CPU allows, byte for byte the same for the same seed.</summary>
    public SessionSummary RunVirtual(CancellationToken cancel = default)
    {
        if (Budget is null)
            throw new InvalidOperationException("A virtual session needs a finite training budget (steps per second of audio).");
        if (_scenario.DurationSeconds is null)
            throw new InvalidOperationException("A virtual session needs a duration.");
        return Run(SessionMode.Virtual, cancel);
    }

    /// <summary>Real time: the same events, dispatched when the output has played up to them.</summary>
    public SessionSummary RunRealtime(CancellationToken cancel = default) => Run(SessionMode.Realtime, cancel);

    private SessionSummary Run(SessionMode mode, CancellationToken cancel)
    {
        var wall = Stopwatch.StartNew();
        _stopSource = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        if (_requested is not null) _stopSource.Cancel(); // asked to stop before the run began
        using var onCancel = cancel.Register(() => RequestStop(CancelledAs()));
        var token = _stopSource.Token;
        IClock clock;
        ISessionLoops loops;
        if (mode == SessionMode.Virtual)
        {
            clock = new VirtualClock(_frameOffset, () => _requested is not null);
            loops = new InlineLoops(_training, _synthesizer, _parts.Output, RunSeconds, () => _requested is not null);
        }
        else
        {
            _training.Wall = wall;
            clock = new OutputClock(_parts.Output, _frameOffset, SampleRate, BufferSeconds,
                () => _requested is not null || _external.Reader.TryPeek(out _), token);
            loops = new ThreadedLoops(_training, _synthesizer, _parts.Output, () => clock.Now, RunSeconds, Seconds, Fail, token, BufferSeconds)
                { JoinTimeout = JoinTimeout };
        }
        WriteHeader(mode);

        long startFrame = _frameOffset;
        long? endFrame = _scenario.DurationSeconds is double d ? startFrame + (long)Math.Round(d * SampleRate) : null;
        var queue = new PriorityQueue<Due, (long Frame, long Seq)>();
        long seq = 0;
        void At(long frame, Due e) => queue.Enqueue(e, (frame, seq++));

        // The end is queued first, so a pattern due to start exactly at the end is never counted.
        if (endFrame is long end) At(end, new EndDue());
        At(startFrame, new SynthesisDue(_firstSerial));
        At(startFrame, new StartDue(_firstSerial));

        long now = startFrame;
        try
        {
            loops.Begin();
            while (!_stopped)
            {
                if (!queue.TryPeek(out var due, out var key)) break;
                if (_requested is null) loops.Prepare(key.Frame);
                if (!clock.WaitUntil(key.Frame))
                {
                    // Keys pressed meanwhile become judgements due at the moment they were made (never later than now).
                    while (_external.Reader.TryRead(out var ext)) At(Math.Max(now, FrameAt(ext.Time)), new JudgementDue(ext));
                    if (_requested is { } request) { now = Math.Max(now, clock.Now); Stop(Seconds(now), request.Reason); }
                    continue;
                }
                loops.Ready(key.Frame);
                queue.Dequeue();
                now = key.Frame;
                Dispatch(loops, due, now, At);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(e);
            Stop(Seconds(Math.Max(now, SafeNow(clock))), _requested?.Reason ?? new StopReason(StopCode.Failed, e.Message));
        }
        finally
        {
            if (!_stopped) Stop(Seconds(Math.Max(now, SafeNow(clock))), _requested?.Reason ?? new StopReason(StopCode.Interrupted));
            _stopSource.Cancel();
            try
            {
                if (!loops.End())
                    LoopsHung(new InvalidOperationException($"a session loop did not stop within {JoinTimeout.TotalSeconds:F0} s (the audio device may be hung); the log is readable up to here"));
            }
            catch (Exception e) when (e is not OutOfMemoryException) { LoopsHung(e); }
        }

        // Judgements still in flight when the session stopped are settled: applied if made in time, else logged as ignored.
        while (_loopsJoined && queue.TryDequeue(out var ev, out _))
            if (ev is JudgementDue j) Settle(j.Judgement);
        while (_loopsJoined && _external.Reader.TryRead(out var ext)) Settle(ext);

        var summary = Finish(mode, _stopTime - Seconds(startFrame), wall);
        if (_failure is DivergedException or NicheOverflowException) throw new SessionDivergedException(_failure.Message, _failure, summary);
        if (_failure is { } failure) throw new SessionFailedException(failure.Message, failure, summary);
        return summary;
    }

    /// <summary>A loop did not stop: the run failed, whatever stopped it first, and training state stays with that loop.</summary>
    private void LoopsHung(Exception e)
    {
        _loopsJoined = false;
        Interlocked.CompareExchange(ref _failure, e, null);
        lock (_stopGate) _stopReason = new StopReason(StopCode.Failed, e.Message);
    }

    private static long SafeNow(IClock clock)
    {
        try { return clock.Now; } catch (Exception e) when (e is not OutOfMemoryException) { return 0; }
    }

    private void Dispatch(ISessionLoops loops, Due due, long now, Action<long, Due> at)
    {
        switch (due)
        {
            case SynthesisDue s:
                loops.Synthesize(s.Serial);
                break;
            case StartDue s:
            {
                if (loops.Deliver(s.Serial) is not { } p) break;
                var (response, t) = BecameAudible(p);
                if (response?.Action is JudgementKind kind)
                {
                    double when = t + DecisionSeconds + response.ReactionSeconds;
                    at(FrameAt(when), new JudgementDue(new Judgement(kind, when, ListenerSource, p.Serial)));
                }
                long next = s.Serial + 1;
                at(StartFrameOf(next) - LeadFrames, new SynthesisDue(next));
                at(StartFrameOf(next), new StartDue(next));
                break;
            }
            case JudgementDue j when j.Judgement.Kind == JudgementKind.Stop:
                Attribute(j.Judgement);
                // A key stamped just before a pattern the engine has already started (and counted) stops after it.
                Stop(Math.Max(j.Judgement.Time, Seconds(now)), new StopReason(j.Judgement.Source.StartsWith(HumanSourcePrefix, StringComparison.Ordinal) ? StopCode.Human : StopCode.Listener));
                break;
            case JudgementDue j:
                if (Attribute(j.Judgement) is { } a) loops.ToTraining(j.Judgement.Kind, a);
                break;
            case EndDue:
                Stop(Seconds(now), new StopReason(StopCode.DurationReached));
                break;
        }
    }

    /// <summary>
    /// A judgement still in flight when the session stopped: made before the stop, it is applied (the listener
    /// acted in time); made after, it is logged as ignored. Only called once the training loop has stopped.
    /// </summary>
    private void Settle(Judgement j)
    {
        if (j.Kind == JudgementKind.Stop) return;
        if (Attribute(j) is { } p) _training.Apply(j.Kind, p.Pattern, p.Drums);
    }

    private string ListenerSource => "listener:" + (_parts.Listener?.Kind ?? "none");

    private SessionSummary Finish(SessionMode mode, double audioSeconds, Stopwatch wall)
    {
        if (_parts.Output is Audio.RecordingOutput recording) recording.EndAt(FrameAt(_stopTime) - _frameOffset);
        // Training state is touched again only if its loop stopped and handed it back; a hung loop keeps it.
        bool owned = _loopsJoined && _training.Owner.TryEnter();
        (double KlDataGen, double KlGenData, double EntropyGen)? final = null;
        OwnTasteOutcome? ownTaste = null;
        try
        {
            if (owned) _training.CloseAtStop(_stopTime, diverged: _failure is DivergedException);
            WriteWindow(_stopTime);
            if (owned)
            {
                WriteCheckpoint(_stopTime);
                var (divergences, generator) = _training.Evaluate();
                final = divergences;
                ownTaste = OwnTaste(generator);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The session's own files could not be written (a full disk): it failed, whatever stopped it.
            Interlocked.CompareExchange(ref _failure, e, null);
            lock (_stopGate) _stopReason = new StopReason(StopCode.Failed, e.Message);
        }
        var reason = _stopReason ?? new StopReason(StopCode.Interrupted);
        double wallSeconds = wall.Elapsed.TotalSeconds;
        long steps = _training.StepsTaken;
        bool realtime = mode == SessionMode.Realtime;
        var convergence = _reference?.Summary();
        var (limit, verdict) = Limit(convergence);
        var summary = new SessionSummary(realtime ? "realtime" : "virtual", reason.ToString(), audioSeconds, wallSeconds,
            _counters.Patterns, _counters.Likes, _counters.Dislikes, _counters.Sent, _counters.Applied, _counters.Ignored,
            _training.Epoch, _training.TotalSteps,
            audioSeconds > 0 ? steps / audioSeconds : 0, wallSeconds > 0 ? steps / wallSeconds : 0,
            Finite(final?.KlDataGen), Finite(final?.KlGenData), Finite(final?.EntropyGen), _parts.Output.Underruns, _lastCheckpoint)
        {
            StopCode = reason.Code,
            Convergence = convergence,
            InformationLimit = limit,
            Verdict = verdict,
            ConvergenceAtStart = _reference?.Start,
            Taste = _lastWindow is { } w ? _inferred.Outcome(w) : null,
            OwnTaste = ownTaste,
        };
        try
        {
            _log.Write(new StopEvent
            {
                T = _stopTime,
                Reason = summary.StopReason,
                Code = reason.Code,
                Patterns = summary.Patterns,
                Likes = summary.Likes,
                Dislikes = summary.Dislikes,
                Ignored = summary.JudgementsIgnored,
                Epochs = summary.Epochs,
                TotalSteps = summary.TrainingSteps,
                Underruns = summary.Underruns,
            });
            _log.Write(new SummaryEvent
            {
                T = _stopTime,
                AudioSeconds = Math.Round(summary.AudioSeconds, 6),
                StepsPerAudioSecond = Math.Round(summary.StepsPerAudioSecond, 3),
                FinalKlDataGen = LogEvent.Finite(summary.FinalKlDataGen),
                FinalKlGenData = LogEvent.Finite(summary.FinalKlGenData),
                FinalEntropy = LogEvent.Finite(summary.FinalEntropy),
                WallSeconds = realtime ? Math.Round(summary.WallSeconds, 4) : null,
                StepsPerWallSecond = realtime ? Math.Round(summary.StepsPerWallSecond, 1) : null,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
            summary = summary with { StopReason = new StopReason(StopCode.Failed, e.Message).ToString(), StopCode = StopCode.Failed };
        }
        finally
        {
            _log.Close();
        }
        return summary;
    }

    private static double? Finite(double? v) => v is double d && double.IsFinite(d) ? d : null;

    /// <summary>The final generator toward the set the run's judgements reveal (null before any like or dislike).</summary>
    private OwnTasteOutcome? OwnTaste(double[] generator)
    {
        if (_inferred.Judgements == 0) return null;
        var pLike = new double[_startDistribution.Length];
        _inferred.PredictProbabilities(pLike);
        return OwnTasteOutcome.Measure(_inferred.Judgements, pLike, _startDistribution, generator);
    }
}

/// <summary>A loop failed (for example the audio device); the log and a checkpoint were still written.</summary>
public class SessionFailedException(string message, Exception inner, SessionSummary summary) : Exception(message, inner)
{
    public SessionSummary Summary { get; } = summary;
}

/// <summary>Training made the generator non-finite; the session stopped with the last finite weights, log and checkpoint.</summary>
public sealed class SessionDivergedException(string message, Exception inner, SessionSummary summary) : SessionFailedException(message, inner, summary);
