using System.Globalization;
using ActionPerception.Simulations.Analysis;

namespace ActionPerception.Simulations.Reports;

/// <summary>
/// The like and dislike rates of one session, on a 0–1 axis: the rolling window of the last
/// <see cref="SessionAnalysis.Window"/> patterns, or, for a session shorter than the window, the share so far after
/// each pattern (said in the caption); a session without patterns says so in the panel.
/// </summary>
public static class RateFigures
{
    public static Figure Rates(SessionAnalysis s, string prefix)
    {
        string name = prefix + "rates";
        int n = s.Played.Count;
        if (n == 0)
            return Figures.WithMessage(Figures.WithYRange(Figures.Lines(name, "Like and dislike rates", "session time (s)", "fraction of patterns", [],
                caption: "No pattern was played."), 0, 1), "no pattern was played");
        if (n >= SessionAnalysis.Window)
            return Figures.WithYRange(Figures.Lines(name, $"Like and dislike rates (last {SessionAnalysis.Window} patterns)", "session time (s)", "fraction of patterns",
            [
                new("likes", [.. s.Rates.Select(r => r.T)], [.. s.Rates.Select(r => r.LikeRate)], "#2ca02c"),
                new("dislikes", [.. s.Rates.Select(r => r.T)], [.. s.Rates.Select(r => r.DislikeRate)], "#d62728"),
            ]), -0.02, 1.02);
        var t = new double[n];
        var likes = new double[n];
        var dislikes = new double[n];
        int liked = 0, disliked = 0;
        for (int i = 0; i < n; i++)
        {
            if (s.Played[i].Likes > 0) liked++;
            if (s.Played[i].Dislikes > 0) disliked++;
            t[i] = s.Played[i].End;
            likes[i] = (double)liked / (i + 1);
            dislikes[i] = (double)disliked / (i + 1);
        }
        return Figures.WithYRange(Figures.Lines(name, "Like and dislike rates (all patterns so far)", "session time (s)", "fraction of patterns",
        [
            new("likes", t, likes, "#2ca02c"),
            new("dislikes", t, dislikes, "#d62728"),
        ], caption: string.Create(CultureInfo.InvariantCulture,
            $"The session played {Figures.Count(n, "pattern")}, fewer than the rolling window of {SessionAnalysis.Window}: each point is the share of all patterns so far that were liked (disliked).")), -0.02, 1.02);
    }
}
