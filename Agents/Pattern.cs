namespace ActionPerception.Agents;

/// <summary>
/// The one home of how a pattern is coded: an index of 2^n patterns whose beat 0 is the most significant bit (the
/// original's rule), shown as a beat string ("x.x..x....", or "1010010000" in taste files).
/// </summary>
public static class Pattern
{
    /// <summary>Beat k (0 … beats−1) of pattern index p: 1 on, 0 off.</summary>
    public static int Beat(int pattern, int beats, int k) => (pattern >> (beats - 1 - k)) & 1;

    /// <summary>Beat 0 first: <paramref name="on"/> where a beat is on, <paramref name="off"/> where it is off.</summary>
    public static string BeatString(int pattern, int beats, char on = 'x', char off = '.') =>
        string.Create(beats, (pattern, on, off), (c, s) =>
        {
            for (int k = 0; k < c.Length; k++) c[k] = Beat(s.pattern, c.Length, k) == 1 ? s.on : s.off;
        });
}
