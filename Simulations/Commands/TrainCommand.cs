using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActionPerception.Agents;
using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;
using ActionPerception.Simulations.Cli;
using Spectre.Console;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap train`: wake-sleep epochs on a dataset; writes the model and the KL curve.</summary>
public static class TrainCommand
{
    public static readonly string[] DefaultInstruments = ["kick", "snare", "clap", "closed-hihat", "open-hihat", "bass"];

    public static Command Create()
    {
        var dataset = CommonOptions.Dataset();
        var epochs = CommonOptions.Int("--epochs", "Epochs to train (1 … 10,000,000).", 60, 1, "-e", max: 10_000_000);
        var nData = CommonOptions.Int("--n-data", $"Data per epoch: round(count/total · n) copies of each pattern (1 … {Limits.MaxNData}).", 500, 1, max: Limits.MaxNData);
        var seed = CommonOptions.Seed();
        var layers = CommonOptions.Layers();
        var init = new Option<string>("--init") { Description = "Initial weights: zero (the original) or random (standard normal).", DefaultValueFactory = _ => "zero" };
        var lr = CommonOptions.Number("--lr", "Learning rate of every layer.", 0.1);
        var biases = new Option<bool>("--trainable-biases") { Description = "Train the bias columns too (the original keeps them frozen)." };
        var noActive = new Option<bool>("--no-active-sampling") { Description = "Plain Bernoulli recognition samples for every datum." };
        var model = new Option<string?>("--model", "-m") { Description = "Continue training this model file instead of a fresh one." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Output folder for model.json and kl.csv. Default: a new folder runs/train-NNN." };
        var force = CommonOptions.Force();

        var cmd = new Command("train", "Train a Helmholtz machine on a dataset file for N epochs; write the model and the KL curve (CSV).")
        {
            dataset, epochs, nData, seed, layers, init, lr, biases, noActive, model, outDir, force,
        };
        cmd.SetAction(p => Guard.Run(() => Run(
            p.GetValue(dataset), p.GetValue(epochs), p.GetValue(nData), p.GetValue(seed), p.GetValue(layers)!,
            p.GetValue(init)!, p.GetValue(lr), p.GetValue(biases), !p.GetValue(noActive), p.GetValue(model),
            p.GetValue(outDir), p.GetValue(force))));
        return cmd;
    }

    private static int Run(string? datasetPath, int epochs, int nData, ulong seed, string layersText, string init, double lr,
        bool trainableBiases, bool activeSampling, string? modelPath, string? outDir, bool force)
    {
        GeneratorModel start;
        if (modelPath is not null)
        {
            start = ModelFile.Load(modelPath);
        }
        else
        {
            var settings = CommonOptions.Machine(CommonOptions.ParseLayers(layersText), init, lr, trainableBiases, activeSampling);
            var machine = new HelmholtzMachine(settings, SeededRandom.Derive(seed, "init"));
            var drums = new DrumLayer(settings.VisibleUnits, DefaultInstruments, SeededRandom.Derive(seed, "drums"));
            start = new GeneratorModel(machine, drums);
        }
        var data = CommonOptions.LoadDataset(datasetPath, start.Machine.VisibleUnits);
        if (data.PatternLength != start.Machine.VisibleUnits)
            throw new UsageException($"the dataset has {data.PatternLength} beats but the model has {start.Machine.VisibleUnits} visible units. Fix: use --layers {data.PatternLength},… or another dataset.");
        if (data.Total <= 0)
            throw new UsageException($"{datasetPath}: every count is zero, so there is nothing to learn. Fix: give a dataset with at least one positive count.");
        if ((double)epochs * nData > Limits.MaxTotalSteps)
            throw new UsageException($"--epochs {epochs} × --n-data {nData} is {(double)epochs * nData:0.#e0} wake-sleep steps, more than the {Limits.MaxTotalSteps:0e0} one run may take. Fix: fewer epochs or data per epoch.");
        if (data.EpochLength(nData) == 0)
        {
            double max = 0;
            foreach (double c in data.Counts) max = Math.Max(max, c);
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"with --n-data {nData} every pattern's share of an epoch rounds to 0 copies (the largest count is {max:G6} of {data.Total:G6}, {max / data.Total * nData:0.###} copies), so every epoch would be empty. Fix: use --n-data {data.MinimumNData()} or more."));
        }

        string dir = RunFolder.Claim(outDir, "train", force, out _);
        var trainer = new WakeSleepTrainer(start.Machine, SeededRandom.Derive(seed, "train"), nData);
        var reports = new List<EpochReport>();
        var seconds = new List<double>();
        var clock = Stopwatch.StartNew();
        // The model after the last finished epoch: what is written when training is stopped or diverges mid-epoch.
        var lastGood = start.Machine.Clone();

        // Ctrl+C and SIGTERM stop between slices of steps (well within a second), keeping every finished epoch.
        using var stop = StopSignals.Cooperate();
        const int Slice = 20_000;

        bool TrainOne()
        {
            if (!trainer.BeginEpoch(data)) throw new InvalidOperationException("An epoch was empty although its length was checked.");
            while (trainer.StepsLeftInEpoch > 0)
            {
                if (stop.Token.IsCancellationRequested) { trainer.EndEpoch(); return false; }
                trainer.Step(Slice);
            }
            reports.Add(trainer.EndEpoch());
            seconds.Add(clock.Elapsed.TotalSeconds);
            lastGood.CopyFrom(trainer.Machine);
            return true;
        }

        DivergedException? diverged = null;
        try
        {
            if (AnsiConsole.Profile.Capabilities.Interactive)
            {
                AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask("training", maxValue: epochs);
                        for (int e = 0; e < epochs && TrainOne(); e++)
                        {
                            task.Description = string.Create(CultureInfo.InvariantCulture, $"epoch {e + 1}/{epochs}  KL(data‖gen) {reports[^1].KlDataGen:F4}");
                            task.Increment(1);
                        }
                    });
            }
            else
            {
                // Piped output: Spectre's progress prints nothing there, so print plain periodic lines instead.
                int every = Math.Max(1, epochs / 10);
                for (int e = 0; e < epochs && TrainOne(); e++)
                {
                    if ((e + 1) % every == 0 || e == epochs - 1)
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {e + 1,5}/{epochs}  KL(data‖gen) at its start {reports[^1].KlDataGen:F4}"));
                }
            }
        }
        catch (DivergedException e)
        {
            diverged = e;
        }
        double trainSeconds = clock.Elapsed.TotalSeconds;
        int finished = reports.Count;
        // Everything written is from finished epochs with finite numbers: the last good weights, never a diverged or half epoch.
        trainer.Machine.CopyFrom(lastGood);
        var final = trainer.Evaluate(data);

        var trained = start with { TrainedEpochs = start.TrainedEpochs + finished };
        string modelOut = Path.Combine(dir, "model.json");
        string csvOut = Path.Combine(dir, "kl.csv");
        string? stopReason = stop.ExitCode is int stopped ? StopSignals.Describe(stopped) : null;
        string how = diverged is not null ? $", diverged in epoch {diverged.Epoch}" : stopReason is not null ? $", {stopReason} after {finished} epochs" : "";
        ModelFile.Save(modelOut, trained, overwrite: force, description: $"ap train --epochs {epochs} --seed {seed.ToString(CultureInfo.InvariantCulture)}{how}");
        SafeFile.WriteAllTextAtomically(csvOut, KlCsv(reports, seconds, final), overwrite: force);

        var curve = reports.Select(r => r.KlDataGen).Append(final.KlDataGen).ToList();
        Console.WriteLine();
        Console.Write(TextChart.Render(curve, "KL(data‖gen) by epoch"));
        long steps = trainer.TotalSteps;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained {finished} epochs ({steps} wake-sleep steps) in {trainSeconds:F2} s: {steps / Math.Max(trainSeconds, 1e-9):F0} steps/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"KL(data‖gen) {curve[0]:F4} → {final.KlDataGen:F4}; KL(gen‖data) {final.KlGenData:F4}; entropy of the generator {final.EntropyGen:F4} nats"));
        Console.WriteLine($"wrote {modelOut} and {csvOut} ({finished} finished epochs)");
        if (diverged is not null)
            return Guard.Fail($"{diverged.Message}. The model and kl.csv of the {finished} finished epochs before it were written.", ExitCodes.Diverged);
        if (stop.ExitCode is int code)
            return Guard.Fail($"{StopSignals.Describe(code)}: the model and kl.csv of the {finished} finished epochs were written.", code);
        return ExitCodes.Ok;
    }

    internal static string KlCsv(IReadOnlyList<EpochReport> reports, IReadOnlyList<double> seconds, (double KlDataGen, double KlGenData, double EntropyGen) final)
    {
        var sb = new StringBuilder();
        int wl = reports.Count > 0 ? reports[0].WakeLoss.Count : 0;
        int sl = reports.Count > 0 ? reports[0].SleepLoss.Count : 0;
        sb.Append("epoch,kl_data_gen,kl_gen_data,entropy_gen,steps,wall_seconds");
        for (int l = 0; l < wl; l++) sb.Append(CultureInfo.InvariantCulture, $",wake_loss_{l}");
        for (int l = 0; l < sl; l++) sb.Append(CultureInfo.InvariantCulture, $",sleep_loss_{l}");
        sb.Append('\n');
        // Row e holds the divergences measured after e epochs (at the start of epoch e+1), then that epoch's losses.
        for (int e = 0; e < reports.Count; e++)
        {
            var r = reports[e];
            sb.Append(CultureInfo.InvariantCulture, $"{e},{r.KlDataGen:R},{r.KlGenData:R},{r.EntropyGen:R},{r.Steps},{seconds[e]:F4}");
            foreach (var v in r.WakeLoss) sb.Append(CultureInfo.InvariantCulture, $",{v:R}");
            foreach (var v in r.SleepLoss) sb.Append(CultureInfo.InvariantCulture, $",{v:R}");
            sb.Append('\n');
        }
        sb.Append(CultureInfo.InvariantCulture, $"{reports.Count},{final.KlDataGen:R},{final.KlGenData:R},{final.EntropyGen:R},0,{(seconds.Count > 0 ? seconds[^1] : 0):F4}");
        for (int l = 0; l < wl + sl; l++) sb.Append(',');
        sb.Append('\n');
        return sb.ToString();
    }
}
