using System.Text.Json;
using ActionPerception.Simulations.Export;
using CsvHelper;
using NAudio.Midi;
using Parquet;
using Parquet.Schema;

namespace ActionPerception.Tests.Simulations;

/// <summary>Two short oracle sessions in one sweep-like folder, shared by the export tests (which write elsewhere).</summary>
public sealed class ExportRunsFixture
{
    public ExportRunsFixture()
    {
        Root = Fixtures.TempDir();
        foreach (var (name, seed, bpm) in new[] { ("a", "3", "300"), ("b", "4", "240") })
        {
            var r = Ap.Run(Root, "simulate", "--duration", "60", "--bpm", bpm, "--listener", "oracle", "--seed", seed, "--out", Path.Combine("sweep", name));
            if (r.ExitCode != 0) throw new InvalidOperationException("simulate failed: " + r.Err + r.Out);
        }
    }

    public string Root { get; }
    public string Sweep => Path.Combine(Root, "sweep");
    public string RunA => Path.Combine(Sweep, "a");
}

public class ExportTests(ExportRunsFixture runs) : IClassFixture<ExportRunsFixture>
{
    internal static List<Dictionary<string, string?>> ReadCsv(string path)
    {
        using var reader = CsvReader.Create(File.OpenText(path), null, false);
        reader.ReadHeader();
        var names = reader.Headers.ToArray();
        var rows = new List<Dictionary<string, string?>>();
        while (reader.Read())
            rows.Add(names.Select((n, i) => (n, v: reader.GetString(i))).ToDictionary(x => x.n, x => (string?)x.v));
        return rows;
    }

    private static Dictionary<string, object?[]> ReadParquet(string path)
    {
        var result = new Dictionary<string, object?[]>();
        var rows = ParquetSerializerRead(path);
        foreach (var key in rows.Count > 0 ? rows[0].Keys : [])
            result[key] = [.. rows.Select(r => r[key])];
        return result;
    }

    private static List<IDictionary<string, object?>> ParquetSerializerRead(string path)
    {
        using var stream = File.OpenRead(path);
        var data = Parquet.Serialization.ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult();
        return [.. data.Data.Select(d => (IDictionary<string, object?>)d)];
    }

    [Fact]
    public async Task Tables_have_one_row_per_heard_pattern_and_judgement_and_agree_with_the_log_in_csv_and_parquet()
    {
        string dir = Path.Combine(Fixtures.TempDir(), "t");
        var r = Ap.Run(runs.Root, "export", runs.RunA, "--tables", dir);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);

        var log = RawLog.Read(Path.Combine(runs.RunA, "session.jsonl"));
        var heard = log.OfType("pattern").ToList();
        var judgements = log.OfType("judgement").ToList();
        var applied = judgements.Where(j => j.GetProperty("status").GetString() == "applied" && j.GetProperty("kind").GetString() is "like" or "dislike").ToList();

