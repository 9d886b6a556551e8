using System.Globalization;
using ActionPerception.Agents.Files;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Tastes;

/// <summary>
/// A listener's taste: a distribution over the 2^n patterns (beat 0 the most significant bit) and, for set-like
/// tastes, the set it is uniform over. Immutable once made.
/// </summary>
public sealed class Taste
{
    private readonly double[] _distribution;
    private readonly bool[]? _support;

    public Taste(string name, int beats, ReadOnlySpan<double> weights, bool[]? support, string description)
    {
        if (beats < 1 || beats > MachineSettings.MaxVisibleUnits)
            throw new ArgumentException($"taste '{name}': beats must be 1..{MachineSettings.MaxVisibleUnits} (got {beats}).");
        if (weights.Length != 1 << beats)
            throw new ArgumentException($"taste '{name}': {weights.Length} weights for {beats} beats; expected {1 << beats}.");
        double total = 0;
        foreach (double w in weights)
        {
            if (!double.IsFinite(w) || w < 0) throw new ArgumentException($"taste '{name}': weights must be finite and ≥ 0.");
            total += w;
        }
        if (!(total > 0)) throw new ArgumentException($"taste '{name}' is empty at {beats} beats: no pattern has any weight.");
        Name = name;
        Beats = beats;
        Description = description;
        _distribution = new double[weights.Length];
        for (int i = 0; i < weights.Length; i++) _distribution[i] = weights[i] / total;
        _support = support;
    }

    /// <summary>A set-like taste: uniform over the patterns the rule accepts.</summary>
    public static Taste FromSet(string name, int beats, Func<int, bool> accepts, string description)
    {
        var support = new bool[1 << beats];
        var w = new double[support.Length];
        for (int p = 0; p < support.Length; p++)
            if (accepts(p)) { support[p] = true; w[p] = 1; }
        return new Taste(name, beats, w, support, description);
    }

    /// <summary>The counts of a dataset; its support is the patterns with a positive count.</summary>
    public static Taste FromDataset(PreferenceDataset data, string name = "user")
    {
        var support = new bool[data.PatternCount];
        for (int p = 0; p < support.Length; p++) support[p] = data[p] > 0;
        return new Taste(name, data.PatternLength, data.Counts, support, "the counts of a preference dataset");
    }

    public string Name { get; }
    public int Beats { get; }
    public string Description { get; }
    public int PatternCount => _distribution.Length;
    /// <summary>Sums to 1.</summary>
    public ReadOnlySpan<double> Distribution => _distribution;
    /// <summary>Null where the taste is not a set.</summary>
    public IReadOnlyList<bool>? Support => _support;
    public int SupportSize => _support?.Count(b => b) ?? _distribution.Count(p => p > 0);

    public bool Contains(int pattern) => _support is not null ? _support[pattern] : _distribution[pattern] > 0;

    /// <summary>
    /// As a training set: fractional counts proportional to the distribution, so that an epoch of n_data holds
    /// round(p·n_data) copies of each pattern, exactly as the generator's epochs are built.
    /// </summary>
    public PreferenceDataset ToDataset() => new(Beats, _distribution);

    /// <summary>Generator probability mass outside the support (the author's false-positive rate); NaN for a taste without a set.</summary>
    public double FalsePositiveRate(ReadOnlySpan<double> generator)
    {
        if (generator.Length != _distribution.Length)
            throw new ArgumentException($"The generator's distribution has {generator.Length} entries; this taste has {_distribution.Length} patterns.");
        return _support is null ? double.NaN : FalsePositiveRate(generator, _support);
    }

    /// <summary>Generator probability mass outside a set: the one home of the false-positive rate.</summary>
    public static double FalsePositiveRate(ReadOnlySpan<double> generator, IReadOnlyList<bool> support)
    {
        double outside = 0;
        for (int p = 0; p < generator.Length; p++) if (!support[p]) outside += generator[p];
        return outside;
    }

    /// <summary>As <see cref="FalsePositiveRate(ReadOnlySpan{double}, IReadOnlyList{bool})"/>, for a set held as a span.</summary>
    public static double FalsePositiveRate(ReadOnlySpan<double> generator, ReadOnlySpan<bool> support)
    {
        double outside = 0;
        for (int p = 0; p < generator.Length; p++) if (!support[p]) outside += generator[p];
        return outside;
    }

    /// <summary>Beat string of a pattern, beat 0 first, e.g. "1000100010".</summary>
    public static string Format(int pattern, int beats) => Pattern.BeatString(pattern, beats, '1', '0');

