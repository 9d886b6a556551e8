using ActionPerception.Agents.Helmholtz;

namespace ActionPerception.Agents.Tastes.Posterior;

/// <summary>
/// The feature vector φ(x) of a pattern index x at n beats (beat 0 the most significant bit): the constant 1, then
/// each beat, each adjacent pair (and the wrap-around pair if asked), then the onset count / n, in that order.
/// Features are computed on demand from the index: a table of all 2^16 patterns would cost megabytes for nothing.
/// </summary>
public sealed class TasteFeatureSet
{
    private readonly int _pairStart, _pairCount, _onsetIndex;

    public TasteFeatureSet(int beats, TasteFeatures options)
    {
        if (beats < 1 || beats > MachineSettings.MaxVisibleUnits)
            throw new ArgumentException($"taste features: beats must be 1..{MachineSettings.MaxVisibleUnits} (got {beats}).");
        options.Validate();
        Beats = beats;
        Options = options;
        var names = new List<string> { "bias" };
        if (options.Beats)
            for (int k = 0; k < beats; k++) names.Add($"beat {k}");
        _pairStart = names.Count;
        if (options.AdjacentPairs)
        {
            for (int k = 0; k + 1 < beats; k++) names.Add($"beats {k}·{k + 1}");
            // At one or two beats the wrap-around pair is a beat itself or the pair already listed.
            if (options.WrapAround && beats > 2) names.Add($"beats {beats - 1}·0");
        }
        _pairCount = names.Count - _pairStart;
        _onsetIndex = options.OnsetCount ? names.Count : -1;
        if (options.OnsetCount) names.Add("onsets/n");
        Names = names;
    }

    public int Beats { get; }
    public TasteFeatures Options { get; }
    public int PatternCount => 1 << Beats;
    /// <summary>d, the number of features.</summary>
    public int Dimension => Names.Count;
    /// <summary>Per feature: "bias", "beat 0", "beats 3·4", "onsets/n".</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The pattern as the session log writes it, beat 0 first: "x.x..x....".</summary>
    public string BeatString(int pattern) => Pattern.BeatString(pattern, Beats);

    /// <summary>The dense vector φ(pattern) into <paramref name="phi"/> (length <see cref="Dimension"/>).</summary>
    public void Compute(int pattern, Span<double> phi)
    {
        if (phi.Length != Dimension) throw new ArgumentException($"phi has {phi.Length} entries; this feature set has {Dimension}.");
        phi.Clear();
        Span<int> index = stackalloc int[Dimension];
        Span<double> value = stackalloc double[Dimension];
        int nz = NonZeros(pattern, index, value);
        for (int i = 0; i < nz; i++) phi[index[i]] = value[i];
    }

    /// <summary>
    /// The nonzero entries of φ(pattern), in increasing feature order; returns how many. The features are mostly 0/1
    /// and about half are zero, so the posterior's quadratic forms run over these only.
    /// </summary>
    public int NonZeros(int pattern, Span<int> index, Span<double> value)
    {
        if ((uint)pattern >= (uint)PatternCount)
            throw new ArgumentOutOfRangeException(nameof(pattern), $"pattern {pattern} is not an index of a {Beats}-beat pattern (0..{PatternCount - 1}).");
        int n = 0;
        index[n] = 0; value[n++] = 1;
        if (Options.Beats)
            for (int k = 0; k < Beats; k++)
                if (Pattern.Beat(pattern, Beats, k) == 1) { index[n] = 1 + k; value[n++] = 1; }
        if (Options.AdjacentPairs)
        {
            for (int k = 0; k + 1 < Beats; k++)
                if (Pattern.Beat(pattern, Beats, k) == 1 && Pattern.Beat(pattern, Beats, k + 1) == 1)
                { index[n] = _pairStart + k; value[n++] = 1; }
            if (_pairCount == Beats && Pattern.Beat(pattern, Beats, Beats - 1) == 1 && Pattern.Beat(pattern, Beats, 0) == 1)
            { index[n] = _pairStart + Beats - 1; value[n++] = 1; }
        }
        if (_onsetIndex >= 0)
        {
            int onsets = int.PopCount(pattern);
            if (onsets > 0) { index[n] = _onsetIndex; value[n++] = (double)onsets / Beats; }
        }
        return n;
    }
}
