using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Files;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Simulations;

/// <summary>
/// Every bad input (files of every kind, settings, outputs) is refused by `ap` with its documented exit code and one
/// line without a stack trace, and nothing in the working or input folders is created or changed.
/// </summary>
[Collection("in-process ap")]
public sealed class BadInputTests(BadInputTests.Inputs inputs) : IClassFixture<BadInputTests.Inputs>
{
    /// <summary>Input files of every kind, good and broken, written once; cases name them as {in}/NAME.</summary>
    public sealed class Inputs : IDisposable
    {
        public string Dir { get; } = Fixtures.TempDir();

        public static readonly string[] KitNames = ["kick", "snare", "clap", "closed hi-hat", "open hi-hat", "bass"];

        public Inputs()
        {
            var model = new GeneratorModel(new HelmholtzMachine(new MachineSettings()), new DrumLayer(10, KitNames, new SeededRandom(1)));
            string good = ModelFile.Serialize(model);
            Write("model.json", good);
            Write("model-nan.json", Mutate(good, j => j["generative"]![0]![0]![0] = JsonValue.Create(double.NaN)));
            Write("model-huge.json", Mutate(good, j => j["generative"]![0]![0]![0] = 1e308));
            Write("model-2e6.json", Mutate(good, j => j["recognition"]![1]![0]![2] = -2e6));
            Write("model-lr15.json", Mutate(good, j => j["training"]!["learningRate"] = 15));
            Write("model-drumlr.json", Mutate(good, j => j["drumLayer"]!["learningRate"] = 5));
            Write("model-dup.json", Mutate(good, j => j["drumLayer"]!["instruments"]![1] = "kick"));
            Write("model-foreign.json", Mutate(good, j => j["drumLayer"]!["instruments"]![0] = "cowbell"));
            Write("model-badjson.json", good[..(good.Length / 2)]);
            Write("model-wrongtype.json", Mutate(good, j => j["layers"] = "ten"));
            Write("empty.json", "");
            File.WriteAllBytes(Path.Combine(Dir, "binary.json"), [0xff, 0xfe, 0x00, 0x81, 0x7b, 0x7d]);
            Dataset("uniform.json", Enumerable.Repeat(1.0, 1024));
            Dataset("zeros.json", new double[1024]);
            Dataset("overflow.json", Enumerable.Repeat(1e308, 1024));
            Dataset("huge-total.json", Enumerable.Repeat(1e14, 1024));
            Dataset("nonpow2.json", new double[1000]);
            Dataset("negative.json", Enumerable.Range(0, 1024).Select(i => i == 3 ? -1.0 : 1.0));
            Dataset("beats12.json", Enumerable.Repeat(1.0, 4096), 12);
            Write("nan-dataset.json", "{\"schemaVersion\":1,\"counts\":[\"NaN\",1]}");
            File.WriteAllBytes(Path.Combine(Dir, "garbage.npy"), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
            File.WriteAllBytes(Path.Combine(Dir, "truncated.npy"), ActionPerception.Tests.Agents.FileTests.Npy("<f8", "(1024,)", new byte[100]));
            File.WriteAllBytes(Path.Combine(Dir, "matrix.npy"), ActionPerception.Tests.Agents.FileTests.Npy("<f8", "(32, 32)", new byte[8192]));
            File.WriteAllBytes(Path.Combine(Dir, "strings.npy"), ActionPerception.Tests.Agents.FileTests.Npy("<U8", "(1024,)", new byte[32768]));
            Directory.CreateDirectory(Path.Combine(Dir, "folder"));
            Directory.CreateDirectory(Path.Combine(Dir, "kit-empty"));
            Directory.CreateDirectory(Path.Combine(Dir, "kit-garbage"));
            File.WriteAllBytes(Path.Combine(Dir, "kit-garbage", "kick.wav"), [.. "RIFF????WAVEjunkjunkjunk"u8]);
            Directory.CreateDirectory(Path.Combine(Dir, "kit-device"));
            File.CreateSymbolicLink(Path.Combine(Dir, "kit-device", "kick.wav"), "/dev/zero");
            Directory.CreateDirectory(Path.Combine(Dir, "kit-manifest"));
            File.CreateSymbolicLink(Path.Combine(Dir, "kit-manifest", "kit.json"), "/dev/urandom");
            Write("afile", "a user's file");
            Write("existing.wav", "not really a wav");
            Write("nonempty/keep.txt", "keep");
            Write("locked/.ap.lock", System.Environment.ProcessId + "\n");
            Write("locked/session.jsonl", "{}\n");
            Write("stale/.ap.lock", "2147483000\n");
            Write("stale/session.jsonl", "{}\n");
            Write("shard/shard.json", "{\"schemaVersion\":1,\"planHash\":\"x\",\"shard\":1,\"of\":2,\"runs\":[2]}\n");
            Write("shard/sweep.json", "{}\n");
            Write("longname.json", JsonSerializer.Serialize(new { name = new string('x', 300) }));
            Write("seed-negative.json", "{\"seed\": -1}");
            Write("seed-float.json", "{\"seed\": 1.5}");
            Write("ndata.json", "{\"generator\": {\"nData\": 2000000000}}");
            Write("lr15.json", "{\"generator\": {\"learningRate\": 15}}");
            Write("drumlr.json", "{\"generator\": {\"drumLearningRate\": 5}}");
            Write("steps.json", "{\"training\": {\"stepsPerSecond\": 1e9}}");
            Write("unknown-field.json", "{\"durationSecond\": 10}");
            Write("null-section.json", "{\"audio\": null}");
            Write("bad-mode.json", "{\"mode\": \"fast\"}");
            Write("sweep-big.json", JsonSerializer.Serialize(new
            {
                schemaVersion = 1, name = "big",
                grid = new Dictionary<string, int[]>
                {
                    ["audio.bpm"] = [.. Enumerable.Range(30, 200)], ["audio.deviation"] = [.. Enumerable.Range(0, 1000)],
                    ["generator.nData"] = [.. Enumerable.Range(1, 500)], ["checkpoints.everyEpochs"] = [.. Enumerable.Range(0, 1000)],
                },
                seeds = Enumerable.Range(1, 3),
            }));
            Write("sweep-longname.json", JsonSerializer.Serialize(new { schemaVersion = 1, name = new string('s', 300) }));
            Write("sweep-lr.json", "{\"schemaVersion\":1,\"grid\":{\"generator.learningRate\":[0.1,15]}}");
            Write("sweep-ok.json", "{\"schemaVersion\":1,\"scenario\":{\"durationSeconds\":5}}");
            Write("sweep-badfile.json", "{\"schemaVersion\":1,\"scenarioFile\":\"/dev/zero\"}");
            Write("sweep-human.json", "{\"schemaVersion\":1,\"scenario\":{\"listener\":{\"kind\":\"human\"}}}");
            Write("checkpoint-empty.json", "{}");
            Write("checkpoint-notjson.json", "checkpoint");

            // A real checkpoint, to resume from.
            var r = ApInProcess.Run(Dir, "simulate", "--duration", "5", "--out", "cp-run");
            if (r.ExitCode != 0) throw new InvalidOperationException(r.Err);
            string cp = Directory.GetFiles(Path.Combine(Dir, "cp-run"), "checkpoint-*.json").Single();
            File.Copy(cp, Path.Combine(Dir, "checkpoint.json"));
            Write("checkpoint-nan.json", Mutate(File.ReadAllText(cp), j => j["model"]!["generative"]![0]![0]![0] = 1e300));
            // JSON that names a field twice: System.Text.Json would keep the last value (this checkpoint resumed at epoch 7).
            Write("checkpoint-dup.json", "{\"epoch\": 7," + File.ReadAllText(cp).TrimStart()[1..]);
            HostileInputs();
        }

        /// <summary>Inputs of the hostile causes of issue 17: special files, strict JSON, combined work, values that cannot work.</summary>
        private void HostileInputs()
        {
            // Named pipes: opening one for reading waits for a writer, so a check after the open hangs.
            Fifo("pipe.json");
            Directory.CreateDirectory(Path.Combine(Dir, "kit-pipe"));
            Fifo("kit-pipe/kick.wav");
            Directory.CreateDirectory(Path.Combine(Dir, "run-pipe"));
            Fifo("run-pipe/session.jsonl");
            File.WriteAllBytes(Path.Combine(Dir, "descr-short.npy"), ActionPerception.Tests.Agents.FileTests.Npy("<", "(1024,)", new byte[8192]));
            File.WriteAllBytes(Path.Combine(Dir, "descr-twice.npy"), ActionPerception.Tests.Agents.FileTests.Npy("<f8', 'descr': '<i4", "(1024,)", new byte[8192]));
            Write("dup-key.json", "{\"seed\": 1, \"seed\": 2}");
            Write("dup-nested.json", "{\"audio\": {\"bpm\": 120, \"bpm\": 90}}");
            Write("sweep-dup.json", "{\"schemaVersion\":1,\"name\":\"a\",\"name\":\"b\"}");
            Write("sweep-space.json", "{\"schemaVersion\":1,\"name\":\"my sweep\"}");
            Directory.CreateDirectory(Path.Combine(Dir, "kit-dupjson"));
            Write("kit-dupjson/kit.json", "{\"name\": \"a\", \"name\": \"b\"}");
            File.WriteAllBytes(Path.Combine(Dir, "kit-dupjson", "kick.wav"), Wav(44100, 100));
            Directory.CreateDirectory(Path.Combine(Dir, "kit-rate0"));
            File.WriteAllBytes(Path.Combine(Dir, "kit-rate0", "kick.wav"), Wav(0, 100));
            Directory.CreateDirectory(Path.Combine(Dir, "kit-rate1"));
            File.WriteAllBytes(Path.Combine(Dir, "kit-rate1", "kick.wav"), Wav(1, 200_000));
            Write("shift.json", "{\"timing\": {\"attributionShiftSeconds\": 1000}}");
            Write("pretrain.json", "{\"listener\": {\"kind\": \"helmholtz\", \"helmholtz\": {\"pretrainEpochs\": 100000, \"nData\": 1000000}}}");
        }

        /// <summary>A mono 16-bit PCM WAV whose header declares <paramref name="rate"/> Hz, of <paramref name="samples"/> samples.</summary>
        private static byte[] Wav(int rate, int samples)
        {
            var ms = new MemoryStream();
            var w = new BinaryWriter(ms);
            w.Write("RIFF"u8); w.Write(36 + samples * 2); w.Write("WAVE"u8);
            w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(rate); w.Write(rate * 2); w.Write((short)2); w.Write((short)16);
            w.Write("data"u8); w.Write(samples * 2);
            for (int i = 0; i < samples; i++) w.Write((short)(i % 200 * 100));
            return ms.ToArray();
        }

        private void Fifo(string name)
        {
            using var p = System.Diagnostics.Process.Start("mkfifo", Path.Combine(Dir, name));
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"mkfifo {name} failed");
        }

