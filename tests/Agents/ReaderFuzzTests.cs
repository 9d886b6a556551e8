using System.Globalization;
using System.Text;
using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Tests.Agents;

/// <summary>
/// Seeded random mutations of valid files (bit flips, truncations, inserted bytes, swapped numbers): the readers
/// either accept the file or refuse it with their documented exception, never another one.
/// </summary>
public class ReaderFuzzTests
{
    private const int Mutations = 1500;

    private static string ValidModel() => ModelFile.Serialize(new GeneratorModel(
        new HelmholtzMachine(new MachineSettings { Init = WeightInit.Random }, new SeededRandom(3)),
        new DrumLayer(10, ["kick", "snare", "clap"], new SeededRandom(4))));

    private static readonly string[] Numbers = ["0", "-1", "1e308", "-1e308", "NaN", "Infinity", "1.5", "99999999999999999999", "2147483648", "-0", "1e-320", "\"x\"", "null", "[]", "{}", "true"];

    /// <summary>One random mutation of <paramref name="bytes"/>.</summary>
    internal static byte[] Mutate(byte[] bytes, SeededRandom rng)
    {
        var b = new List<byte>(bytes);
        switch ((int)(rng.Uniform() * 5))
        {
            case 0: // bit flips
                for (int k = 0, n = 1 + (int)(rng.Uniform() * 4); k < n && b.Count > 0; k++)
                {
                    int i = (int)(rng.Uniform() * b.Count);
                    b[i] ^= (byte)(1 << (int)(rng.Uniform() * 8));
                }
                break;
            case 1: // truncation
                return [.. b.Take((int)(rng.Uniform() * b.Count))];
            case 2: // inserted bytes
                for (int k = 0, n = 1 + (int)(rng.Uniform() * 8); k < n; k++)
                    b.Insert((int)(rng.Uniform() * (b.Count + 1)), (byte)"{}[],:\"0-.e9 \n\\\0\xff"[(int)(rng.Uniform() * 17)]);
                break;
            case 3: // a number swapped for an extreme or a value of another kind
            {
                string text = Encoding.UTF8.GetString([.. b]);
                var matches = System.Text.RegularExpressions.Regex.Matches(text, @"-?\d+(\.\d+)?([eE][-+]?\d+)?");
                if (matches.Count == 0) break;
                var m = matches[(int)(rng.Uniform() * matches.Count)];
                text = text[..m.Index] + Numbers[(int)(rng.Uniform() * Numbers.Length)] + text[(m.Index + m.Length)..];
                return Encoding.UTF8.GetBytes(text);
            }
            default: // a slice duplicated or deleted
            {
                int i = (int)(rng.Uniform() * b.Count), n = (int)(rng.Uniform() * Math.Min(64, b.Count - i));
                if (rng.Uniform() < 0.5) b.InsertRange(i, b.GetRange(i, n));
                else b.RemoveRange(i, n);
                break;
            }
        }
        return [.. b];
    }

    private static void Fuzz(byte[] valid, ulong seed, Action<byte[]> read, params Type[] documented)
    {
        var rng = new SeededRandom(seed);
        for (int k = 0; k < Mutations; k++)
        {
            var bytes = Mutate(valid, rng);
            try { read(bytes); }
            catch (Exception e)
            {
                if (!documented.Contains(e.GetType()))
                    Assert.Fail($"mutation {k} (seed {seed}) escaped as {e.GetType().Name}: {e.Message}\n{Encoding.UTF8.GetString(bytes)[..Math.Min(400, bytes.Length)]}");
            }
        }
    }

    private static string Text(byte[] b) => new UTF8Encoding(false).GetString(b);

    [Fact]
    public void Model_reader_refuses_mutated_files_only_with_InputFileException() =>
        Fuzz(Encoding.UTF8.GetBytes(ValidModel()), 11, b => ModelFile.Parse("model.json", Text(b)), typeof(InputFileException));

    [Fact]
    public void Dataset_reader_refuses_mutated_files_only_with_InputFileException()
    {
        var counts = Enumerable.Range(0, 1024).Select(i => (i % 7).ToString(CultureInfo.InvariantCulture));
        string valid = $"{{\"schemaVersion\": 1, \"patternLength\": 10, \"likeIncrement\": 10, \"counts\": [{string.Join(", ", counts)}]}}";
        Fuzz(Encoding.UTF8.GetBytes(valid), 12,
            b => DatasetFile.FromDto("dataset.json", JsonFiles.Parse<DatasetFile.Dto>("dataset.json", Text(b), "dataset", "fix")), typeof(InputFileException));
    }

    [Fact]
    public void Scenario_reader_refuses_mutated_files_only_with_documented_exceptions()
    {
        string valid = new Scenario { Name = "fuzz", DurationSeconds = 60 }.ToJson();
        Fuzz(Encoding.UTF8.GetBytes(valid), 13, b => Scenario.Parse(Text(b), "scenario.json"), typeof(InputFileException), typeof(ScenarioException));
    }

    [Fact]
    public void Npy_reader_refuses_mutated_files_only_with_InputFileException()
    {
        var data = new byte[1024 * 8];
        for (int i = 0; i < 1024; i++) BitConverter.TryWriteBytes(data.AsSpan(i * 8), (double)(i % 5));
        var valid = FileTests.Npy("<f8", "(1024,)", data);
        Fuzz(valid, 14, b => NpyReader.ReadVector("data.npy", b), typeof(InputFileException));
    }
}
