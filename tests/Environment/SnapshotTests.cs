using ActionPerception.Agents.Drums;
using ActionPerception.Agents.Files;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Tests.Environment;

public class SnapshotTests
{
    private static double Checksum(HelmholtzMachine m, DrumLayer d)
    {
        double s = 0;
        for (int l = 0; l < m.LayerCount - 1; l++)
        {
            var g = m.Generative(l);
            for (int i = 0; i < g.Length; i++) s += g[i] * (i + 1);
        }
        for (int i = 0; i < d.Bias.Length; i++) s += d.Bias[i] * (i + 7);
        return s;
    }

    [Fact]
    public void Training_and_dreaming_concurrently_never_show_a_torn_snapshot()
    {
        var data = DatasetFile.Load(Fixtures.UserDataset);
        var machine = new HelmholtzMachine(new MachineSettings());
        var drums = new DrumLayer(10, ["a", "b", "c"], new SeededRandom(1));
        var trainer = new WakeSleepTrainer(machine, new SeededRandom(2));
        var box = new SnapshotBox(machine, drums, 0, 0);
        var expected = new System.Collections.Concurrent.ConcurrentDictionary<long, double>();
        expected[0] = Checksum(machine, drums);
        using var done = new CancellationTokenSource();
        long published = 0, checkedCount = 0, torn = 0;

        var writer = new Thread(() =>
        {
            var likeSample = drums.NewSample();
            for (int v = 1; v <= 400; v++)
            {
                if (!trainer.InEpoch) trainer.BeginEpoch(data);
                trainer.Step(50);
                if (trainer.StepsLeftInEpoch == 0) trainer.EndEpoch();
                drums.Like(likeSample); // the drum layer changes between snapshots too
                expected[v] = Checksum(machine, drums);
                box.Publish(machine, drums, v, trainer.Epoch, trainer.TotalSteps);
                published = v;
            }
            done.Cancel();
        });
        var reader = new Thread(() =>
        {
            var rng = new SeededRandom(3);
            var states = machine.NewStates();
            var pre = new double[10];
            while (!done.IsCancellationRequested)
            {
                var snap = box.Acquire();
                double before = Checksum(snap.Machine, snap.Drums);
                snap.Machine.Dream(states, rng);
                snap.Machine.OutputPreActivation(states, pre);
                if (before != expected[snap.Version] || Checksum(snap.Machine, snap.Drums) != before) Interlocked.Increment(ref torn);
                SnapshotBox.Release(snap);
                Interlocked.Increment(ref checkedCount);
            }
        });
        writer.Start(); reader.Start();
        writer.Join(); reader.Join();
        Assert.Equal(400, published);
        Assert.True(checkedCount > 0);
        Assert.Equal(0, torn);
    }
}