    /// <summary>Parse a beat string ("1000100010") or a decimal index into a pattern of <paramref name="beats"/> beats.</summary>
    public static bool TryParse(string text, int beats, out int pattern)
    {
        pattern = 0;
        if (string.IsNullOrEmpty(text)) return false;
        if (text.Length == beats && text.All(c => c is '0' or '1'))
        {
            foreach (char c in text) pattern = (pattern << 1) | (c - '0');
            return true;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out pattern) && pattern < 1 << beats;
    }
}

/// <summary>Which taste, and the knobs of those that have any. Defaults give the author's well-formed grammar.</summary>
public sealed record TasteSettings
{
    /// <summary>user, well-formed, mixture, sparse, dense or backbeat.</summary>
    public string Name { get; init; } = TasteCatalog.WellFormed;
    /// <summary>For <c>user</c>: a dataset file (JSON counts or .npy), e.g. fixtures/user_dataset.json.</summary>
    public string? File { get; init; }
    /// <summary>For <c>mixture</c>: number of component means k.</summary>
    public int Components { get; init; } = 3;
    /// <summary>For <c>mixture</c>: number of data N drawn before keeping the distinct patterns.</summary>
    public int Data { get; init; } = 1000;
    /// <summary>For <c>mixture</c>: standard deviation of the Gaussian noise added to a component mean (the author: 1).</summary>
    public double Noise { get; init; } = 1.0;
    /// <summary>For <c>mixture</c>: its own seed; null derives one from the listener's random source.</summary>
    public ulong? Seed { get; init; }

    public void Validate(string where = "taste")
    {
        if (string.IsNullOrWhiteSpace(Name))
            throw new ArgumentException($"{where}.name is missing; valid tastes: {string.Join(", ", TasteCatalog.Names)}.");
        if (!TasteCatalog.Names.Contains(Name))
            throw new ArgumentException($"{where}.name '{Name}' is not a taste; valid tastes: {string.Join(", ", TasteCatalog.Names)}.");
        if (Name == TasteCatalog.User && string.IsNullOrWhiteSpace(File))
            throw new ArgumentException($"{where}.file is required for the 'user' taste: give a dataset file, e.g. fixtures/user_dataset.json.");
        if (Components < 1 || Components > 1000)
            throw new ArgumentException($"{where}.components must be 1..1000 (got {Components}); the author uses 3.");
        if (Data < 1 || Data > 10_000_000)
            throw new ArgumentException($"{where}.data must be 1..10000000 (got {Data}); the author uses 1000.");
        if (!(Noise >= 0) || !double.IsFinite(Noise))
            throw new ArgumentException($"{where}.noise must be a finite number ≥ 0 (got {Noise}); the author uses 1.");
    }
}

/// <summary>The tastes by name.</summary>
public static class TasteCatalog
{
    public const string User = "user";
    public const string WellFormed = "well-formed";
    public const string Mixture = "mixture";
    public const string Sparse = "sparse";
    public const string Dense = "dense";
    public const string Backbeat = "backbeat";

    public static IReadOnlyList<string> Names { get; } = [User, WellFormed, Mixture, Sparse, Dense, Backbeat];

    /// <summary>
    /// Build a taste at <paramref name="beats"/> beats. <paramref name="random"/> is used only by <c>mixture</c>
    /// without its own seed; a <c>user</c> file must have the same number of beats.
    /// </summary>
    public static Taste Create(TasteSettings settings, int beats, SeededRandom? random = null, string where = "taste")
    {
        settings.Validate(where);
        switch (settings.Name)
        {
            case User:
            {
                var data = DatasetFile.Load(settings.File!);
                if (data.PatternLength != beats)
                    throw new ArgumentException($"{where}.file '{settings.File}' has {data.PatternLength}-beat patterns; the generator has {beats} beats.");
                return Taste.FromDataset(data);
            }
            case WellFormed: return WellFormedTaste(beats);
            case Mixture:
            {
                var rng = settings.Seed is ulong s ? new SeededRandom(s)
                    : random ?? throw new ArgumentException($"{where}: the mixture taste needs a seed ({where}.seed) or a random source.");
                return MixtureTaste(beats, settings.Components, settings.Data, settings.Noise, rng);
            }
            case Sparse: return SparseTaste(beats);
            case Dense: return DenseTaste(beats);
            case Backbeat: return BackbeatTaste(beats);
            default: throw new ArgumentException($"{where}.name '{settings.Name}' is not a taste; valid tastes: {string.Join(", ", Names)}.");
        }
    }

