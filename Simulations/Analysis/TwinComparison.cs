namespace ActionPerception.Simulations.Analysis;

/// <summary>
/// How far a machine listener judges as a person did, pattern by pattern: the confusion matrix over the labels
/// like, dislike and none (rows the person, columns the machine), the agreement on the patterns the person judged,
/// and Cohen's κ over every heard pattern. Pure arithmetic on the pairs; nothing here reads files.
/// </summary>
public sealed record TwinComparison(int[][] Matrix)
{
    public const string Like = "like", Dislike = "dislike", None = "none";
    public static readonly IReadOnlyList<string> Labels = [Like, Dislike, None];

    /// <summary>Patterns compared (the sum of the matrix).</summary>
    public int Patterns => Matrix.Sum(r => r.Sum());

    /// <summary>Patterns the person liked or disliked.</summary>
    public int JudgedByPerson => Matrix[0].Sum() + Matrix[1].Sum();

    /// <summary>
    /// The share of the person's judged patterns (like or dislike) on which the machine made the same judgement;
    /// null when the person judged none.
    /// </summary>
    public double? Agreement => JudgedByPerson == 0 ? null : (double)(Matrix[0][0] + Matrix[1][1]) / JudgedByPerson;

    /// <summary>
    /// Cohen's κ over all compared patterns and the three labels: (p_o − p_e) / (1 − p_e), with p_o the observed share
    /// of equal labels and p_e the share expected by chance from the two raters' label frequencies. 1 is perfect
    /// agreement, 0 is chance level, below 0 worse than chance. Null when undefined: no patterns, or both raters gave
    /// one and the same label to every pattern (p_e = 1).
    /// </summary>
    public double? CohensKappa
    {
        get
        {
            int n = Patterns;
            if (n == 0) return null;
            int k = Matrix.Length;
            double po = 0, pe = 0;
            for (int i = 0; i < k; i++)
            {
                po += Matrix[i][i];
                double row = Matrix[i].Sum(), col = Matrix.Sum(r => r[i]);
                pe += row * col;
            }
            po /= n;
            pe /= (double)n * n;
            return pe >= 1 ? null : (po - pe) / (1 - pe);
        }
    }

    /// <summary>The comparison of labelled pairs (each label one of <see cref="Labels"/>).</summary>
    public static TwinComparison Of(IEnumerable<(string Person, string Machine)> pairs)
    {
        var m = new int[Labels.Count][];
        for (int i = 0; i < m.Length; i++) m[i] = new int[Labels.Count];
        foreach (var (person, machine) in pairs) m[Index(person)][Index(machine)]++;
        return new TwinComparison(m);
    }

    public static int Index(string label) => label switch
    {
        Like => 0,
        Dislike => 1,
        None => 2,
        _ => throw new ArgumentException($"'{label}' is not a twin label; expected like, dislike or none."),
    };

    /// <summary>A listener's action as a label: like, dislike, else none (a stop or silence judges no pattern).</summary>
    public static string Label(string? action) => action is Like or Dislike ? action : None;
}
