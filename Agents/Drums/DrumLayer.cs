using ActionPerception.Agents.Numerics;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Agents.Drums;

/// <summary>One sampled drum pattern: per beat × instrument (beat-major, index k·m + i).</summary>
public sealed class DrumSample
{
    public DrumSample(int beats, int instruments)
    {
        Beats = beats;
        Instruments = instruments;
        Probability = new double[beats * instruments];
        Hit = new bool[beats * instruments];
        Dynamic = new double[beats * instruments];
        Division = new int[beats * instruments];
    }

    public int Beats { get; }
    public int Instruments { get; }
    /// <summary>The dream's visible pattern s_0: what the listener judges and the dataset counts.</summary>
    public int Pattern { get; set; }
    public double[] Probability { get; }
    public bool[] Hit { get; }
    public double[] Dynamic { get; }
    public int[] Division { get; }

    public void CopyTo(DrumSample other)
    {
        other.Pattern = Pattern;
        Probability.CopyTo(other.Probability, 0);
        Hit.CopyTo(other.Hit, 0);
        Dynamic.CopyTo(other.Dynamic, 0);
        Division.CopyTo(other.Division, 0);
    }
}

/// <summary>
/// The instruments on top of the visible layer (section 5 of the reference): a bias, a dynamic mean and a
/// division mean per beat and instrument. What is heard is each instrument's own hit pattern, sampled from the
/// dream's shared visible pre-activation plus the instrument's bias.
/// </summary>
public sealed class DrumLayer
{
    public DrumLayer(int beats, IReadOnlyList<string> instruments, SeededRandom rng, double learningRate = 0.1, bool roundDivision = false)
        : this(beats, instruments, new double[beats * instruments.Count], new double[beats * instruments.Count], new double[beats * instruments.Count], learningRate, roundDivision)
    {
        // Draw order: every bias, then every dynamic, then every division, each beat-major.
        for (int k = 0; k < Bias.Length; k++) Bias[k] = rng.Gaussian();
        for (int k = 0; k < Dynamic.Length; k++) Dynamic[k] = rng.Uniform();
        for (int k = 0; k < Division.Length; k++) Division[k] = 1 + rng.Uniform();
    }

    public DrumLayer(int beats, IReadOnlyList<string> instruments, double[] bias, double[] dynamic, double[] division, double learningRate = 0.1, bool roundDivision = false)
    {
        if (beats < 1) throw new ArgumentException("beats must be ≥ 1.");
        if (instruments.Count < 1) throw new ArgumentException("A drum layer needs at least one instrument.");
        int size = beats * instruments.Count;
        if (bias.Length != size || dynamic.Length != size || division.Length != size)
            throw new ArgumentException($"Drum layer matrices must hold beats × instruments = {size} values.");
        if (!(learningRate >= 0) || !double.IsFinite(learningRate)) throw new ArgumentException($"drum learningRate must be finite and ≥ 0 (got {learningRate}).");
        Beats = beats;
        InstrumentNames = instruments.ToArray();
        Bias = bias;
        Dynamic = dynamic;
        Division = division;
        LearningRate = learningRate;
        RoundDivision = roundDivision;
    }

    public int Beats { get; }
    public int Instruments => InstrumentNames.Count;
    public IReadOnlyList<string> InstrumentNames { get; }
    /// <summary>Bias b, beat-major (k·m + i). Mutable: owner only.</summary>
    public double[] Bias { get; }
    /// <summary>Dynamic mean f in [0, 1].</summary>
    public double[] Dynamic { get; }
    /// <summary>Division mean r in [1, 4].</summary>
    public double[] Division { get; }
    public double LearningRate { get; }
    /// <summary>The original floors the division sample (about 0.5 below r on average); rounding is the option.</summary>
    public bool RoundDivision { get; }

    public DrumSample NewSample() => new(Beats, Instruments);

    /// <summary>Copies another layer's parameters of the same shape into this one, without allocating (snapshots).</summary>
    public void CopyFrom(DrumLayer other)
    {
        if (other.Bias.Length != Bias.Length) throw new ArgumentException("Drum layer shapes differ.", nameof(other));
        other.Bias.CopyTo(Bias, 0);
        other.Dynamic.CopyTo(Dynamic, 0);
        other.Division.CopyTo(Division, 0);
    }

