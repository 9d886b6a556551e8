using ActionPerception.Agents.Tastes.Posterior;

namespace ActionPerception.Tests.Agents.Posterior;

public class TasteFeatureSetTests
{
    [Fact]
    public void Default_features_at_ten_beats_are_bias_beats_adjacent_pairs_and_onsets_per_beat()
    {
        var f = new TasteFeatureSet(10, new TasteFeatures());
        Assert.Equal(21, f.Dimension);
        Assert.Equal("bias", f.Names[0]);
        Assert.Equal("beat 0", f.Names[1]);
        Assert.Equal("beat 9", f.Names[10]);
        Assert.Equal("beats 0·1", f.Names[11]);
        Assert.Equal("beats 3·4", f.Names[14]);
        Assert.Equal("beats 8·9", f.Names[19]);
        Assert.Equal("onsets/n", f.Names[20]);
    }

    [Fact]
    public void Beat_zero_is_the_most_significant_bit_of_the_index()
    {
        var f = new TasteFeatureSet(10, new TasteFeatures { WrapAround = true });
        Assert.Equal(22, f.Dimension);
        Assert.Equal("beats 9·0", f.Names[20]);
        int pattern = 0b1011000001; // x.xx.....x
        Assert.Equal("x.xx.....x", f.BeatString(pattern));
        var phi = new double[f.Dimension];
        f.Compute(pattern, phi);
        var expected = new double[22];
        expected[0] = 1;                       // bias
        expected[1 + 0] = expected[1 + 2] = expected[1 + 3] = expected[1 + 9] = 1; // beats 0, 2, 3, 9
        expected[11 + 2] = 1;                  // beats 2·3
        expected[20] = 1;                      // beats 9·0, the wrap-around pair
        expected[21] = 4 / 10.0;               // onsets/n
        Assert.Equal(expected, phi);
    }

    [Fact]
    public void Wrap_around_without_pairs_is_refused_with_the_fix()
    {
        var e = Assert.Throws<ArgumentException>(() => new TasteFeatureSet(10, new TasteFeatures { AdjacentPairs = false, WrapAround = true }));
        Assert.Contains("wrapAround", e.Message);
        Assert.Contains("adjacentPairs", e.Message);
    }
}
