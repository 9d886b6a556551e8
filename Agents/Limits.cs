namespace ActionPerception.Agents;

/// <summary>
/// Ceilings on the sizes and rates of the model, training and generation a user can set, derived from memory and time
/// (documented in README.md, "Limits"). Settings beyond them are refused up front, before anything is created. Not
/// every ceiling lives here: input file size caps sit beside their readers (e.g. <c>InputFiles</c>, <c>KitManifest</c>,
/// <c>KitLoader</c>), and some settings check their own ranges.
/// </summary>
public static class Limits
{
    /// <summary>Data per epoch: an epoch holds nData pattern indices (40 MB at the ceiling) and takes seconds, not hours.</summary>
    public const int MaxNData = 10_000_000;

    /// <summary>
    /// Learning rate of the Helmholtz machine: 0 &lt; lr ≤ 10. Larger steps overflow the weights within a few epochs
    /// (15 does in a ten-minute session); the original uses 0.1.
    /// </summary>
    public const double MaxLearningRate = 10;

    /// <summary>Learning rate of the drum layer: 0 ≤ lr ≤ 1, so that a like moves dynamics and divisions toward what was heard without overshooting.</summary>
    public const double MaxDrumLearningRate = 1;

    /// <summary>Wake-sleep steps per second of audio (the default is 800): at the ceiling a virtual second costs about a tenth of a CPU second.</summary>
    public const double MaxStepsPerSecond = 100_000;

    /// <summary>Wake-sleep steps of one session or one `ap train` (steps per second × duration, epochs × nData): about a day of one core.</summary>
    public const double MaxTotalSteps = 1e11;

    /// <summary>
    /// Wake-sleep steps of a Helmholtz listener's pretraining (pretrainEpochs × nData), done before the session starts:
    /// about half an hour of one core at ~450k steps/s (the default is 100 × 500 = 5e4).
    /// </summary>
    public const double MaxPretrainSteps = 1e9;

    /// <summary>Runs of one sweep (grid points × seeds): each is a folder and a row of the summary.</summary>
    public const long MaxSweepRuns = 100_000;

    /// <summary>
    /// The largest magnitude of a weight, in a model file or during training. A sigmoid unit is saturated long before
    /// (σ(±40) is 1 or 0 in double precision), so a larger weight means training diverged.
    /// </summary>
    public const double MaxWeight = 1e6;

    /// <summary>Characters of a scenario or sweep name, which names run folders and files.</summary>
    public const int MaxNameLength = 100;
}