    /// <summary>
    /// The author's rhythm grammar, read literally on the beat string (no wrap-around): beat 0 on; no "0000"
    /// anywhere; no "00100" anywhere (a lone onset between silences); does not start "100"; does not end "001".
    /// At 10 beats this accepts exactly 256 of the 1024 patterns (dropping any one rule gives 281–401).
    /// </summary>
    public static bool IsWellFormed(int pattern, int beats)
    {
        string s = Taste.Format(pattern, beats);
        return s[0] == '1'
            && !s.Contains("0000", StringComparison.Ordinal)
            && !s.Contains("00100", StringComparison.Ordinal)
            && !s.StartsWith("100", StringComparison.Ordinal)
            && !s.EndsWith("001", StringComparison.Ordinal);
    }

    public static Taste WellFormedTaste(int beats) => Taste.FromSet(WellFormed, beats, p => IsWellFormed(p, beats),
        "beat 0 on; no 0000; no 00100; not starting 100; not ending 001 (256 of 1024 at 10 beats)");

    /// <summary>Sparse: the downbeat (beat 0) on and at most ⌈n/3⌉ onsets in all (130 of 1024 at 10 beats: at most 4 onsets).</summary>
    public static Taste SparseTaste(int beats)
    {
        int max = (beats + 2) / 3;
        return Taste.FromSet(Sparse, beats, p => HelmholtzMachine.Beat(p, beats, 0) == 1 && int.PopCount(p) <= max,
            $"beat 0 on and at most {max} onsets");
    }

    /// <summary>Dense: at least ⌈0.7·n⌉ onsets (176 of 1024 at 10 beats: 7 or more onsets).</summary>
    public static Taste DenseTaste(int beats)
    {
        int min = (7 * beats + 9) / 10;
        return Taste.FromSet(Dense, beats, p => int.PopCount(p) >= min, $"at least {min} onsets");
    }

    /// <summary>
    /// Backbeat: the bar read as two halves; the downbeat (beat 0) on, and in each half the middle beat
    /// (⌊h/2⌋ into it) on with the beat before it off, so the backbeat is an accent after a rest; the other beats free.
    /// At 10 beats: beats 0, 2, 7 on, beats 1, 6 off, 32 of 1024 patterns.
    /// </summary>
    public static Taste BackbeatTaste(int beats)
    {
        if (beats < 4) throw new ArgumentException($"the backbeat taste needs at least 4 beats (got {beats}).");
        int half = beats / 2;
        int b1 = half / 2, b2 = half + (beats - half) / 2;
        bool Accepts(int p)
        {
            int Bt(int k) => HelmholtzMachine.Beat(p, beats, k);
            return Bt(0) == 1 && Bt(b1) == 1 && Bt(b2) == 1 && Bt(b1 - 1) == (b1 - 1 == 0 ? 1 : 0) && Bt(b2 - 1) == 0;
        }
        return Taste.FromSet(Backbeat, beats, Accepts, $"beats 0, {b1}, {b2} on, beats {b1 - 1}, {b2 - 1} off (beat 0 stays on)");
    }

    /// <summary>
    /// The author's synthetic "non-singular" data: k component means u_j ~ U(0,1)^n; each of N data takes a random
    /// component j and sets beat i on when u_{j,i} + noise·N(0,1) &gt; 0.5; the distinct patterns form the taste
    /// (a set, uniform over it). Draw order: all means (component-major), then per datum its component and its beats.
    /// </summary>
    public static Taste MixtureTaste(int beats, int components, int data, double noise, SeededRandom rng)
    {
        var u = new double[components * beats];
        for (int i = 0; i < u.Length; i++) u[i] = rng.Uniform();
        var support = new bool[1 << beats];
        for (int d = 0; d < data; d++)
        {
            int j = rng.NextIndex(components);
            int p = 0;
            for (int i = 0; i < beats; i++)
                p = (p << 1) | (u[j * beats + i] + noise * rng.Gaussian() > 0.5 ? 1 : 0);
            support[p] = true;
        }
        var w = support.Select(b => b ? 1.0 : 0.0).ToArray();
        return new Taste(Mixture, beats, w, support,
            $"distinct patterns of {data} draws from {components} components, noise {noise.ToString(CultureInfo.InvariantCulture)}");
    }
}
