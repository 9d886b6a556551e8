using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Helmholtz;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// An immutable copy of the generator's parameters, published by the training loop and read whole by the
/// synthesis loop: the original shared its arrays between threads unguarded; this makes a torn read impossible.
/// Nobody may mutate the machine or drum layer inside a snapshot.
/// </summary>
public sealed class GeneratorSnapshot
{
    public GeneratorSnapshot(HelmholtzMachine machine, DrumLayer drums, long version, int epoch, long totalSteps)
    {
        Machine = machine.Clone();
        Drums = drums.Clone();
        Version = version;
        Epoch = epoch;
        TotalSteps = totalSteps;
    }

    public HelmholtzMachine Machine { get; }
    public DrumLayer Drums { get; }
    public long Version { get; }
    public int Epoch { get; }
    public long TotalSteps { get; }
}

/// <summary>The latest snapshot, swapped atomically.</summary>
public sealed class SnapshotBox(GeneratorSnapshot first)
{
    private GeneratorSnapshot _current = first;

    public GeneratorSnapshot Current => Volatile.Read(ref _current);

    public void Publish(GeneratorSnapshot snapshot) => Volatile.Write(ref _current, snapshot);
}
