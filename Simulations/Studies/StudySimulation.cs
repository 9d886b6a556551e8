using ActionPerception.Agents.Listeners;
using System.Globalization;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes.Posterior;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Cli;
using MathNet.Numerics.Distributions;
using Logistic = ActionPerception.Agents.Numerics.Logistic;

namespace ActionPerception.Simulations.Studies;

/// <summary>
/// `ap study simulate`: the whole protocol with simulated participants in virtual time, for piloting and power.
/// Participant i (sim-001, …) gets a taste of their own: weights w₀ ~ N(0, <see cref="TasteSpread"/>² I) over the
/// taste posterior's features, from which <see cref="PilotJudgements"/> judgements of random patterns are drawn
/// and a posterior fitted; a fitted-twin listener drawn from that posterior (acting on <see cref="ActRate"/> of the
/// patterns) then plays every block in the participant's order, from the participant's seed, as a person would.
/// </summary>
public static class StudySimulation
{
    public const double TasteSpread = 1.5, ActRate = 0.7, ReactionSeconds = 0.3;
    public const int PilotJudgements = 60;
    public const string Prefix = "sim-";
    /// <summary>The seed of the power estimate's resampling (printed beside it).</summary>
    public const ulong PowerSeed = 1;

    public static void Run(StudyProtocol protocol, string protocolPath, string study, int participants)
    {
        Directory.CreateDirectory(Path.Combine(study, StudyFolder.ParticipantsFolder));
        string copy = Path.Combine(study, StudyFolder.ProtocolFile);
        string hash = StudyProtocol.Hash(protocolPath);
        if (File.Exists(copy) && StudyProtocol.Hash(copy) != hash)
            throw new IOException($"{study}: this study folder runs another version of the protocol; nothing was changed. Fix: give a new --study folder.");
        if (!File.Exists(copy)) File.Copy(protocolPath, copy);
        for (int i = 1; i <= participants; i++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{i:000}");
            string dir = StudyFolder.Participant(study, id);
            if (Directory.Exists(dir))
                throw new IOException($"{dir}: a simulated participant of that ID is already in the study; it was left untouched. Fix: give a new --study folder.");
            Directory.CreateDirectory(dir);
            RunFolder.Lock(dir, force: false);
            var order = StudyOrder.For(protocol, id, i);
            ulong seed = (ulong)SeededRandom.Derive(protocol.Seed, "participant:" + id).NextInt64();
            var m = new ParticipantManifest
            {
                Participant = id, Number = i, Study = protocol.Name, ProtocolSha256 = hash, Seed = seed, Order = protocol.Order, Kind = "simulated",
                Status = ParticipantManifest.Running,
                Blocks = [.. order.Select((b, k) => new BlockRecord { Index = k + 1, Condition = protocol.Blocks[b].Condition })],
            };
            m.Save(dir);
            foreach (var b in m.Blocks)
            {
                var block = protocol.Blocks.Single(x => x.Condition == b.Condition);
                var human = protocol.ScenarioOf(block, $"blocks[{Array.IndexOf(protocol.Blocks, block)}]", seed, "null");
                var s = human with { Mode = SessionMode.Virtual, Listener = ListenerSettings.Of(NoneListener.KindName), Name = "sim-" + b.Condition };
                s.Validate($"{protocolPath}: simulated {b.Condition}");
                int beats = s.Generator.Layers[0];
                // The participant's taste is the same in every block: drawn from the study seed and the ID alone.
                var posterior = Taste(protocol.Seed, id, beats, s.Analysis.TastePosterior);
                ListenerFactory factory = (_, random, _) => new FittedTwinListener(posterior, ActRate, ReactionSeconds, random);
                string name = string.Create(CultureInfo.InvariantCulture, $"{b.Index:00}-{b.Condition}");
                string folder = RunFolder.CreateForSession(Path.Combine(dir, name), s.Name, force: false, out _);
                using (var session = SessionBuilder.Create(s, folder, SessionBuilder.Prepare(s, factory)))
                    session.RunVirtual(CancellationToken.None);
                File.WriteAllText(Path.Combine(folder, "scenario.json"), s.ToJson());
                b.Status = BlockRecord.Finished;
                b.Folder = name;
                b.StopReason = "duration reached";
                m.Save(dir);
            }
            m.Status = ParticipantManifest.Complete;
            m.Save(dir);
            Console.WriteLine($"  {id}: {string.Join(" → ", m.Blocks.Select(b => b.Condition))}");
        }
    }

    /// <summary>A simulated participant's taste posterior: fitted to judgements drawn from a random taste.</summary>
    public static TastePosterior Taste(ulong studySeed, string id, int beats, TastePosteriorSettings settings)
    {
        var rng = SeededRandom.Derive(studySeed, "taste:" + id);
        var posterior = new TastePosterior(beats, settings);
        var w = Enumerable.Range(0, posterior.Features.Dimension).Select(_ => Normal.Sample(rng, 0, TasteSpread)).ToArray();
        var phi = new double[w.Length];
        for (int j = 0; j < PilotJudgements; j++)
        {
            int pattern = rng.Next(1 << beats);
            posterior.Features.Compute(pattern, phi);
            double z = 0;
            for (int i = 0; i < w.Length; i++) z += w[i] * phi[i];
            posterior.Observe(pattern, rng.NextDouble() < Logistic.StableSigmoid(z));
        }
        return posterior;
    }

    /// <summary>
    /// The share of resampled studies of <paramref name="n"/> participants (drawn with replacement from the simulated
    /// within-participant differences) in which the paired sign-flip test finds the difference at <paramref name="alpha"/>.
    /// </summary>
    public static double Power(IReadOnlyList<double> differences, int n, double alpha = 0.05, int studies = 400, ulong seed = 1)
    {
        if (differences.Count == 0) return double.NaN;
        var rng = SeededRandom.Derive(seed, "power");
        int found = 0;
        for (int r = 0; r < studies; r++)
        {
            var sample = Enumerable.Range(0, n).Select(_ => differences[rng.Next(differences.Count)]).ToList();
            // Exact up to 14 pairs; beyond, 2000 seeded flips (an estimate of p within about ±0.005 at 0.05) keep 400 studies to seconds.
            if (PairedComparison.SignFlipP(sample, seed + (ulong)r, exactLimit: 14, flips: 2000).P <= alpha) found++;
        }
        return (double)found / studies;
    }
}
