using ActionPerception.Agents.Listeners;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// Where the work that takes time runs: inline on the engine's thread (virtual time) or on the synthesis, streaming
/// and training threads (real time). The engine calls the same members in the same order on both, so every rule
/// about when something happens stays in the engine.
/// </summary>
internal interface ISessionLoops
{
    void Begin();
    /// <summary>The next event is due at <paramref name="frame"/>: training may spend its budget up to it.</summary>
    void Prepare(long frame);
    /// <summary>The clock reached <paramref name="frame"/>: returns once training has spent the budget up to it (bounded in real time).</summary>
    void Ready(long frame);
    void Synthesize(long serial);
    /// <summary>The synthesised playing of <paramref name="serial"/>, now starting to play; null if the session is stopping.</summary>
    Playing? Deliver(long serial);
    /// <summary>Hands an attributed judgement to the training loop.</summary>
    void ToTraining(JudgementKind kind, Playing playing);
    /// <summary>Stops the loops; true when all of them stopped, and training state is the calling thread's again.</summary>
    bool End();
}
