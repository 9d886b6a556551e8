using System.Text;
using System.Text.Json.Nodes;
using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents;

public class FileTests
{
    private static GeneratorModel SampleModel()
    {
        var rng = new SeededRandom(9);
        var m = new HelmholtzMachine(new MachineSettings { Init = WeightInit.Random }, rng);
        return new GeneratorModel(m, new DrumLayer(10, ["kick", "snare", "clap", "hh", "oh", "bass"], rng), 7);
    }

    [Fact]
    public void Model_round_trips_bit_for_bit()
    {
        var dir = Fixtures.TempDir();
        var path = Path.Combine(dir, "m.json");
        var model = SampleModel();
        ModelFile.Save(path, model, overwrite: false);
        var back = ModelFile.Load(path);
        Assert.Equal(ModelFile.Serialize(model), ModelFile.Serialize(back));
        Assert.Equal(7, back.TrainedEpochs);
        Assert.Equal(model.Machine.Generative(2).ToArray(), back.Machine.Generative(2).ToArray());
        Assert.Equal(model.Drums!.Division, back.Drums!.Division);
    }

    [Fact]
    public void Saving_never_replaces_an_existing_file_unasked()
    {
        var dir = Fixtures.TempDir();
        var path = Path.Combine(dir, "m.json");
        File.WriteAllText(path, "mine");
        var e = Assert.Throws<IOException>(() => ModelFile.Save(path, SampleModel(), overwrite: false));
        Assert.Contains("--force", e.Message);
        Assert.Equal("mine", File.ReadAllText(path));
        ModelFile.Save(path, SampleModel(), overwrite: true);
        Assert.NotEqual("mine", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir)); // no temporary left behind
    }

    public static TheoryData<string, string, string> BadModels()
    {
        var good = JsonNode.Parse(ModelFile.Serialize(SampleModel()))!;
        string With(Action<JsonNode> change) { var n = good.DeepClone(); change(n); return n.ToJsonString(); }
        return new()
        {
            { "", "empty", "" },
            { "{\"schemaVersion\": 1, \"layers\": [10,", "not a valid model file", "line" },
            { "[1,2,3]", "not a valid model file", "" },
            { With(n => n["schemaVersion"] = 99), "unknown schema version 99", "schemaVersion" },
            { With(n => n.AsObject().Remove("schemaVersion")), "'schemaVersion' is missing", "schemaVersion" },
            { With(n => n["layers"] = new JsonArray(10, 8, 6, 3, 2)), "top unit", "layers" },
            { With(n => n["layers"] = new JsonArray(20, 8, 6, 3, 1)), "exact tables", "layers" },
            { With(n => n["generative"]![1]!.AsArray().RemoveAt(0)), "rows", "generative[1]" },
            { With(n => n["recognition"]![0]![2]!.AsArray().RemoveAt(10)), "columns", "recognition[0][2]" },
            { With(n => n["generative"]![2]![1]![3] = "NaN"), "NaN", "generative[2][1][3]" },
            { With(n => n["generative"]![0]![0]![0] = "Infinity"), "Infinity", "generative[0][0][0]" },
            { With(n => n["recognition"]!.AsArray().RemoveAt(3)), "matrices", "recognition" },
            { With(n => n["drumLayer"]!["dynamic"]![2]![1] = 1.5), "[0, 1]", "drumLayer.dynamic[2][1]" },
            { With(n => n["drumLayer"]!["bias"]!.AsArray().RemoveAt(0)), "one per beat", "drumLayer.bias" },
            { With(n => n["training"]!["init"] = "gaussian"), "unknown", "training.init" },
            { With(n => n["colour"] = "red"), "unknown field", "colour" },
        };
    }

    [Theory]
    [MemberData(nameof(BadModels))]
    public void Bad_model_files_are_rejected_with_file_place_and_fix(string json, string problem, string place)
    {
        var e = Assert.Throws<InputFileException>(() => ModelFile.Parse("model.json", json));
        Assert.StartsWith("model.json", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Contains(place, e.Message);
        Assert.Contains("Fix:", e.Message);
    }

    [Fact]
    public void Missing_model_file_is_named()
    {
        var e = Assert.Throws<InputFileException>(() => ModelFile.Load("/nonexistent/m.json"));
        Assert.Contains("/nonexistent/m.json", e.Message);
    }

    [Fact]
    public void Dataset_json_loads_the_original_authors_file_and_round_trips()
    {
        var d = DatasetFile.Load(Fixtures.UserDataset);
        Assert.Equal(10, d.PatternLength);
        var path = Path.Combine(Fixtures.TempDir(), "d.json");
        DatasetFile.Save(path, d, overwrite: false);
        Assert.Equal(d.Counts.ToArray(), DatasetFile.Load(path).Counts.ToArray());
    }

    [Theory]
    [InlineData("{\"counts\": [1, 2, 3]}", "not a power of two", "counts")]
    [InlineData("{\"counts\": [1, -2, 3, 4]}", "negative", "counts[1]")]
    [InlineData("{\"counts\": [1, \"NaN\", 3, 4]}", "NaN", "counts[1]")]
    [InlineData("{\"patternLength\": 3, \"counts\": [1, 2, 3, 4]}", "patternLength", "patternLength")]
    [InlineData("{\"schemaVersion\": 2, \"counts\": [1, 2]}", "unknown schema version", "schemaVersion")]
    [InlineData("{\"patternLength\": 2}", "'counts' is missing", "counts")]
    [InlineData("{\"counts\": [1, 2", "not a valid dataset file", "line")]
    [InlineData("not json", "not a valid dataset file", "line")]
    public void Bad_dataset_files_are_rejected(string json, string problem, string place)
    {
        var path = Path.Combine(Fixtures.TempDir(), "bad.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<InputFileException>(() => DatasetFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Contains(place, e.Message);
    }

    internal static byte[] Npy(string descr, string shape, byte[] data, int version = 1)
    {
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int pre = version == 1 ? 10 : 12;
        int total = (pre + header.Length + 1 + 63) / 64 * 64;
        header = header.PadRight(total - pre - 1) + "\n";
        var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
        if (version == 1) ms.Write(BitConverter.GetBytes((ushort)header.Length));
        else ms.Write(BitConverter.GetBytes((uint)header.Length));
        ms.Write(Encoding.Latin1.GetBytes(header));
        ms.Write(data);
        return ms.ToArray();
    }

    [Theory]
    [InlineData("<i8", 1)]
    [InlineData("<i4", 1)]
    [InlineData("<f8", 1)]
    [InlineData("<f4", 2)]
    [InlineData(">i4", 1)]
    [InlineData("|u1", 3)]
    public void Npy_counts_load_in_every_integer_and_float_layout(string descr, int version)
    {
        var values = Enumerable.Range(0, 16).Select(i => (double)(i % 5)).ToArray();
        int size = int.Parse(descr[2..]);
        var data = new byte[16 * size];
        for (int i = 0; i < 16; i++)
        {
            byte[] b = (descr[1], size) switch
            {
                ('i', 8) => BitConverter.GetBytes((long)values[i]),
                ('i', 4) => BitConverter.GetBytes((int)values[i]),
                ('f', 8) => BitConverter.GetBytes(values[i]),
                ('f', 4) => BitConverter.GetBytes((float)values[i]),
                _ => [(byte)values[i]],
            };
            if (descr[0] == '>') Array.Reverse(b);
            b.CopyTo(data, i * size);
        }
        var path = Path.Combine(Fixtures.TempDir(), "counts.npy");
        File.WriteAllBytes(path, Npy(descr, "(16,)", data, version));
        var d = DatasetFile.Load(path);
        Assert.Equal(4, d.PatternLength);
        Assert.Equal(values, d.Counts.ToArray());
    }

    [Fact]
    public void Bad_npy_files_are_rejected()
    {
        var dir = Fixtures.TempDir();
        void Expect(byte[] bytes, string problem)
        {
            var p = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".npy");
            File.WriteAllBytes(p, bytes);
            var e = Assert.Throws<InputFileException>(() => DatasetFile.Load(p));
            Assert.Contains(problem, e.Message);
            Assert.Contains(p, e.Message);
        }
        var ok = new byte[16 * 8];
        Expect(Encoding.ASCII.GetBytes("hello world, not numpy"), "magic");
        Expect(Npy("<i8", "(16,)", ok)[..^8], "truncated");
        Expect(Npy("<i8", "(12,)", new byte[12 * 8]), "power of two");
        Expect(Npy("<i8", "(4, 4)", ok), "1-D");
        Expect(Npy("<U8", "(16,)", ok), "not an integer or float");
        var neg = (byte[])ok.Clone();
        BitConverter.GetBytes(-3L).CopyTo(neg, 8);
        Expect(Npy("<i8", "(16,)", neg), "negative");
    }
}
