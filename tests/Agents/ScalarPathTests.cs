using ActionPerception.Agents.Files;
using ActionPerception.Agents.Helmholtz;
using ActionPerception.Agents.Randomness;

namespace ActionPerception.Tests.Agents;

/// <summary>
/// The layer loops one unit at a time, as they run where 256-bit vectors are emulated (64-bit ARM): the same bits as the
/// reference's plain loops and as the vector path. Run here by switching <see cref="WeightMatrix.Vectorised"/> off.
/// </summary>
[Collection("scalar-paths")]
public class ScalarPathTests
{
    private static void WithScalarLoops(Action test)
    {
        bool was = WeightMatrix.Vectorised;
        WeightMatrix.Vectorised = false;
        try { test(); }
        finally { WeightMatrix.Vectorised = was; }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Wake_sleep_steps_give_the_bits_of_the_plain_row_loops(bool randomInit, bool trainableBiases) =>
        WithScalarLoops(() => new WeightMatrixTests().Wake_sleep_steps_give_the_bits_of_the_plain_row_loops(randomInit, trainableBiases));

    [Fact]
    public void Every_marginal_has_the_bits_of_the_plain_enumeration() =>
        WithScalarLoops(() => new ExactDistributionTests().Every_marginal_has_the_bits_of_the_plain_enumeration());

    [Fact]
    public void Training_with_either_path_gives_the_same_model_and_epoch_reports()
    {
        string Train()
        {
            var data = DatasetFile.Load(Fixtures.UserDataset);
            var m = new HelmholtzMachine(new MachineSettings { Init = WeightInit.Random }, new SeededRandom(3));
            var t = new WakeSleepTrainer(m, new SeededRandom(4));
            var reports = Enumerable.Range(0, 4).Select(_ => t.TrainEpoch(data)!).ToList();
            return ModelFile.Serialize(new GeneratorModel(m, null, t.Epoch)) + string.Join(";", reports.Select(r =>
                $"{r.KlDataGen:R},{r.KlGenData:R},{r.EntropyGen:R},{string.Join(",", r.WakeLoss.Select(v => v.ToString("R")))},{string.Join(",", r.SleepLoss.Select(v => v.ToString("R")))}"));
        }
        string vectors = Train();
        string scalar = "";
        WithScalarLoops(() => scalar = Train());
        Assert.Equal(vectors, scalar);
    }
}
