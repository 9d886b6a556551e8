namespace ActionPerception.Environment.Sessions;

/// <summary>
/// The one thread allowed to touch a piece of session state, enforced rather than promised: a loop takes the piece
/// with <see cref="Enter"/> when it starts and gives it back with <see cref="Leave"/> when it ends, and every method
/// that reads or writes the state calls <see cref="Check"/>. A thread that did not stop keeps its pieces, so the
/// engine cannot touch training state after a loop failed to join (<see cref="TryEnter"/> says no).
/// </summary>
internal sealed class ThreadOwner(string piece)
{
    private const int Nobody = 0;
    private int _thread;

    public string Piece { get; } = piece;

    /// <summary>Takes the piece for the calling thread; it must be free (or already this thread's).</summary>
    public void Enter()
    {
        if (!TryEnter())
            throw new InvalidOperationException($"the {Piece} belongs to thread {Volatile.Read(ref _thread)}; thread {System.Environment.CurrentManagedThreadId} cannot take it.");
    }

    /// <summary>Takes the piece if it is free or already ours; false while another thread holds it.</summary>
    public bool TryEnter()
    {
        int me = System.Environment.CurrentManagedThreadId;
        int was = Interlocked.CompareExchange(ref _thread, me, Nobody);
        return was == Nobody || was == me;
    }

    /// <summary>Gives the piece back (only its owner can).</summary>
    public void Leave()
    {
        Check();
        Volatile.Write(ref _thread, Nobody);
    }

    /// <summary>Throws unless the calling thread owns the piece; a free piece is taken by its first user.</summary>
    public void Check()
    {
        int owner = Volatile.Read(ref _thread);
        if (owner == System.Environment.CurrentManagedThreadId) return;
        if (owner == Nobody && TryEnter()) return;
        throw new InvalidOperationException($"the {Piece} is owned by thread {owner}, not by thread {System.Environment.CurrentManagedThreadId}: session state was reached from the wrong loop.");
    }
}