        private static string Mutate(string json, Action<JsonObject> change)
        {
            var j = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true })!.AsObject();
            change(j);
            return j.ToJsonString(new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
        }

        private void Dataset(string name, IEnumerable<double> counts, int? length = null) =>
            Write(name, JsonSerializer.Serialize(new { schemaVersion = 1, patternLength = length ?? 10, counts = counts.ToArray() }));

        private void Write(string name, string text)
        {
            string p = Path.Combine(Dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
            File.WriteAllText(p, text);
        }

        public void Dispose()
        {
            try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        }
    }

    // (arguments with {in} for the inputs folder, exit code, a part of the message)
    public static TheoryData<string, int, string> Cases() => new()
    {
        // train: datasets
        { "train -d {in}/uniform.json", 2, "rounds to 0 copies" },
        { "train -d {in}/uniform.json --n-data 512", 2, "--n-data 513" },
        { "train --n-data 1 -d " + Fixtures.UserDataset, 2, "rounds to 0 copies" },
        { "train -d {in}/zeros.json", 2, "every count is zero" },
        { "train -d {in}/overflow.json", 2, "add up to" },
        { "train -d {in}/huge-total.json", 2, "add up to" },
        { "train -d {in}/nonpow2.json", 2, "power of two" },
        { "train -d {in}/negative.json", 2, "negative" },
        { "train -d {in}/nan-dataset.json", 2, "NaN" },
        { "train -d {in}/beats12.json", 2, "12 beats" },
        { "train -d /dev/zero", 2, "not a regular file" },
        { "train -d /dev/urandom", 2, "not a regular file" },
        { "train -d {in}/folder", 2, "is a folder" },
        { "train -d {in}/missing.json", 2, "no such dataset file" },
        { "train -d {in}/empty.json", 2, "empty" },
        { "train -d {in}/binary.json", 2, "not UTF-8" },
        { "train -d {in}/garbage.npy", 2, "not a NumPy" },
        { "train -d {in}/truncated.npy", 2, "truncated" },
        { "train -d {in}/matrix.npy", 2, "1-D" },
        { "train -d {in}/strings.npy", 2, "not an integer or float" },
        { "train -d {in}/folder/x.npy", 2, "no such" },
        // train: models and settings
        { "train -m /dev/zero", 2, "not a regular file" },
        { "train -m {in}/folder", 2, "is a folder" },
        { "train -m {in}/model-nan.json", 2, "generative[0][0][0]" },
        { "train -m {in}/model-huge.json", 2, "magnitude at most" },
        { "train -m {in}/model-2e6.json", 2, "recognition[1][0][2]" },
        { "train -m {in}/model-lr15.json", 2, "at most 10" },
        { "train -m {in}/model-drumlr.json", 2, "drumLayer.learningRate" },
        { "train -m {in}/model-dup.json", 2, "named twice" },
        { "train -m {in}/model-badjson.json", 2, "model-badjson.json" },
        { "train -m {in}/model-wrongtype.json", 2, "wrong type" },
        { "train -m {in}/empty.json", 2, "empty" },
        { "train --lr 1e308", 2, "at most 10" },
        { "train --lr 15", 2, "at most 10" },
        { "train --lr 0", 2, "greater than 0" },
        { "train --lr abc", 1, "--lr" },
        { "train --n-data 20000000", 1, "at most 10000000" },
        { "train --n-data 0", 1, "at least 1" },
        { "train --epochs 0", 1, "at least 1" },
        { "train --epochs 10000000 --n-data 10000000", 2, "wake-sleep steps" },
        { "train --layers 10,x,1", 2, "--layers" },
        { "train --layers 20,8,1", 2, "layers[0]" },
        { "train --layers 10,8,2", 2, "top unit" },
        { "train --init sideways", 2, "--init: 'sideways' is unknown" },
        { "train --seed -1", 1, "--seed" },
        // train: outputs
        { "train -e 1 -o {in}/afile --force", 3, "is a file, not a folder" },
        { "train -e 1 -o {in}/nonempty", 3, "holds files" },
        // distribution
        { "distribution -m /dev/zero", 2, "not a regular file" },
        { "distribution -m {in}/folder", 2, "is a folder" },
        { "distribution -m {in}/missing.json", 2, "no such model file" },
        { "distribution -m {in}/model-nan.json", 2, "NaN" },
        { "distribution -m {in}/model.json -d {in}/zeros.json", 2, "every count is zero" },
        { "distribution -m {in}/model.json -d {in}/overflow.json", 2, "add up to" },
        { "distribution -m {in}/model.json -d {in}/beats12.json", 2, "12 beats" },
        { "distribution -m {in}/model.json -d /dev/urandom", 2, "not a regular file" },
        { "distribution -m {in}/model.json -o {in}/afile", 3, "exists already" },
        { "distribution", 1, "--model" },
        // render: models, kits, WAV files, outputs
        { "render -m {in}/model-foreign.json", 2, "[cowbell, snare" },
        { "render -m {in}/model-dup.json", 2, "named twice" },
        { "render -m {in}/model-huge.json", 2, "magnitude" },
        { "render --kit {in}/kit-empty", 2, "no .wav files" },
        { "render --kit {in}/kit-garbage", 2, "kick.wav" },
        { "render --kit {in}/kit-device", 2, "not a regular file" },
        { "render --kit {in}/kit-manifest", 2, "not a regular file" },
        { "render --kit {in}/afile", 2, "is a file, not a kit folder" },
        { "render --kit {in}/missing-kit", 2, "does not exist" },
        { "render --output wav:{in}/existing.wav", 3, "--force" },
        { "render --output wav:", 4, "no file name" },
        { "render --output nowhere", 4, "not a known output" },
        { "render --bpm 1000", 2, "1000" },
        { "render --patterns 0", 1, "at least 1" },
        // simulate: scenarios
        { "simulate -c /dev/zero", 2, "not a regular file" },
        { "simulate -c {in}/folder", 2, "is a folder" },
        { "simulate -c {in}/missing.json", 2, "no such scenario file" },
        { "simulate -c {in}/longname.json", 2, "300 characters" },
        { "simulate -c {in}/seed-negative.json", 2, "2^64" },
        { "simulate -c {in}/seed-float.json", 2, "2^64" },
        { "simulate -c {in}/ndata.json", 2, "generator.nData" },
        { "simulate -c {in}/lr15.json", 2, "at most 10" },
        { "simulate -c {in}/drumlr.json", 2, "generator.drumLearningRate" },
        { "simulate -c {in}/steps.json", 2, "training.stepsPerSecond" },
        { "simulate -c {in}/unknown-field.json", 2, "unknown field 'durationSecond'" },
        { "simulate -c {in}/null-section.json", 2, "audio" },
        { "simulate -c {in}/bad-mode.json", 2, "mode" },
        { "simulate -c {in}/binary.json", 2, "not UTF-8" },
        { "simulate --duration 0", 2, "greater than 0 and at most 1000000" },
        { "simulate --duration 2e6", 2, "greater than 0 and at most 1000000" },
        { "simulate --budget 1e12", 2, "out of range" },
        { "simulate --budget lots", 2, "--budget" },
        { "simulate --seed -1", 1, "from 0 to 18446744073709551615" },
        { "simulate --listener nobody", 2, "nobody" },
        // simulate: models, datasets, kits
        { "simulate -m {in}/model-foreign.json", 2, "[cowbell, snare" },
        { "simulate -m {in}/model-nan.json", 2, "NaN" },
        { "simulate -m /dev/zero", 2, "not a regular file" },
        { "simulate -d {in}/zeros.json", 2, "every count is zero" },
        { "simulate -d {in}/beats12.json", 2, "12 beats" },
        { "simulate -d /dev/urandom", 2, "not a regular file" },
        { "simulate -d {in}/garbage.npy", 2, "not a NumPy" },
        { "simulate --kit {in}/kit-garbage", 2, "kick.wav" },
        { "simulate --kit {in}/kit-device", 2, "not a regular file" },
        // simulate: run folders
        { "simulate --duration 5 -o {in}/afile --force", 3, "is a file, not a folder" },
        { "simulate --duration 5 -o {in}/nonempty", 3, "holds files" },
        { "simulate --duration 5 -o {in}/locked --force", 3, "in use by process" },
        { "simulate --duration 5 -o {in}/stale", 3, "stale lock of process 2147483000" },
        // resume: checkpoints
        { "resume /dev/zero", 2, "not a regular file" },
        { "resume {in}/folder", 2, "is a folder" },
        { "resume {in}/missing.json", 2, "no such checkpoint file" },
        { "resume {in}/checkpoint-empty.json", 2, "schema version" },
        { "resume {in}/checkpoint-notjson.json", 2, "checkpoint-notjson.json" },
        { "resume {in}/checkpoint-nan.json", 2, "magnitude" },
        { "resume {in}/checkpoint.json --duration 0", 2, "greater than 0" },
        { "resume {in}/cp-run/CHECKPOINT --out {in}/cp-run --force", 3, "checkpoint being resumed" },
        { "resume {in}/checkpoint.json --duration 5 --out {in}/locked --force", 3, "in use by process" },
        // sweeps
        { "sweep run {in}/sweep-big.json --dry-run", 2, "300,000,000,000 runs" },
        { "sweep run /dev/zero", 2, "not a regular file" },
        { "sweep run {in}/folder", 2, "is a folder" },
        { "sweep run {in}/sweep-longname.json --dry-run", 2, "300 characters" },
        { "sweep run {in}/sweep-lr.json --dry-run", 2, "generator.learningRate=15" },
        { "sweep run {in}/sweep-badfile.json --dry-run", 2, "not a regular file" },
        { "sweep run {in}/sweep-human.json --dry-run", 2, "human" },
        { "sweep run {in}/sweep-ok.json --out {in}/shard --resume", 2, "--shard 1/2" },
        { "sweep run {in}/sweep-ok.json --out {in}/shard --resume --shard 0/2", 2, "not 0/2" },
        { "sweep run {in}/sweep-ok.json --shard 3/2", 2, "--shard" },
        { "sweep run {in}/sweep-ok.json --out {in}/nonempty", 3, "holds files" },
        { "sweep merge {in}/missing --out {in}/merged", 2, "missing" },
        // logs and reports
        { "report {in}/missing-run", 2, "missing-run" },
        // hostile causes (issue 17): a named pipe as any input is refused, not waited on
        { "train -d {in}/pipe.json", 2, "not a regular file (a named pipe)" },
        { "train -m {in}/pipe.json", 2, "not a regular file (a named pipe)" },
        { "simulate -c {in}/pipe.json", 2, "not a regular file (a named pipe)" },
        { "resume {in}/pipe.json", 2, "not a regular file (a named pipe)" },
        { "sweep run {in}/pipe.json --dry-run", 2, "not a regular file (a named pipe)" },
        { "distribution -m {in}/model.json -d {in}/pipe.json", 2, "not a regular file (a named pipe)" },
        { "render --kit {in}/kit-pipe", 2, "not a regular file (a named pipe)" },
        { "report {in}/run-pipe", 2, "not a regular file (a named pipe)" },
        { "taste {in}/run-pipe", 2, "not a regular file (a named pipe)" },
        // .npy headers
        { "train -d {in}/descr-short.npy", 2, "unknown data type '<'" },
        { "train -d {in}/descr-twice.npy", 2, "names 'descr' twice" },
        // strict JSON: a field given twice
        { "simulate -c {in}/dup-key.json", 2, "the field 'seed' is given twice" },
        { "simulate -c {in}/dup-nested.json", 2, "the field 'bpm' is given twice" },
        { "resume {in}/checkpoint-dup.json", 2, "the field 'epoch' is given twice" },
        { "sweep run {in}/sweep-dup.json --dry-run", 2, "the field 'name' is given twice" },
        { "render --kit {in}/kit-dupjson", 2, "the field 'name' is given twice" },
        // combined work and values that cannot work
        { "simulate -c {in}/pretrain.json", 2, "wake-sleep steps of pretraining" },
        { "render --kit {in}/kit-rate0", 2, "sample rate of 0 Hz" },
        { "render --kit {in}/kit-rate1", 2, "sample rate of 1 Hz" },
        { "simulate -c {in}/shift.json", 2, "timing.attributionShiftSeconds" },
        { "sweep run {in}/sweep-space.json --dry-run", 2, "'my sweep' cannot name a folder" },
        { "sweep convergence {in}/folder --at -1", 2, "--at -1" },
        { "simulate --listener oracle --taste user", 2, "--taste user needs" },
        { "simulate --out EMPTY", 1, "--out: an empty value" },
        { "train -e 1 -o EMPTY", 1, "--out: an empty value" },
        { "render --patterns 100000000", 2, "more than the 4 GiB a WAV file can hold" },
        { "simulate --duration 1000000 --record r.wav", 2, "more than the 4 GiB a WAV file can hold" },
        { "render --bpm 1000", 2, "--bpm: Bpm 1000 is out of range" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_is_refused_with_its_exit_code_one_line_and_nothing_written(string command, int exitCode, string message)
    {
        string work = Fixtures.TempDir();
        try
        {
            string cp = Path.GetFileName(Directory.GetFiles(Path.Combine(inputs.Dir, "cp-run"), "checkpoint-*.json").Single());
            string[] args = [.. command.Split(' ').Select(a => a == "EMPTY" ? "" : a.Replace("{in}", inputs.Dir).Replace("CHECKPOINT", cp))];
            var before = Snapshot(work) + Snapshot(inputs.Dir);
            var r = ApInProcess.Run(work, args);
            var after = Snapshot(work) + Snapshot(inputs.Dir);

            Assert.True(r.ExitCode == exitCode, $"exit {r.ExitCode}, expected {exitCode}\n{r.Err}\n{r.Out}");
            Assert.DoesNotContain("   at ", r.Err);
            Assert.DoesNotContain("Exception", r.Err);
            Assert.DoesNotContain("(Parameter '", r.Err);
            Assert.Contains(message.Replace("{in}", inputs.Dir), r.Err);
            var errorLines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("ap: error:", StringComparison.Ordinal)).ToList();
            Assert.True(errorLines.Count == 1 && r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 2, r.Err);
            Assert.Equal(before, after);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void The_suite_covers_at_least_80_cases() => Assert.True(Cases().Count() >= 80);

    /// <summary>Every entry under <paramref name="dir"/> with its hash (links by their target, so /dev/zero is never read).</summary>
    private static string Snapshot(string dir)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            sb.Append(Path.GetRelativePath(dir, entry.FullName)).Append(' ');
            if (entry.LinkTarget is { } target) sb.Append("-> ").Append(target);
            else if (entry is FileInfo f)
                sb.Append(ActionPerception.IO.FileCheck.ReadAllBytes(f.FullName, long.MaxValue, out string? special) is { } bytes
                    ? Convert.ToHexString(SHA256.HashData(bytes)) : special); // a named pipe is described, never read
            else sb.Append("dir");
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
