using System.CommandLine;
using System.Globalization;
using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Files;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;
using ActionPerception.Audio;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Cli;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap render`: dreams of a model rendered through a kit into a WAV file or an audio output.</summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "Model file; default a fresh model (zero weights dream uniformly at random)." };
        var patterns = CommonOptions.Int("--patterns", "How many patterns (one buffer each).", 8, 1, "-n");
        var bpm = CommonOptions.Number("--bpm", "Tempo, 30–300.", 120);
        var deviation = CommonOptions.Number("--deviation", "Timing deviation in samples, 0–1200.", 500);
        var rate = CommonOptions.Int("--sample-rate", "Sample rate in Hz.", 22050, 1);
        var kit = new Option<string>("--kit") { Description = "builtin, or a folder of WAV files (optional kit.json).", DefaultValueFactory = _ => "builtin" };
        var seed = CommonOptions.Seed();
        var output = new Option<string>("--output") { Description = $"Where the sound goes: {AudioOutputs.Help}.", DefaultValueFactory = _ => "wav:render.wav" };
        var force = CommonOptions.Force();
        var cmd = new Command("render", "Render dreams of a model (or a fresh one) through a drum kit into a WAV file or play them.")
        {
            model, patterns, bpm, deviation, rate, kit, seed, output, force,
        };
        cmd.SetAction(p => Guard.Run(() => Run(p.GetValue(model), p.GetValue(patterns), p.GetValue(bpm), p.GetValue(deviation), p.GetValue(rate),
            p.GetValue(kit)!, p.GetValue(seed), p.GetValue(output)!, p.GetValue(force))));
        return cmd;
    }

    private static int Run(string? modelPath, int count, double bpm, double deviation, int sampleRate, string kitName, ulong seed, string outputSpec, bool force)
    {
        RenderSettings settings;
        try { settings = new RenderSettings { SampleRate = sampleRate, Bpm = bpm, Deviation = deviation }; }
        catch (ArgumentException e)
        {
            string option = e.ParamName switch { "Bpm" => "--bpm", "Deviation" => "--deviation", "SampleRate" => "--sample-rate", _ => "render" };
            throw new UsageException($"{option}: {ActionPerception.IO.OsError.Explain(e)}");
        }
        // A RIFF WAV holds at most 4 GiB (NAudio says "enable RF64" once past it, hours into the render): refused up front.
        long wavBytes = (long)count * settings.BufferLength * sizeof(short);
        if (outputSpec.StartsWith("wav:", StringComparison.Ordinal) && wavBytes > uint.MaxValue - 1024)
            throw new UsageException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"--patterns {count}: the WAV file would be {wavBytes / (double)(1L << 30):0.#} GiB, more than the 4 GiB a WAV file can hold. Fix: at most {(uint.MaxValue - 1024L) / (settings.BufferLength * (long)sizeof(short))} patterns at this tempo and rate, or render in parts."));
        var kit = kitName == "builtin" ? DrumKit.BuiltIn(sampleRate) : DrumKit.FromFolder(kitName, sampleRate);
        var generator = modelPath is null
            ? new GeneratorModel(new HelmholtzMachine(new MachineSettings()), null)
            : ModelFile.Load(modelPath);
        var machine = generator.Machine;
        var drums = generator.Drums ?? new DrumLayer(machine.VisibleUnits, kit.InstrumentNames, SeededRandom.Derive(seed, "drums"));
        try { drums = drums.MatchTo(kit.InstrumentNames, kit.Name); }
        catch (ArgumentException e) { throw new UsageException($"{e.Message.TrimEnd('.')}. Fix: use the kit the model was trained for, or rename the kit's files (or kit.json names) to the model's instruments."); }
        settings = settings with { Beats = machine.VisibleUnits };
        var renderer = new PatternRenderer(kit, settings);
        foreach (var w in renderer.Warnings) Console.Error.WriteLine($"ap: warning: {w}");

        // A WAV is taken before it is opened: an existing one is refused with exit 3 (replaced with --force), and one
        // another render is writing is refused either way, so two renders never mix their samples in one file.
        if (OutputFiles.WavPath(outputSpec) is string wav) OutputFiles.Claim(wav, force);
        using var output = AudioOutputs.Open(outputSpec, sampleRate, new AudioOutputOptions { Overwrite = force });
        var dream = SeededRandom.Derive(seed, "dream");
        var renderRng = SeededRandom.Derive(seed, "render");
        var states = machine.NewStates();
        var pre = new double[machine.VisibleUnits];
        var sample = drums.NewSample();
        var hits = new DrumHit[drums.Beats * drums.Instruments];
        var buffer = new float[renderer.BufferLength];
        for (int n = 0; n < count; n++)
        {
            machine.Dream(states, dream);
            int pattern = HelmholtzMachine.UnitsToIndex(states[0]);
            machine.OutputPreActivation(states, pre);
            drums.Sample(pattern, pre, dream, sample);
            int h = 0;
            for (int k = 0; k < sample.Beats; k++)
                for (int i = 0; i < sample.Instruments; i++)
                    if (sample.Hit[k * sample.Instruments + i])
                        hits[h++] = new DrumHit(i, k, (float)sample.Dynamic[k * sample.Instruments + i], sample.Division[k * sample.Instruments + i]);
            renderer.Render(hits.AsSpan(0, h), renderRng, buffer);
            output.Write(buffer);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n + 1,4}/{count}  {Session.PatternString(pattern, machine.VisibleUnits)}  {h} hits"));
        }
        int tail = renderer.FlushTail(buffer);
        if (tail > 0) output.Write(buffer.AsSpan(0, tail));
        output.Drain();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rendered {count} patterns ({(double)output.FramesWritten / sampleRate:F1} s) to {output.Description}"));
        return ExitCodes.Ok;
    }
}
