using ActionPerception.Simulations.Human;

namespace ActionPerception.Simulations.Studies;

/// <summary>A key source that can run out (a script's step): a screen waiting on it then stops waiting.</summary>
public interface IFiniteKeySource : IKeySource
{
    bool Exhausted { get; }
}