    /// <summary>
    /// An instrument name as matched against a kit: only its letters and digits count, ignoring case (spaces, '-', '_',
    /// '.' and every other character are dropped), so "closed-hihat", "Closed hi-hat" and "closed_hihat" are one instrument.
    /// </summary>
    public static string MatchKey(string name) =>
        new string([.. name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    /// <summary>
    /// This layer with its instruments in the kit's order, matched by name (<see cref="MatchKey"/>); this layer itself
    /// when the order already agrees. Throws <see cref="ArgumentException"/> naming both lists when the names differ,
    /// so a model never plays its bass settings on the kit's kick.
    /// </summary>
    public DrumLayer MatchTo(IReadOnlyList<string> kitNames, string kitName)
    {
        string Lists() => $"the model's drum layer has [{string.Join(", ", InstrumentNames)}] but the kit '{kitName}' has [{string.Join(", ", kitNames)}]";
        var kitKeys = kitNames.Select(MatchKey).ToArray();
        if (kitKeys.Distinct().Count() != kitKeys.Length)
            throw new ArgumentException($"{Lists()}: the kit names an instrument twice, so the model's instruments cannot be matched to it by name.");
        var ownKeys = InstrumentNames.Select(MatchKey).ToArray();
        if (ownKeys.Distinct().Count() != ownKeys.Length)
            throw new ArgumentException($"{Lists()}: the model names an instrument twice.");
        if (kitKeys.Length != ownKeys.Length || kitKeys.Except(ownKeys).Any())
            throw new ArgumentException($"{Lists()}; instruments are matched by name (only letters and digits count, ignoring case).");
        if (kitKeys.SequenceEqual(ownKeys)) return this;
        int m = Instruments;
        var from = kitKeys.Select(k => Array.IndexOf(ownKeys, k)).ToArray();
        double[] Reorder(double[] a)
        {
            var r = new double[a.Length];
            for (int k = 0; k < Beats; k++)
                for (int i = 0; i < m; i++) r[k * m + i] = a[k * m + from[i]];
            return r;
        }
        return new DrumLayer(Beats, [.. from.Select(i => InstrumentNames[i])], Reorder(Bias), Reorder(Dynamic), Reorder(Division), LearningRate, RoundDivision);
    }

    public DrumLayer Clone() => new(Beats, InstrumentNames, (double[])Bias.Clone(), (double[])Dynamic.Clone(), (double[])Division.Clone(), LearningRate, RoundDivision);

    /// <summary>
    /// p = σ(a + b), h ~ Bernoulli(p), g = clip(f + N(0,1)/4, 0, 1), e = floor(clip(r + N(0,1), 1, 4)).
    /// Draw order per cell, beat-major: hit, dynamic, division; every cell draws all three, hit or not.
    /// </summary>
    public void Sample(int pattern, ReadOnlySpan<double> visiblePreActivation, SeededRandom rng, DrumSample into)
    {
        if (visiblePreActivation.Length != Beats) throw new ArgumentException($"Expected {Beats} pre-activations.");
        into.Pattern = pattern;
        int m = Instruments;
        for (int k = 0; k < Beats; k++)
        {
            for (int i = 0; i < m; i++)
            {
                int c = k * m + i;
                double p = Logistic.Sigmoid(visiblePreActivation[k] + Bias[c]);
                into.Probability[c] = p;
                into.Hit[c] = rng.Uniform() < p;
                into.Dynamic[c] = Math.Clamp(Dynamic[c] + rng.Gaussian() / 4, 0, 1);
                double e = Math.Clamp(Division[c] + rng.Gaussian(), 1, 4);
                into.Division[c] = (int)(RoundDivision ? Math.Round(e, MidpointRounding.ToEven) : Math.Floor(e));
            }
        }
    }

    /// <summary>
    /// A like pulls every cell toward what was heard: b −= lr(p − h), f −= lr(f − g), r −= lr(r − e).
    /// The judged pattern's own division sample is used (the original passed a stale global one).
    /// </summary>
    public void Like(DrumSample heard)
    {
        double lr = LearningRate;
        for (int c = 0; c < Bias.Length; c++)
        {
            Bias[c] -= lr * (heard.Probability[c] - (heard.Hit[c] ? 1 : 0));
            Dynamic[c] -= lr * (Dynamic[c] - heard.Dynamic[c]);
            Division[c] -= lr * (Division[c] - heard.Division[c]);
        }
    }
}
