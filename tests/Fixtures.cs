using System.Text.Json;
using ActionPerception.Agents.Helmholtz;

namespace ActionPerception.Tests;

/// <summary>The original author's data and the independent oracle, copied from shared/fixtures into the repo.</summary>
public static class Fixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "fixtures");
    public static string UserDataset => Path.Combine(Dir, "user_dataset.json");
    public static string ExactReference => Path.Combine(Dir, "exact-reference.json");

    public static JsonElement LoadExactReference() =>
        JsonDocument.Parse(File.ReadAllText(ExactReference)).RootElement;

    public static double[] Flat(JsonElement matrix) =>
        matrix.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray();

    public static double[] Vector(JsonElement v) => v.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    /// <summary>A machine with the oracle's weights (nonzero biases).</summary>
    public static HelmholtzMachine ReferenceMachine(JsonElement reference)
    {
        var layers = reference.GetProperty("layers").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        var m = new HelmholtzMachine(new MachineSettings { Layers = layers });
        var rec = reference.GetProperty("recognition");
        var gen = reference.GetProperty("generative");
        for (int l = 0; l < layers.Length - 1; l++)
        {
            m.Recognition(l).SetRowMajor(Flat(rec[l]));
            m.Generative(l).SetRowMajor(Flat(gen[l]));
        }
        return m;
    }

    /// <summary>A two-condition pilot study protocol (counts vs posterior, counterbalanced, fast tempo), for study tests.</summary>
    public static void WritePilotStudyProtocol(string path, int blockSeconds) => File.WriteAllText(path, $$"""
        { "schemaVersion": 1, "format": "actionperception.study", "name": "pilot", "seed": 3,
          "overrides": { "audio": { "bpm": 300 } },
          "blocks": [ { "condition": "counts", "niche": "counts", "durationSeconds": {{blockSeconds}} }, { "condition": "posterior", "niche": "posterior", "durationSeconds": {{blockSeconds}} } ],
          "order": "counterbalanced" }
        """);

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "ap-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(d);
        return d;
    }
}
