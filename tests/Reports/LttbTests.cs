using ActionPerception.Simulations.Reports;

namespace ActionPerception.Tests.Reports;

public class LttbTests
{
    [Fact]
    public void A_series_no_longer_than_the_threshold_is_returned_exactly()
    {
        double[] x = [0, 1, 2, 3, 4], y = [5, -1, 3, 3, 0];
        Assert.Equal([0, 1, 2, 3, 4], Lttb.Indices(x, y, 5));
        var (rx, ry) = Lttb.Decimate(x, y, 100);
        Assert.Equal(x, rx);
        Assert.Equal(y, ry);
        Assert.Empty(Lttb.Indices([], [], 3));
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(1000, 10)]
    [InlineData(10_001, 2000)]
    [InlineData(2001, 2000)]
    public void A_long_series_keeps_exactly_threshold_points_in_order_with_the_first_and_the_last(int n, int threshold)
    {
        var random = new Random(7);
        var x = Enumerable.Range(0, n).Select(i => i * 0.1).ToArray();
        var y = x.Select(_ => random.NextDouble()).ToArray();
        var idx = Lttb.Indices(x, y, threshold);
        Assert.Equal(threshold, idx.Length);
        Assert.Equal(0, idx[0]);
        Assert.Equal(n - 1, idx[^1]);
        for (int i = 1; i < idx.Length; i++) Assert.True(idx[i] > idx[i - 1], $"indices not increasing at {i}");
    }

    [Fact]
    public void A_spike_survives_that_a_stride_would_drop()
    {
        // 1000 points of 0 with one spike at 501; a stride of 10 (0, 10, …) would miss it.
        var x = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        var y = new double[1000];
        y[501] = 5;
        var (_, ry) = Lttb.Decimate(x, y, 100);
        Assert.Contains(5.0, ry);
    }

    [Fact]
    public void Each_bucket_keeps_the_point_of_the_largest_triangle()
    {
        // n = 8, threshold 4: the 6 inner points form 2 buckets of 3 (1–3 and 4–6). Bucket 1 against (0, 0) and the
        // mean of bucket 2; bucket 2 against the point chosen in bucket 1 and the last point. Worked by hand:
        // bucket 1 (mean of bucket 2 = (5, 1)): areas |(0−5)(y−0) − (0−x)(1−0)| = |x − 5y|: x=1,y=0 → 1; x=2,y=3 → 13; x=3,y=1 → 2. Keeps 2.
        // bucket 2 (from (2, 3), to (7, 0)): |(2−7)(y−3) − (2−x)(0−3)| = |−5y + 15 + 6 − 3x|: x=4,y=1 → 4; x=5,y=2 → 4; x=6,y=0 → 3.
        // A tie keeps the first: 4.
        double[] x = [0, 1, 2, 3, 4, 5, 6, 7], y = [0, 0, 3, 1, 1, 2, 0, 0];
        Assert.Equal([0, 2, 4, 7], Lttb.Indices(x, y, 4));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Lttb.Indices([0, 1, 2, 3], [0, 1, 2, 3], 2));
        Assert.Throws<ArgumentException>(() => Lttb.Indices([0, 1], [0], 3));
    }

    [Fact]
    public void A_report_line_trace_holds_at_most_the_cap_and_the_ends_of_the_series()
    {
        var x = Enumerable.Range(0, 36_000).Select(i => i * 0.1).ToArray();
        var y = x.Select(Math.Sin).ToArray();
        var f = Figures.Lines("long", "long", "t", "y", [new Series("sin", x, y)]);
        var trace = f.Json["data"]![0]!;
        var xs = trace["x"]!.AsArray().Select(v => (double)v!).ToArray();
        Assert.Equal(Figures.MaxPointsPerTrace, xs.Length);
        Assert.Equal(x[0], xs[0]);
        Assert.Equal(x[^1], xs[^1]);
    }
}
