using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Helmholtz;

namespace ActionPerception.Environment.Sessions;

/// <summary>
/// A copy of the generator's parameters, published by the training loop and read whole by the synthesis loop: the
/// original shared its arrays between threads unguarded; here a reader holds a slot that no writer touches until it
/// is released, so a torn read is impossible. Only <see cref="SnapshotBox"/> writes into a slot.
/// </summary>
public sealed class GeneratorSnapshot
{
    internal GeneratorSnapshot(HelmholtzMachine machine, DrumLayer drums)
    {
        Machine = machine.Clone();
        Drums = drums.Clone();
    }

    public HelmholtzMachine Machine { get; }
    public DrumLayer Drums { get; }
    public long Version { get; internal set; }
    public int Epoch { get; internal set; }
    public long TotalSteps { get; internal set; }

    internal int Readers;
}

/// <summary>
/// The latest snapshot in three preallocated slots: the current one, at most one held by the (single) reader, and a
/// free one the writer copies into before swapping it in. Publishing copies the weights and allocates nothing, which
/// the per-publish clone of earlier versions did (measured in <c>ap bench</c>).
/// </summary>
public sealed class SnapshotBox
{
    private readonly GeneratorSnapshot[] _slots;
    private int _current;

    public SnapshotBox(HelmholtzMachine machine, DrumLayer drums, int epoch, long totalSteps)
    {
        _slots = [new(machine, drums), new(machine, drums), new(machine, drums)];
        _slots[0].Epoch = epoch;
        _slots[0].TotalSteps = totalSteps;
    }

    /// <summary>The newest snapshot without holding it: only for reading its counters.</summary>
    public GeneratorSnapshot Current => _slots[Volatile.Read(ref _current)];

    /// <summary>Holds the newest snapshot until <see cref="Release"/>; the writer will not copy into it meanwhile.</summary>
    public GeneratorSnapshot Acquire()
    {
        while (true)
        {
            int i = Volatile.Read(ref _current);
            var slot = _slots[i];
            Interlocked.Increment(ref slot.Readers);
            if (Volatile.Read(ref _current) == i) return slot;
            Interlocked.Decrement(ref slot.Readers); // swapped under us: take the newer one
        }
    }

    public static void Release(GeneratorSnapshot snapshot) => Interlocked.Decrement(ref snapshot.Readers);

    /// <summary>Copies the live parameters into a free slot and makes it current. One writer only (the training loop).</summary>
    public void Publish(HelmholtzMachine machine, DrumLayer drums, long version, int epoch, long totalSteps)
    {
        int current = Volatile.Read(ref _current);
        for (int k = 1; k < _slots.Length; k++)
        {
            int i = (current + k) % _slots.Length;
            var slot = _slots[i];
            if (Volatile.Read(ref slot.Readers) != 0) continue;
            slot.Machine.CopyFrom(machine);
            slot.Drums.CopyFrom(drums);
            slot.Version = version;
            slot.Epoch = epoch;
            slot.TotalSteps = totalSteps;
            // A full fence (not a release store): the next publish's read of a slot's readers must not pass it.
            Interlocked.Exchange(ref _current, i);
            return;
        }
        // Unreachable with one reader: of the two slots that are not current, at most one is held.
        throw new InvalidOperationException("no free snapshot slot: more than one reader holds a snapshot.");
    }
}
