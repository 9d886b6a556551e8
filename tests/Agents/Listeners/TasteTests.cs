using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Randomness;
using ActionPerception.Agents.Tastes;

namespace ActionPerception.Tests.Agents.Listeners;

public class TasteTests
{
    [Fact]
    public void Exactly_256_of_the_1024_ten_beat_patterns_are_well_formed()
    {
        var t = TasteCatalog.WellFormedTaste(10);
        Assert.Equal(256, t.SupportSize);
        Assert.Equal(256, Enumerable.Range(0, 1024).Count(p => TasteCatalog.IsWellFormed(p, 10)));
        Assert.Equal(1.0, t.Distribution.ToArray().Sum(), 12);
        foreach (var p in Enumerable.Range(0, 1024).Where(t.Contains)) Assert.Equal(1.0 / 256, t.Distribution[p], 15);
    }

    [Theory]
    [InlineData("1010101010", true)]
    [InlineData("1111111111", true)]
    [InlineData("0111111111", false)] // beat 0 off
    [InlineData("1100001111", false)] // 0000
    [InlineData("1100100111", false)] // 00100: a lone onset between silences
    [InlineData("1001111111", false)] // starts 100
    [InlineData("1111111001", false)] // ends 001
    [InlineData("1101101101", true)]
    public void The_grammar_rules_read_literally(string beats, bool wellFormed)
    {
        Assert.True(Taste.TryParse(beats, 10, out int p));
        Assert.Equal(wellFormed, TasteCatalog.IsWellFormed(p, 10));
    }

    [Fact]
    public void Presets_follow_their_documented_rules()
    {
        var sparse = TasteCatalog.SparseTaste(10);
        var dense = TasteCatalog.DenseTaste(10);
        var backbeat = TasteCatalog.BackbeatTaste(10);
        Assert.Equal(130, sparse.SupportSize);
        Assert.Equal(176, dense.SupportSize);
        Assert.Equal(32, backbeat.SupportSize);
        for (int p = 0; p < 1024; p++)
        {
            Assert.Equal((p & 512) != 0 && int.PopCount(p) <= 4, sparse.Contains(p));
            Assert.Equal(int.PopCount(p) >= 7, dense.Contains(p));
            string s = Taste.Format(p, 10);
            Assert.Equal(s[0] == '1' && s[1] == '0' && s[2] == '1' && s[6] == '0' && s[7] == '1', backbeat.Contains(p));
        }
    }

    [Fact]
    public void The_mixture_is_seeded_and_keeps_distinct_patterns()
    {
        var a = TasteCatalog.Create(new TasteSettings { Name = "mixture", Seed = 5 }, 10);
        var b = TasteCatalog.Create(new TasteSettings { Name = "mixture", Seed = 5 }, 10);
        var c = TasteCatalog.Create(new TasteSettings { Name = "mixture", Seed = 6 }, 10);
        Assert.Equal(a.Support, b.Support);
        Assert.NotEqual(a.Support, c.Support);
        // 1000 draws over 1024 patterns with beat probabilities Φ(u − 0.5) ∈ [0.31, 0.69]: many repeats.
        Assert.InRange(a.SupportSize, 300, 1000);
        // Without noise, every datum is its component's rounded mean: at most k patterns.
        var exact = TasteCatalog.Create(new TasteSettings { Name = "mixture", Seed = 5, Noise = 0 }, 10);
        Assert.InRange(exact.SupportSize, 1, 3);
    }

    [Fact]
    public void The_user_taste_is_the_datasets_counts()
    {
        var t = TasteCatalog.Create(new TasteSettings { Name = "user", File = Fixtures.UserDataset }, 10);
        var data = ActionPerception.Agents.Files.DatasetFile.Load(Fixtures.UserDataset);
        for (int p = 0; p < 1024; p++)
        {
            Assert.Equal(data[p] / data.Total, t.Distribution[p], 12);
            Assert.Equal(data[p] > 0, t.Contains(p));
        }
        var e = Assert.Throws<ArgumentException>(() => TasteCatalog.Create(new TasteSettings { Name = "user", File = Fixtures.UserDataset }, 8));
        Assert.Contains("taste.file", e.Message);
    }

    [Fact]
    public void Unknown_tastes_are_refused_listing_the_valid_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => TasteCatalog.Create(new TasteSettings { Name = "jazz" }, 10));
        Assert.Contains("taste.name 'jazz'", e.Message);
        foreach (var n in TasteCatalog.Names) Assert.Contains(n, e.Message);
        e = Assert.Throws<ArgumentException>(() => TasteCatalog.Create(new TasteSettings { Name = "user" }, 10));
        Assert.Contains("taste.file", e.Message);
        e = Assert.Throws<ArgumentException>(() => TasteCatalog.Create(new TasteSettings { Name = "mixture", Components = 0, Seed = 1 }, 10));
        Assert.Contains("taste.components", e.Message);
    }

    [Fact]
    public void The_false_positive_rate_is_the_mass_outside_the_support()
    {
        var t = TasteCatalog.WellFormedTaste(10);
        var uniform = Enumerable.Repeat(1.0 / 1024, 1024).ToArray();
        Assert.Equal(0.75, t.FalsePositiveRate(uniform), 12);
        Assert.Equal(0.0, t.FalsePositiveRate(t.Distribution), 12);
    }
}
