
namespace ActionPerception.Environment.Scenarios;

public enum SessionMode
{
    /// <summary>Stepped by a deterministic scheduler on a virtual clock, as fast as the CPU allows.</summary>
    Virtual,
    /// <summary>The four loops on their own threads against the audio device's clock.</summary>
    Realtime,
}
