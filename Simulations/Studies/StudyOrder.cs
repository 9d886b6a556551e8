using ActionPerception.Agents.Randomness;

namespace ActionPerception.Simulations.Studies;

/// <summary>The order of a participant's blocks: as written, a balanced Latin square row, or a shuffle seeded by their ID.</summary>
public static class StudyOrder
{
    /// <summary>Block indices in the order the participant meets them.</summary>
    public static int[] For(StudyProtocol p, string participant, int number) => p.Order switch
    {
        StudyProtocol.Counterbalanced => LatinSquareRow(p.Blocks.Length, number),
        StudyProtocol.Random => Shuffled(p.Blocks.Length, SeededRandom.Derive(p.Seed, "order:" + participant)),
        _ => [.. Enumerable.Range(0, p.Blocks.Length)],
    };

    /// <summary>
    /// Row (number − 1) mod rows of a balanced Latin square (Williams 1949): every condition comes first equally
    /// often and follows every other equally often. For n conditions the first row is 0, 1, n−1, 2, n−2, …, row r
    /// adds r mod n; an odd n needs 2n rows, the second n the first n reversed.
    /// </summary>
    public static int[] LatinSquareRow(int n, int number)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
        int rows = n % 2 == 0 ? n : 2 * n;
        int r = ((number - 1) % rows + rows) % rows;
        var first = new int[n];
        for (int i = 0, lo = 1, hi = n - 1; i < n; i++)
            first[i] = i == 0 ? 0 : i % 2 == 1 ? lo++ : hi--;
        var row = first.Select(c => (c + r) % n).ToArray();
        if (r >= n) Array.Reverse(row);
        return row;
    }

    private static int[] Shuffled(int n, Random rng)
    {
        var a = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
        return a;
    }
}
