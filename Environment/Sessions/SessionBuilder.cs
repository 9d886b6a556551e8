using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Files;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;
using ActionPerception.Audio;
using ActionPerception.Environment.Checkpoints;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Scenarios;

namespace ActionPerception.Environment.Sessions;

/// <summary>Builds a listener of the scenario's kind; null means judgements come from outside (human).</summary>
public delegate IListener? ListenerFactory(ListenerSettings listener, SeededRandom random, int beats);

/// <summary>Turns a scenario (or a checkpoint) into the parts of a session, writing into a run folder.</summary>
public static class SessionBuilder
{
    public const string LogFileName = "session.jsonl";

    public static DrumKit LoadKit(Scenario s) =>
        s.Audio.Kit.Equals("builtin", StringComparison.OrdinalIgnoreCase)
            ? DrumKit.BuiltIn(s.Audio.SampleRate)
            : DrumKit.FromFolder(s.Resolve(s.Audio.Kit), s.Audio.SampleRate);

    /// <summary>The generator the scenario starts from: a model file, or a fresh machine and drum layer from the seed.</summary>
    public static GeneratorModel LoadGenerator(Scenario s, DrumKit kit)
    {
        var g = s.Generator;
        if (g.Model is { } path)
        {
            var model = ModelFile.Load(s.Resolve(path));
            var drums = model.Drums ?? new DrumLayer(model.Machine.VisibleUnits, kit.InstrumentNames, SeededRandom.Derive(s.Seed, "drums"), g.DrumLearningRate, g.DivisionRounding == "round");
            return model with { Drums = drums };
        }
        var machine = new HelmholtzMachine(g.MachineSettings, SeededRandom.Derive(s.Seed, "init"));
        return new GeneratorModel(machine, new DrumLayer(machine.VisibleUnits, kit.InstrumentNames, SeededRandom.Derive(s.Seed, "drums"), g.DrumLearningRate, g.DivisionRounding == "round"));
    }

    public static PreferenceDataset LoadDataset(Scenario s, int beats)
    {
        var d = s.Dataset;
        if (d.File is null) return PreferenceDataset.Default(beats, d.LikeIncrement, d.DislikeDecrement);
        var loaded = DatasetFile.Load(s.Resolve(d.File));
        // The scenario's judgement sizes win over the file's, so a study can vary them on one dataset.
        return new PreferenceDataset(loaded.PatternLength, loaded.Counts, d.LikeIncrement, d.DislikeDecrement);
    }

    /// <summary>
    /// Everything but the log and output, so that bad input is refused before any file is created.
    /// </summary>
    public sealed record Prepared(GeneratorModel Model, PreferenceDataset Dataset, DrumKit Kit, IListener? Listener);

    public static Prepared Prepare(
        Scenario s, ListenerFactory listeners, Checkpoint? from = null)
    {
        var kit = LoadKit(s);
        // A checkpoint's objects are copied: the session trains on its own, and the loaded checkpoint stays as it was.
        var model = from is null ? LoadGenerator(s, kit) : from.Model with { Machine = from.Model.Machine.Clone(), Drums = from.Model.Drums?.Clone() };
        var dataset = from?.Dataset.Clone() ?? LoadDataset(s, model.Machine.VisibleUnits);
        model = CheckCompatible(s, model, dataset, kit);
        var listener = listeners(s.Listener, ListenerRandom(s, from?.NextSerial), model.Machine.VisibleUnits);
        return new Prepared(model, dataset, kit, listener);
    }

    /// <summary>
    /// The listener's own random source: derived from the session seed, and for a session resumed at serial n from
    /// "listener@n", so that a continuation does not replay the listener's draws from the start.
    /// </summary>
    public static SeededRandom ListenerRandom(Scenario s, long? resumedAtSerial) =>
        SeededRandom.Derive(s.Seed, resumedAtSerial is long n ? $"listener@{n}" : "listener");

    /// <summary>
    /// The one compatibility check of a session's parts, before anything is created: the model plays the scenario's
    /// pattern length (the renderer, the timeline and the listeners are built for generator.layers[0] beats), the
    /// dataset has as many beats, and the drum layer's instruments are the kit's, matched by name. Returns the model
    /// with its drum layer in the kit's order.
    /// </summary>
    public static GeneratorModel CheckCompatible(Scenario s, GeneratorModel model, PreferenceDataset dataset, DrumKit kit)
    {
        int beats = model.Machine.VisibleUnits;
        if (beats != s.Generator.Layers[0])
            throw new ScenarioException("scenario", "generator.model", $"the model has {beats} visible units (beats) but the session is set up for generator.layers[0] = {s.Generator.Layers[0]} beats", $"set generator.layers to the model's layers [{string.Join(", ", model.Machine.Layers)}], or use a model of {s.Generator.Layers[0]} beats");
        if (dataset.PatternLength != beats)
            throw new ScenarioException("scenario", "dataset.file", $"the dataset has {dataset.PatternLength} beats but the generator {beats}", "use a dataset and a model of the same pattern length");
        try { return model with { Drums = model.Drums!.MatchTo(kit.InstrumentNames, kit.Name) }; }
        catch (ArgumentException e)
        {
            throw new ScenarioException("scenario", "audio.kit", e.Message.TrimEnd('.'), "use the kit the model was trained for, rename the kit's files (or kit.json names) to the model's instruments, or start from a fresh model");
        }
    }

