using ActionPerception.Agents.Files;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Niche;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Simulations.Bench;

public sealed record BenchResult(string Name, double Value, string Unit, string Target, bool? Met, string Detail);

/// <summary>
/// Training over whole epochs (active sampling and the per-epoch exact tables included) and the exact
/// distributions of the default model, on the author's real dataset, one thread.
/// </summary>
public static class HelmholtzBench
{
    /// <summary>Which exact paths this machine runs: they change the speed, never the results.</summary>
    private static string Paths()
    {
        bool vectors = System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated;
        string exp = !Agents.Numerics.ExactExp.MatchesLibrary ? "exp from Math.Exp (the port does not match this machine's exp: same results, slower)"
            : vectors ? "exp ported, four per vector (this machine's exp is glibc's FMA build)" : "exp ported, one at a time";
        string log = !Agents.Numerics.ExactLog.MatchesLibrary ? "log from Math.Log (the port does not match this machine's log: same results, slower)"
            : vectors ? "log ported, inlined and four per vector (glibc's FMA build)" : "log ported, one at a time";
        string layers = vectors ? "layers four units per 256-bit vector" : "layers one unit at a time (256-bit vectors would be emulated here: same results, slower)";
        return $"{exp}; {log}; {layers}";
    }

    public static IEnumerable<BenchResult> Run(PreferenceDataset data, int repetitions)
    {
        foreach (bool losses in new[] { true, false })
        {
            var m = new HelmholtzMachine(new MachineSettings());
            var trainer = new WakeSleepTrainer(m, new SeededRandom(1), trackLosses: losses);
            const int epochsPerRun = 20;
            long stepsBefore = 0;
            double seconds = Measure.MedianSeconds(repetitions, () =>
            {
                stepsBefore = trainer.TotalSteps;
                for (int e = 0; e < epochsPerRun; e++) trainer.TrainEpoch(data);
            });
            double steps = trainer.TotalSteps - stepsBefore;
            double rate = steps / seconds;
            yield return new BenchResult(losses ? "train.steps_per_second" : "train.steps_per_second.no_loss_tracking", rate, "steps/s", "≥ 800000 (original: 839)", rate >= 800_000,
                $"median of {repetitions} runs of {epochsPerRun} whole epochs ({steps / epochsPerRun:F0} steps each), per-layer losses {(losses ? "tracked" : "off")}; {Paths()}");
        }

        {
            var m = new HelmholtzMachine(new MachineSettings());
            var trainer = new WakeSleepTrainer(m, new SeededRandom(2));
            trainer.TrainEpoch(data);
            trainer.BeginEpoch(data);
            trainer.Step(10); // warm every path, active choice included
            long bytes = Measure.AllocatedBytes(() => trainer.Step(400));
            trainer.EndEpoch();
            yield return new BenchResult("train.bytes_per_step", bytes / 400.0, "bytes", "0", bytes == 0, "allocation over 400 warmed-up steps inside an epoch");
        }

        {
            var rng = new SeededRandom(3);
            var m = new HelmholtzMachine(new MachineSettings { Init = WeightInit.Random }, rng);
            var exact = new ExactDistributions(m.Layers);
            var dist = new double[data.PatternCount];
            data.Distribution(dist);
            var uniform = Enumerable.Repeat(1.0 / data.PatternCount, data.PatternCount).ToArray();
            double both = Measure.MedianSeconds(repetitions * 20, () => { exact.ComputeGenerative(m); exact.ComputeRecognition(m, dist); });
            yield return new BenchResult("exact.both_directions.ms", both * 1e3, "ms", "< 0.5 (original: 51)", both < 0.5e-3,
                "generative marginals of all layers + recognition marginals from the user dataset (sparse data)");
            double dense = Measure.MedianSeconds(repetitions * 20, () => { exact.ComputeGenerative(m); exact.ComputeRecognition(m, uniform); });
            yield return new BenchResult("exact.both_directions.dense_data.ms", dense * 1e3, "ms", "(worst case: every pattern has data)", null,
                "as above, with a data distribution that is nonzero on all 1024 patterns");
            long bytes = Measure.AllocatedBytes(() => { exact.ComputeGenerative(m); exact.ComputeRecognition(m, dist); });
            yield return new BenchResult("exact.bytes_per_call", bytes, "bytes", "0", bytes == 0, "allocation of one recomputation in both directions");
        }
    }
}
