using System.Text.Json;
using ActionPerception.Agents.Niche;
using ActionPerception.IO;

namespace ActionPerception.Agents.Files;

/// <summary>
/// Dataset files: JSON <c>{ "schemaVersion": 1, "patternLength": 10, "counts": [ … 2^n numbers … ] }</c>
/// (a file without schemaVersion, like the original author's user_dataset.json, is read as version 1), or a
/// NumPy .npy 1-D array of 2^n counts as the original saved them. See docs/file-formats.md.
/// </summary>
public static class DatasetFile
{
    public const int SchemaVersion = 1;
    private const string Fix = "write { \"schemaVersion\": 1, \"patternLength\": n, \"counts\": [2^n non-negative numbers] } (see docs/file-formats.md)";

    public sealed class Dto
    {
        public int? SchemaVersion { get; set; }
        public string? Description { get; set; }
        public int? PatternLength { get; set; }
        public double[]? Counts { get; set; }
        public double? LikeIncrement { get; set; }
        public double? DislikeDecrement { get; set; }
    }

    public static PreferenceDataset Load(string path)
    {
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            return FromCounts(path, NpyReader.ReadVector(path), null, null, null, "the array");
        return FromDto(path, JsonFiles.Load<Dto>(path, "dataset", Fix));
    }

    /// <summary>Validate a dataset already parsed (e.g. embedded in a checkpoint); <paramref name="path"/> names it in errors.</summary>
    /// <param name="allowEmpty">A checkpoint's dataset may have been disliked down to nothing; a dataset file may not.</param>
    public static PreferenceDataset FromDto(string path, Dto dto, bool allowEmpty = false)
    {
        if (dto.SchemaVersion is int v && v != SchemaVersion)
            throw new InputFileException(path, "schemaVersion", $"unknown schema version {v}; this program reads version {SchemaVersion}", "convert the file to schemaVersion 1 or use a newer ActionPerception");
        if (dto.Counts is null)
            throw new InputFileException(path, "counts", "the field 'counts' is missing", Fix);
        return FromCounts(path, dto.Counts, dto.PatternLength, dto.LikeIncrement, dto.DislikeDecrement, "counts", allowEmpty);
    }

    private static PreferenceDataset FromCounts(string path, double[] counts, int? patternLength, double? like, double? dislike, string field, bool allowEmpty = false)
    {
        if (counts.Length == 0 || (counts.Length & (counts.Length - 1)) != 0)
            throw new InputFileException(path, field, $"{counts.Length} counts is not a power of two; one count per pattern of n beats is 2^n counts", "give 2^n counts, e.g. 1024 for 10 beats");
        int n = System.Numerics.BitOperations.Log2((uint)counts.Length);
        if (n < 1 || n > 16)
            throw new InputFileException(path, field, $"{counts.Length} counts means {n} beats; 1..16 beats are supported", "give between 2 and 65536 counts");
        if (patternLength is int pl && pl != n)
            throw new InputFileException(path, "patternLength", $"patternLength is {pl} but there are {counts.Length} = 2^{n} counts", $"set patternLength to {n} or give 2^{pl} counts");
        for (int i = 0; i < counts.Length; i++)
        {
            if (!double.IsFinite(counts[i]))
                throw new InputFileException(path, $"{field}[{i}]", $"the count is {counts[i]}", "counts must be finite numbers ≥ 0");
            if (counts[i] < 0)
                throw new InputFileException(path, $"{field}[{i}]", $"the count is negative ({counts[i]})", "counts must be ≥ 0");
        }
        double total = 0;
        foreach (double c in counts) total += c;
        if (!(total <= PreferenceDataset.MaxTotal))
            throw new InputFileException(path, field, $"the counts add up to {total}, more than {PreferenceDataset.MaxTotal:0e0}, where sums lose whole counts (or overflow)", "scale the counts down; only their proportions matter for training");
        if (total <= 0 && !allowEmpty)
            throw new InputFileException(path, field, "every count is zero, so the dataset is no distribution: there is nothing to learn and KL(data‖gen) is undefined", "give at least one positive count");
        if (like is double l && (!double.IsFinite(l) || l < 0))
            throw new InputFileException(path, "likeIncrement", $"likeIncrement is {l}", "use a finite number ≥ 0 (default 10)");
        if (dislike is double d && (!double.IsFinite(d) || d < 0))
            throw new InputFileException(path, "dislikeDecrement", $"dislikeDecrement is {d}", "use a finite number ≥ 0 (default 5)");
        return new PreferenceDataset(n, counts, like ?? 10, dislike ?? 5);
    }

    public static Dto ToDto(PreferenceDataset data, string? description = null) => new()
    {
        SchemaVersion = SchemaVersion,
        Description = description,
        PatternLength = data.PatternLength,
        Counts = data.Counts.ToArray(),
        LikeIncrement = data.LikeIncrement,
        DislikeDecrement = data.DislikeDecrement,
    };

    public static void Save(string path, PreferenceDataset data, bool overwrite, string? description = null) =>
        SafeFile.WriteAllTextAtomically(path, JsonSerializer.Serialize(ToDto(data, description), JsonFiles.Write), overwrite);
}
