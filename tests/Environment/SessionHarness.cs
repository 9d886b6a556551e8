using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Tests.Environment;

public static class SessionHarness
{
    /// <summary>A fast session: 300 BPM makes a buffer 2 s long (44100 frames at 22050 Hz).</summary>
    public static Scenario Fast(double duration = 20, ulong seed = 1, SessionMode mode = SessionMode.Virtual, double budget = 800) => new()
    {
        Name = "test",
        Seed = seed,
        Mode = mode,
        DurationSeconds = duration,
        Audio = new AudioScenario { Bpm = 300 },
        Training = new TrainingScenario { StepsPerSecond = budget },
        Listener = ListenerSettings.Of("random"), // any valid kind: the harness passes its own scripted listener
    };

    public static (Session Session, string Folder) Create(Scenario s, IListener? listener, string? folder = null)
    {
        folder ??= Fixtures.TempDir();
        var session = SessionBuilder.Create(s, folder, (_, _, _) => listener);
        return (session, folder);
    }

    public static string LogPath(string folder) => Path.Combine(folder, SessionBuilder.LogFileName);
}