        var patterns = ReadCsv(Path.Combine(dir, "patterns.csv"));
        Assert.Equal(heard.Count, patterns.Count);
        for (int i = 0; i < heard.Count; i++)
        {
            long serial = heard[i].GetProperty("serial").GetInt64();
            Assert.Equal(serial.ToString(System.Globalization.CultureInfo.InvariantCulture), patterns[i]["serial"]);
            Assert.Equal(heard[i].GetProperty("beats").GetString(), patterns[i]["beats"]);
            var mine = applied.Where(j => j.GetProperty("serial").GetInt64() == serial).ToList();
            Assert.Equal(mine.Count == 0 ? "none" : mine[^1].GetProperty("kind").GetString(), patterns[i]["judgement"]);
            // Hits per instrument: the pattern event's hit counts, in the instrument's own column.
            foreach (var inst in heard[i].GetProperty("instruments").EnumerateArray())
                Assert.Equal(inst.GetProperty("hits").EnumerateArray().Count(h => h.GetInt32() != 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    patterns[i][TidyTables.HitsColumn(inst.GetProperty("name").GetString()!)]);
            Assert.Equal("a", patterns[i]["run"]);
            Assert.Equal("", patterns[i]["participant"]);
        }
        Assert.Contains("hits_closed_hi_hat", patterns[0].Keys);
        Assert.Equal(judgements.Count, ReadCsv(Path.Combine(dir, "judgements.csv")).Count);
        Assert.Equal(log.OfType("epoch").Count(), ReadCsv(Path.Combine(dir, "epochs.csv")).Count);
        var block = Assert.Single(ReadCsv(Path.Combine(dir, "blocks.csv")));
        Assert.Equal("oracle", block["listener"]);
        Assert.Equal("300", block["bpm"]);
        Assert.Empty(ReadCsv(Path.Combine(dir, "answers.csv")));

        // The Parquet file holds the same cells, typed.
        var pq = ReadParquet(Path.Combine(dir, "patterns.parquet"));
        Assert.Equal(patterns.Select(p => long.Parse(p["serial"]!, System.Globalization.CultureInfo.InvariantCulture)), pq["serial"].Select(v => (long)v!));
        Assert.Equal(patterns.Select(p => p["judgement"]), pq["judgement"].Select(v => (string?)v));
        Assert.Equal(patterns.Select(p => p["start"]), pq["start"].Select(v => ((double)v!).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        // A column with no value in this run is still in the schema (stacked with a study's tables it has values).
        var schema = await ParquetReader.ReadSchemaAsync(Path.Combine(dir, "patterns.parquet"));
        var participant = Assert.Single(schema.GetDataFields(), f => f.Name == "participant");
        Assert.True(participant.IsNullable);
        Assert.Contains(participant.ClrType, new[] { typeof(string), typeof(ReadOnlyMemory<char>) }); // Parquet.Net 6 reads UTF-8 text as either
    }

    [Fact]
    public void A_sweep_folder_exports_every_run_below_it()
    {
        string dir = Path.Combine(Fixtures.TempDir(), "t");
        var r = Ap.Run(runs.Root, "export", runs.Sweep, "--tables", dir, "--format", "csv");
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        Assert.Equal(["a", "b"], ReadCsv(Path.Combine(dir, "blocks.csv")).Select(b => b["run"]!));
        Assert.False(File.Exists(Path.Combine(dir, "blocks.parquet")));
        Assert.Contains("(sweep)", r.Out);
    }

    [Fact]
    public void Midi_holds_every_hit_of_every_liked_pattern_with_its_gm_note_velocity_and_the_sessions_tempo()
    {
        string file = Path.Combine(Fixtures.TempDir(), "liked.mid");
        var r = Ap.Run(runs.Root, "export", runs.RunA, "--midi", file);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);

        var log = RawLog.Read(Path.Combine(runs.RunA, "session.jsonl"));
        var lastKind = log.OfType("judgement").Where(j => j.GetProperty("status").GetString() == "applied" && j.GetProperty("kind").GetString() is "like" or "dislike")
            .GroupBy(j => j.GetProperty("serial").GetInt64()).ToDictionary(g => g.Key, g => g.Last().GetProperty("kind").GetString());
        var liked = log.OfType("pattern").Where(p => lastKind.GetValueOrDefault(p.GetProperty("serial").GetInt64()) == "like").ToList();
        Assert.NotEmpty(liked);
        // Expected notes, independently: instrument name → GM note by hand, every stroke of every hit.
        var gm = new Dictionary<string, int> { ["kick"] = 36, ["snare"] = 38, ["clap"] = 39, ["closed hi-hat"] = 42, ["open hi-hat"] = 46, ["bass"] = 35 };
        var expected = new List<(long Tick, int Note, int Velocity)>();
        for (int n = 0; n < liked.Count; n++)
            foreach (var inst in liked[n].GetProperty("instruments").EnumerateArray())
            {
                var hits = inst.GetProperty("hits").EnumerateArray().Select(h => h.GetInt32()).ToArray();
                var dyn = inst.GetProperty("dynamics").EnumerateArray().Select(h => h.GetDouble()).ToArray();
                var div = inst.GetProperty("divisions").EnumerateArray().Select(h => h.GetInt32()).ToArray();
                for (int k = 0; k < hits.Length; k++)
                    if (hits[k] != 0)
                        for (int j = 0; j < Math.Max(1, div[k]); j++)
                            expected.Add(((n * 10L + k) * 480 + j * (480 / Math.Max(1, div[k])), gm[inst.GetProperty("name").GetString()!],
                                Math.Clamp((int)Math.Round(dyn[k] * 127, MidpointRounding.AwayFromZero), 1, 127)));
            }

        var midi = new MidiFile(file, false);
        Assert.Equal(480, midi.DeltaTicksPerQuarterNote);
        var tempo = Assert.Single(midi.Events[0].OfType<TempoEvent>());
        Assert.Equal(200_000, tempo.MicrosecondsPerQuarterNote); // 300 BPM
        Assert.Equal(10, Assert.Single(midi.Events[0].OfType<TimeSignatureEvent>()).Numerator);
        var notes = midi.Events[1].OfType<NoteOnEvent>().Where(e => e.Velocity > 0).ToList();
        Assert.All(notes, e => Assert.Equal(10, e.Channel));
        Assert.Equal(expected.OrderBy(e => e.Tick).ThenBy(e => e.Note).ThenBy(e => e.Velocity),
            notes.Select(e => (e.AbsoluteTime, e.NoteNumber, e.Velocity)).OrderBy(e => e.AbsoluteTime).ThenBy(e => e.NoteNumber).ThenBy(e => e.Velocity));
    }

    [Fact]
    public void Wav_renders_one_buffer_per_liked_pattern_at_the_sessions_rate()
    {
        string file = Path.Combine(Fixtures.TempDir(), "liked.wav");
        var r = Ap.Run(runs.Root, "export", runs.RunA, "--wav", file, "--tables", Path.Combine(Path.GetDirectoryName(file)!, "t"), "--format", "csv");
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        int liked = ReadCsv(Path.Combine(Path.GetDirectoryName(file)!, "t", "patterns.csv")).Count(p => p["judgement"] == "like");
        using var wav = new NAudio.Wave.WaveFileReader(file);
        Assert.Equal(22050, wav.WaveFormat.SampleRate);
        long buffer = 22050 * 2; // 10 beats at 300 BPM
        Assert.InRange(wav.SampleCount, liked * buffer, (liked + 1) * buffer);
    }

    [Fact]
    public void Export_refuses_to_replace_a_file_and_names_the_fix()
    {
        string dir = Fixtures.TempDir();
        string mine = Path.Combine(dir, "patterns.csv");
        File.WriteAllText(mine, "mine");
        var r = Ap.Run(runs.Root, "export", runs.RunA, "--tables", dir);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("--force", r.Err);
        Assert.Equal("mine", File.ReadAllText(mine));
        Assert.Equal([mine], Directory.GetFiles(dir));

        var none = Ap.Run(runs.Root, "export", runs.RunA);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--tables", none.Err);
        var missing = Ap.Run(runs.Root, "export", Path.Combine(dir, "nothing"), "--tables", Path.Combine(dir, "x"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Fix:", missing.Err);
    }

    [Fact]
    public void General_midi_map_names_the_built_in_kit_and_gives_unknown_instruments_free_notes()
    {
        var (notes, unmapped) = GeneralMidi.Map(["kick", "snare", "clap", "closed hi-hat", "open hi-hat", "bass", "glass", "sd", "wood block"]);
        Assert.Equal([36, 38, 39, 42, 46, 35, 41, 38, 76], notes);
        Assert.Equal(["glass"], unmapped);
        Assert.Equal(1, GeneralMidi.Velocity(0));
        Assert.Equal(127, GeneralMidi.Velocity(1));
        Assert.Equal(64, GeneralMidi.Velocity(0.5));
    }
}
