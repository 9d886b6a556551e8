using System.CommandLine;
using System.Globalization;
using ActionPerception.Audio;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Simulations.Cli;

/// <summary>The <c>--calibration</c> option, and the step that applies a stored calibration to a human run's scenario.</summary>
public static class CalibrationOptions
{
    public static Option<string?> File() => new("--calibration")
    {
        Description = "Calibration file written by ap calibrate (default: calibration.json in your application-data folder, see docs/platform.md).",
    };

    /// <summary>
    /// Sets <see cref="TimingScenario.KeyLatencySeconds"/> from the calibration of the output the run will play
    /// through, unless the scenario sets it itself, and says on standard error what was applied. The log's header
    /// then holds it (scenario.timing.keyLatencySeconds, and the attribution shift it adds to).
    /// </summary>
    /// <param name="path">The file named by <c>--calibration</c>; null for the default, which may not exist.</param>
    public static Scenario Apply(Scenario s, string? path, TextWriter notes)
    {
        string file = path ?? CalibrationFile.DefaultPath;
        var spec = OutputSpec.Parse(s.Audio.Output).ForRealtime();
        if (s.Timing.KeyLatencySeconds is double own)
        {
            notes.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ap: note: the scenario's timing.keyLatencySeconds ({own * 1000:+0.0;-0.0;0.0} ms) is applied; the calibration file is not read."));
            return s;
        }
        if (path is null && !System.IO.File.Exists(file)) return s;
        var calibration = CalibrationFile.Load(file).For(spec);
        if (calibration is null)
        {
            notes.WriteLine($"ap: note: {file} holds no calibration of {spec.Key}; key presses are attributed without one (run ap calibrate --output {spec.Text} to make one).");
            return s;
        }
        notes.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ap: note: calibration of {spec.Key} applied from {file}: {calibration.Summary()}; each key press is attributed {calibration.OffsetSeconds * 1000:F1} ms earlier."));
        s = s with { Timing = s.Timing with { KeyLatencySeconds = Math.Round(calibration.OffsetSeconds, 6) } };
        s.Validate(file);
        return s;
    }
}
