using System.Text.Json;
using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Audio;

namespace ActionPerception.Simulations.Cli;

/// <summary>
/// The calibrations measured by <c>ap calibrate</c>, one per output, in a small versioned JSON file (docs/platform.md):
/// by default <c>calibration.json</c> in the user's application-data folder (Linux: $XDG_CONFIG_HOME or ~/.config,
/// under actionperception/), or the file given with <c>--calibration</c>.
/// </summary>
public sealed record CalibrationFile
{
    public const int CurrentSchema = 1;
    /// <summary>An offset beyond this is no output latency but a mistake (a press per other click).</summary>
    public const double MaxOffsetSeconds = 1.0;
    private const string What = "calibration";
    private const string Fix = "run `ap calibrate` again to write a fresh one, or give another file with --calibration";

    public int SchemaVersion { get; init; } = CurrentSchema;
    /// <summary>By output key (<see cref="OutputSpec.Key"/>).</summary>
    public Dictionary<string, OutputCalibration> Calibrations { get; init; } = [];

    /// <summary>Where calibrations are kept unless <c>--calibration</c> says otherwise.</summary>
    public static string DefaultPath => Path.Combine(
        System.Environment.GetFolderPath(System.Environment.SpecialFolder.ApplicationData, System.Environment.SpecialFolderOption.DoNotVerify),
        "actionperception", "calibration.json");

    /// <summary>The file at <paramref name="path"/>; an empty set when there is none yet.</summary>
    public static CalibrationFile Load(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) return new CalibrationFile();
        var file = JsonFiles.Load<CalibrationFile>(path, What, Fix);
        if (file.SchemaVersion != CurrentSchema)
            throw new InputFileException(path, "schemaVersion", $"schema version {file.SchemaVersion} is not one this program reads ({CurrentSchema})", Fix);
        foreach (var (key, c) in file.Calibrations)
        {
            if (c is null || !double.IsFinite(c.OffsetSeconds) || Math.Abs(c.OffsetSeconds) > MaxOffsetSeconds
                || !double.IsFinite(c.SpreadSeconds) || c.SpreadSeconds < 0)
                throw new InputFileException(path, $"calibrations.{key}", $"the offset must be a finite number within ±{MaxOffsetSeconds} s and the spread ≥ 0", Fix);
            if (c.Output != key)
                throw new InputFileException(path, $"calibrations.{key}", $"the entry names the output '{c.Output}'", Fix);
        }
        return file;
    }

    /// <summary>The calibration of <paramref name="spec"/>, or null.</summary>
    public OutputCalibration? For(OutputSpec spec) => Calibrations.GetValueOrDefault(spec.Key);

    /// <summary>Writes this file atomically (a crash leaves the old file or the new one), making its folder if needed.</summary>
    public void Save(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        SafeFile.WriteAllTextAtomically(path, JsonSerializer.Serialize(this, JsonFiles.Write) + "\n", overwrite: true);
    }
}