    /// <summary>
    /// Loads what a scenario's files name (kit, model, dataset) without building a listener, so that a plan of many
    /// runs can refuse a missing or broken file before any run starts.
    /// </summary>
    public static void CheckInputs(Scenario s)
    {
        var kit = LoadKit(s);
        var model = LoadGenerator(s, kit);
        CheckCompatible(s, model, LoadDataset(s, model.Machine.VisibleUnits), kit);
    }

    /// <summary>Outputs that keep time (a device, or the paced null output): a virtual session does not write to them.</summary>
    private static bool Paces(string spec) => OutputSpec.TryParse(spec, out var parsed, out _) && parsed.KeepsTime;

    /// <summary>What the session will do with the scenario's output that the user may not expect; null when nothing.</summary>
    public static string? OutputNote(Scenario s) =>
        s.Mode == SessionMode.Virtual && Paces(s.Audio.Output)
            ? $"virtual time ignores pacing: the output '{s.Audio.Output}' is replaced by null (use --realtime to hear the session, or wav:PATH to keep it)"
            : null;

    /// <summary>
    /// Opens the output named by the scenario. Real time: "null" is the wall-clock-paced null output, and a WAV file
    /// is paced by it too (recorded as it plays). Virtual time: outputs that keep time are replaced by null (a virtual
    /// run must not wait on a clock). <see cref="AudioScenario.Record"/> tees what is played into a WAV file. Relative
    /// file paths are relative to the run folder.
    /// </summary>
    public static IAudioOutput OpenOutput(Scenario s, string runFolder)
    {
        string spec = s.Audio.Output.Trim();
        string InFolder(string path) => Path.IsPathRooted(path) ? path : Path.Combine(runFolder, path);
        if (s.Mode == SessionMode.Virtual && Paces(spec)) spec = "null";
        string? record = s.Audio.Record is { } r ? InFolder(r) : null;
        if (spec.StartsWith("wav:", StringComparison.OrdinalIgnoreCase))
        {
            string file = InFolder(spec[4..]);
            if (s.Mode == SessionMode.Realtime)
            {
                // A file takes samples as fast as they come: in real time it is paced by the null output and recorded.
                if (record is not null)
                    throw new AudioOutputException(spec, "a real-time session with a WAV output is already recorded to it; give either wav:PATH or --record PATH, not both.");
                (spec, record) = ("null:paced", file);
            }
            else spec = "wav:" + file;
        }
        if (s.Mode == SessionMode.Realtime && spec.Equals("null", StringComparison.OrdinalIgnoreCase)) spec = "null:paced";
        var options = s.Audio.PlayerLatencySeconds is double latency ? new AudioOutputOptions { PlayerLatency = TimeSpan.FromSeconds(latency) } : null;
        var output = AudioOutputs.Open(spec, s.Audio.SampleRate, options);
        if (record is null) return output;
        try { return new RecordingOutput(output, new WavFileOutput(record, s.Audio.SampleRate)); }
        catch { output.Dispose(); throw; }
    }

    public static Session Create(Scenario s, string runFolder, ListenerFactory listeners, Checkpoint? from = null, string? fromPath = null,
        IReadOnlyDictionary<string, string>? provenance = null) =>
        Create(s, runFolder, Prepare(s, listeners, from), from, fromPath, provenance);

    /// <summary>Opens the output and the log in <paramref name="runFolder"/> and builds the session from prepared parts.</summary>
    /// <param name="twinOf">For a twin run: the human run folder it replays (in the log header).</param>
    public static Session Create(Scenario s, string runFolder, Prepared prepared, Checkpoint? from = null, string? fromPath = null,
        IReadOnlyDictionary<string, string>? provenance = null, string? twinOf = null)
    {
        var (model, dataset, kit, listener) = prepared;
        Directory.CreateDirectory(runFolder);
        var output = OpenOutput(s, runFolder);
        SessionLog log;
        try { log = SessionLog.Create(Path.Combine(runFolder, LogFileName)); }
        catch { output.Dispose(); throw; }
        return new Session(s, new SessionParts
        {
            Model = model,
            Dataset = dataset,
            Listener = listener,
            Kit = kit,
            Output = output,
            Log = log,
            CheckpointDirectory = runFolder,
            Resume = from?.ToResume(fromPath ?? "checkpoint"),
            Provenance = provenance,
            Reference = ReferenceTaste.Resolve(s, listener, model.Machine.VisibleUnits),
            TwinOf = twinOf,
        });
    }
}
