using ActionPerception.Simulations.Human;

namespace ActionPerception.Simulations.Studies;

/// <summary>Where a study's keys come from, step by step: the terminal, or a key script (pilots, tests, demos).</summary>
public interface IStudyKeys
{
    /// <summary>
    /// The keys of the next step ("instructions", "consent", "practice", "block", "questions", "break"); null when
    /// there are none left (a script has ended), which the study treats as a quit.
    /// </summary>
    IKeySource? For(string step);
}
