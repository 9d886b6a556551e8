namespace ActionPerception.Simulations.Cli;

/// <summary>The program's exit codes, documented in README.md.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The command line itself is wrong (unknown option, missing value): System.CommandLine's own code.</summary>
    public const int Usage = 1;
    /// <summary>A file or setting the user gave is unusable; the message names it and the fix.</summary>
    public const int BadInput = 2;
    /// <summary>An output could not be written or would have replaced the user's file.</summary>
    public const int OutputRefused = 3;
    /// <summary>Audio output could not be opened or failed while playing.</summary>
    public const int AudioFailed = 4;
    /// <summary>
    /// Training diverged (a weight, a loss or a divergence became non-finite): the run stopped cleanly and kept what it
    /// had learned before; the message names the epoch and the setting to lower (generator.learningRate, --lr).
    /// </summary>
    public const int Diverged = 5;
    /// <summary>Stopped by Ctrl+C (SIGINT) after writing what it had.</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM after writing what it had.</summary>
    public const int Terminated = 143;
}
