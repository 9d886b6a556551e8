namespace ActionPerception.Agents.Helmholtz;

public enum WeightInit
{
    /// <summary>All weights and biases zero (the original's default).</summary>
    Zero,
    /// <summary>Standard normal weights, zero bias.</summary>
    Random,
}

/// <summary>Active sampling by mutual information (latent diversification), section 4 of the reference.</summary>
public sealed record ActiveSamplingSettings
{
    public bool Enabled { get; init; } = true;
    /// <summary>Every k-th datum of an epoch (i &gt; 0 and i % k == 0) is actively sampled.</summary>
    public int Every { get; init; } = 10;
    /// <summary>Pseudo-count that the running counts start from, times the exact recognition marginals.</summary>
    public double Base { get; init; } = 100;
    /// <summary>Inverse temperature of the choice: probability ∝ exp(Temperature · MI).</summary>
    public double Temperature { get; init; } = 800;

    public void Validate(string where = "activeSampling")
    {
        if (Every < 1) throw new ArgumentException($"{where}.every must be at least 1 (got {Every}); the original uses 10.");
        if (!(Base > 0) || !double.IsFinite(Base)) throw new ArgumentException($"{where}.base must be a positive number (got {Base}); the original uses 100.");
        if (!(Temperature >= 0) || !double.IsFinite(Temperature)) throw new ArgumentException($"{where}.temperature must be a finite number ≥ 0 (got {Temperature}); the original uses 800.");
    }
}

public sealed record MachineSettings
{
    public const int MaxVisibleUnits = 16;
    public const int MaxHiddenUnits = 12;

    /// <summary>Layer sizes from the visible layer to the top unit, which is always the constant 1.</summary>
    public IReadOnlyList<int> Layers { get; init; } = [10, 8, 6, 3, 1];
    public WeightInit Init { get; init; } = WeightInit.Zero;
    /// <summary>The original trains with frozen biases (fz_bias = True); the weight from the top unit is the only learned bias.</summary>
    public bool TrainableBiases { get; init; }
    public double LearningRate { get; init; } = 0.1;
    public ActiveSamplingSettings ActiveSampling { get; init; } = new();

    public int VisibleUnits => Layers[0];

    /// <summary>Throws <see cref="ArgumentException"/> with a message that names the setting and the fix.</summary>
    public void Validate()
    {
        if (Layers is null || Layers.Count < 3)
            throw new ArgumentException("layers must list at least 3 sizes: visible, one hidden layer or more, and the top unit 1 (default 10,8,6,3,1).");
        if (Layers[0] < 1 || Layers[0] > MaxVisibleUnits)
            throw new ArgumentException($"layers[0] (the visible layer, one unit per beat) must be 1..{MaxVisibleUnits} (got {Layers[0]}): exact tables enumerate 2^n states.");
        for (int l = 1; l < Layers.Count - 1; l++)
            if (Layers[l] < 1 || Layers[l] > MaxHiddenUnits)
                throw new ArgumentException($"layers[{l}] (a hidden layer) must be 1..{MaxHiddenUnits} units (got {Layers[l]}): exact tables enumerate 2^n states.");
        if (Layers[^1] != 1)
            throw new ArgumentException($"layers: the last layer must be the single constant top unit, size 1 (got {Layers[^1]}).");
        if (!(LearningRate > 0) || !(LearningRate <= Limits.MaxLearningRate))
            throw new ArgumentException($"learningRate must be greater than 0 and at most {Limits.MaxLearningRate} (got {LearningRate}); larger steps make the weights overflow. The original uses 0.1.");
        ActiveSampling.Validate();
    }
}
