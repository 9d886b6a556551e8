using System.Diagnostics;
using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Sessions;

public sealed partial class Session
{
    private abstract record VirtualEvent;
    private sealed record StartEvent(long Serial) : VirtualEvent;
    private sealed record SynthesisEvent(long Serial) : VirtualEvent;
    private sealed record JudgementEvent(Judgement Judgement) : VirtualEvent;
    private sealed record StopEvent(string Reason) : VirtualEvent;

    /// <summary>
    /// Virtual time: the same loops stepped by a discrete-event scheduler on a frame clock, as fast as the CPU
    /// allows. Events at equal times run in the order they were scheduled (as SimPy does), which with the seeded
    /// sources makes a run reproducible byte for byte. Training gets exactly floor(budget · t) steps by time t.
    /// </summary>
    public SessionSummary RunVirtual(CancellationToken cancel = default)
    {
        if (Budget is not double budget)
            throw new InvalidOperationException("A virtual session needs a finite training budget (steps per second of audio).");
        if (_scenario.DurationSeconds is not double duration)
            throw new InvalidOperationException("A virtual session needs a duration.");
        _mode = SessionMode.Virtual;
        var wall = Stopwatch.StartNew();
        WriteHeader("virtual");

        long startFrame = _frameOffset;
        long endFrame = startFrame + (long)Math.Round(duration * SampleRate);
        double startSeconds = Seconds(startFrame);
        long budgetUsed = 0, stepsTaken = 0;
        var queue = new PriorityQueue<VirtualEvent, (long Frame, long Seq)>();
        long seq = 0;
        void At(long frame, VirtualEvent e) => queue.Enqueue(e, (frame, seq++));

        void AdvanceTo(long frame)
        {
            long target = (long)Math.Floor(budget * Seconds(frame - startFrame));
            long need = target - budgetUsed;
            if (need <= 0) return;
            long before = budgetUsed;
            long taken = Train(need, local => startSeconds + (before + local) / budget, wall);
            budgetUsed = target;
            stepsTaken += taken;
            if (taken > 0) Publish();
        }

        var buffers = new[] { new float[BufferFrames], new float[BufferFrames] };
        var pending = new Playing?[2];
        pending[_firstSerial % 2] = Synthesize(_firstSerial, buffers[_firstSerial % 2]);
        At(endFrame, new StopEvent("duration reached"));
        At(startFrame, new StartEvent(_firstSerial));

        long now = startFrame;
        while (!_stopped && queue.TryDequeue(out var ev, out var key))
        {
            if (cancel.IsCancellationRequested)
            {
                Stop(Seconds(now), "interrupted");
                queue.Enqueue(ev, key); // settled below like every other event still pending
                break;
            }
            now = key.Frame;
            AdvanceTo(now);
            switch (ev)
            {
                case StartEvent s:
                {
                    int slot = (int)(s.Serial % 2);
                    var p = pending[slot] ?? throw new InvalidOperationException("Synthesis did not deliver in time (virtual clock).");
                    pending[slot] = null;
                    _parts.Output.Write(buffers[slot]);
                    var (response, t) = BecameAudible(p);
                    if (response?.Action is JudgementKind kind)
                    {
                        double when = t + DecisionSeconds + response.ReactionSeconds;
                        At((long)Math.Ceiling(when * SampleRate - 1e-9), new JudgementEvent(new Judgement(kind, when, ListenerSource, p.Serial)));
                    }
                    long next = s.Serial + 1;
                    At(StartFrameOf(next) - LeadFrames, new SynthesisEvent(next));
                    At(StartFrameOf(next), new StartEvent(next));
                    break;
                }
                case SynthesisEvent s:
                    pending[s.Serial % 2] = Synthesize(s.Serial, buffers[s.Serial % 2]);
                    break;
                case JudgementEvent j:
                    if (j.Judgement.Kind == JudgementKind.Stop)
                    {
                        Attribute(j.Judgement);
                        Stop(j.Judgement.Time, "stopped by the listener");
                    }
                    else if (Attribute(j.Judgement) is { } a)
                    {
                        Apply(a);
                    }
                    break;
                case StopEvent stop:
                    Stop(Seconds(now), stop.Reason);
                    break;
            }
        }
        // Judgements still in flight when the session stopped are settled: applied if made in time, else logged as ignored.
        while (queue.TryDequeue(out var ev, out _))
            if (ev is JudgementEvent j) Settle(j.Judgement);

        return Finish("virtual", Seconds(now) - startSeconds, wall, stepsTaken);
    }

    private string ListenerSource => "listener:" + (_parts.Listener?.Kind ?? "none");

    private SessionSummary Finish(string mode, double audioSeconds, Stopwatch wall, long stepsTaken)
    {
        if (_trainer.InEpoch)
        {
            // A partial epoch at stop is closed and logged so that no training goes unreported.
            var report = _trainer.EndEpoch();
            _lastEpoch = report;
            LogEpoch(report, _stopTime, wall);
        }
        WriteCheckpoint(_stopTime);
        var summary = Summarise(mode, audioSeconds, wall.Elapsed.TotalSeconds, stepsTaken);
        LogStop(_stopTime, _stopReason);
        _log.Write("summary", _stopTime, w =>
        {
            w.WriteNumber("audioSeconds", Math.Round(summary.AudioSeconds, 6));
            w.WriteNumber("stepsPerAudioSecond", Math.Round(summary.StepsPerAudioSecond, 3));
            if (summary.FinalKlDataGen is double kl) w.WriteNumber("finalKlDataGen", Math.Round(kl, 9));
            if (summary.FinalKlGenData is double kg) w.WriteNumber("finalKlGenData", Math.Round(kg, 9));
            if (summary.FinalEntropy is double h) w.WriteNumber("finalEntropy", Math.Round(h, 9));
            if (_mode == SessionMode.Realtime)
            {
                w.WriteNumber("wallSeconds", Math.Round(summary.WallSeconds, 4));
                w.WriteNumber("stepsPerWallSecond", Math.Round(summary.StepsPerWallSecond, 1));
            }
        });
        _log.Close();
        return summary;
    }
}
