namespace ActionPerception.Simulations.Reports;

/// <summary>
/// Largest-triangle-three-buckets decimation (Steinarsson 2013, "Downsampling time series for visual
/// representation"): keeps the first and the last point, cuts the rest into threshold − 2 buckets and keeps from each
/// the point that makes the largest triangle with the point kept before it and the mean of the next bucket. Peaks and
/// steps survive where a stride would drop them. For plotting only: summaries use the full series.
/// </summary>
public static class Lttb
{
    /// <summary>
    /// The indices of the points to keep, in increasing order: every index when <paramref name="x"/> has at most
    /// <paramref name="threshold"/> points, else exactly <paramref name="threshold"/> (at least 3) of them, the first
    /// and the last among them. <paramref name="x"/> should be non-decreasing (a time or a count).
    /// </summary>
    public static int[] Indices(IReadOnlyList<double> x, IReadOnlyList<double> y, int threshold)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"{x.Count} x values for {y.Count} y values.");
        if (threshold < 3) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "LTTB keeps the first, the last and at least one bucket: threshold ≥ 3.");
        int n = x.Count;
        if (n <= threshold)
        {
            var all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }

        var keep = new int[threshold];
        keep[0] = 0;
        // The n − 2 inner points in threshold − 2 buckets of (fractional) size `every`.
        double every = (double)(n - 2) / (threshold - 2);
        int a = 0;
        for (int b = 0; b < threshold - 2; b++)
        {
            int start = (int)Math.Floor(b * every) + 1;
            int end = Math.Min((int)Math.Floor((b + 1) * every) + 1, n - 1);
            // The mean of the next bucket (the last point alone for the last bucket).
            int nextStart = end;
            int nextEnd = Math.Min((int)Math.Floor((b + 2) * every) + 1, n);
            if (b == threshold - 3) { nextStart = n - 1; nextEnd = n; }
            double mx = 0, my = 0;
            int count = 0;
            for (int j = nextStart; j < nextEnd; j++)
            {
                if (!double.IsFinite(y[j])) continue;
                mx += x[j];
                my += y[j];
                count++;
            }
            if (count > 0) { mx /= count; my /= count; }
            else { mx = x[nextStart]; my = double.IsFinite(y[a]) ? y[a] : 0; }

            double ax = x[a], ay = double.IsFinite(y[a]) ? y[a] : my;
            double best = -1;
            int chosen = start;
            for (int j = start; j < end; j++)
            {
                // A gap (NaN, infinity) is kept if it is the bucket's only point; a finite neighbour is preferred.
                double area = double.IsFinite(y[j]) ? Math.Abs((ax - mx) * (y[j] - ay) - (ax - x[j]) * (my - ay)) : -0.5;
                if (area > best) { best = area; chosen = j; }
            }
            keep[b + 1] = chosen;
            a = chosen;
        }
        keep[threshold - 1] = n - 1;
        return keep;
    }

    /// <summary>The kept points themselves (the same arrays' values at <see cref="Indices"/>).</summary>
    public static (double[] X, double[] Y) Decimate(IReadOnlyList<double> x, IReadOnlyList<double> y, int threshold)
    {
        var idx = Indices(x, y, threshold);
        var rx = new double[idx.Length];
        var ry = new double[idx.Length];
        for (int i = 0; i < idx.Length; i++) { rx[i] = x[idx[i]]; ry[i] = y[idx[i]]; }
        return (rx, ry);
    }
}
