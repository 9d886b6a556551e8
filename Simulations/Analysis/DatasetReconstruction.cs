using System.Text.Json;
using ActionPerception.Agents.Files;
using ActionPerception.Agents.Niche;
using ActionPerception.Environment.Checkpoints;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Simulations.Analysis;

/// <summary>
/// The preference dataset is not in the session log, so it is rebuilt: the scenario's starting dataset (or the
/// checkpoint a resumed session started from), then every applied like and dislike in log order, with the same
/// arithmetic as <see cref="PreferenceDataset"/>.
/// </summary>
public static class DatasetReconstruction
{
    /// <summary>The dataset at the start of the session, or null with the reason when it cannot be found.</summary>
    public static (PreferenceDataset? Dataset, string? Problem) Initial(JsonElement header, string runFolder)
    {
        if (!header.TryGetProperty("scenario", out var scenarioJson))
            return (null, "the log header holds no scenario");
        Scenario scenario;
        try
        {
            scenario = JsonFiles.Parse<Scenario>("log header", scenarioJson.GetRawText(), "scenario", "read a log written by this version")
                with { BaseDirectory = runFolder };
        }
        catch (InputFileException e) { return (null, e.Message); }
        int beats = scenario.Generator.Layers[0];
        if (header.TryGetProperty("initialDataset", out var initial))
        {
            try
            {
                var dto = JsonSerializer.Deserialize<DatasetFile.Dto>(initial.GetRawText(), JsonFiles.Read)!;
                return (DatasetFile.FromDto("log header (initialDataset)", dto), null);
            }
            catch (Exception e) when (e is JsonException or InputFileException) { return (null, $"the log's initialDataset is unreadable: {e.Message}"); }
        }
        // Logs written before the header carried the dataset: look for the files it names, never in the current folder.
        if (header.TryGetProperty("resumedFrom", out var resumed) && resumed.TryGetProperty("checkpoint", out var cpPath))
        {
            string path = cpPath.GetString() ?? "";
            foreach (var candidate in new[] { Path.Combine(runFolder, path), Path.Combine(runFolder, Path.GetFileName(path)) })
            {
                if (!File.Exists(candidate)) continue;
                try { return (Checkpoint.Load(candidate).Dataset.Clone(), null); }
                catch (InputFileException e) { return (null, e.Message); }
            }
            return (null, $"the session resumed from {path}, which is not there, so its starting dataset is unknown");
        }
        var d = scenario.Dataset;
        if (d.File is null) return (PreferenceDataset.Default(beats, d.LikeIncrement, d.DislikeDecrement), null);
        // The log keeps the scenario's path as written; it was relative to the scenario file, which the log does not name.
        foreach (var candidate in Path.IsPathRooted(d.File) ? new[] { d.File } : new[] { Path.Combine(runFolder, d.File) })
        {
            if (!File.Exists(candidate)) continue;
            try
            {
                var loaded = DatasetFile.Load(candidate);
                return (new PreferenceDataset(loaded.PatternLength, loaded.Counts, d.LikeIncrement, d.DislikeDecrement), null);
            }
            catch (InputFileException e) { return (null, e.Message); }
        }
        return (null, $"the starting dataset file '{d.File}' is not found next to the log");
    }

    /// <summary>Applies the applied judgements (events of type "judgement" with status "applied") in order.</summary>
    public static PreferenceDataset Apply(PreferenceDataset initial, IEnumerable<JsonElement> judgements)
    {
        var d = initial.Clone();
        foreach (var j in judgements)
        {
            if (j.GetProperty("type").GetString() != "judgement") continue;
            if (!j.TryGetProperty("status", out var st) || st.GetString() != "applied") continue;
            int pattern = j.GetProperty("pattern").GetInt32();
            switch (j.GetProperty("kind").GetString())
            {
                case "like": d.Like(pattern); break;
                case "dislike": d.Dislike(pattern); break;
            }
        }
        return d;
    }
}
