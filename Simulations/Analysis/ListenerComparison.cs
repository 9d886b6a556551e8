using ActionPerception.Agents.Listeners;
using System.Globalization;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;

namespace ActionPerception.Simulations.Analysis;

/// <summary>How one kind of listener (human, Helmholtz, scripted) did over its sessions: means over sessions.</summary>
public sealed record ListenerGroupRow(
    string Group,
    int Sessions,
    double MinutesOfAudio,
    double JudgementsPerMinute,
    double LikeShare,
    double? MeanFinalKl,
    double? MeanKlDropPerJudgement,
    double? MeanTimeToLikeRate50,
    int ReachedLikeRate50,
    double? MeanGenerativeEntropy);

/// <summary>The human-versus-computer comparison the notebooks show; pure arithmetic over analysed sessions.</summary>
public static class ListenerComparison
{
    public static IReadOnlyList<ListenerGroupRow> Compare(IReadOnlyList<SessionAnalysis> sessions) =>
    [
        .. sessions.GroupBy(s => s.ListenerGroup).OrderBy(g => Order(g.Key)).Select(g =>
        {
            var list = g.ToList();
            double minutes = list.Sum(s => s.Summary.DurationSeconds) / 60;
            long likes = list.Sum(s => s.Summary.Likes), dislikes = list.Sum(s => s.Summary.Dislikes);
            var drops = list.Where(s => s.Epochs.Count > 1 && s.JudgementsApplied > 0)
                .Select(s => (s.Epochs[0].KlDataGen - s.Epochs[^1].KlDataGen) / s.JudgementsApplied).ToList();
            var t50 = list.Select(s => s.Summary.TimeToLikeRate50).OfType<double>().ToList();
            var kl = list.Select(s => s.Summary.FinalKlDataGen).OfType<double>().ToList();
            var h = list.Select(s => s.Summary.GenerativeEntropy).OfType<double>().ToList();
            return new ListenerGroupRow(g.Key, list.Count, minutes, minutes > 0 ? (likes + dislikes) / minutes : 0,
                likes + dislikes > 0 ? (double)likes / (likes + dislikes) : 0,
                kl.Count > 0 ? kl.Average() : null, drops.Count > 0 ? drops.Average() : null,
                t50.Count > 0 ? t50.Average() : null, t50.Count, h.Count > 0 ? h.Average() : null);
        }),
    ];

    private static int Order(string group) => group switch { "human" => 0, "helmholtz" => 1, _ => 2 };

    /// <summary>A plain-text table for consoles and notebook outputs.</summary>
    public static string ToText(IReadOnlyList<ListenerGroupRow> rows)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("group      sessions  minutes  judgements/min  like share  final KL  KL drop/judgement  time to 50 % likes (reached)  entropy");
        foreach (var r in rows)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Group,-10} {r.Sessions,8} {r.MinutesOfAudio,8:F1} {r.JudgementsPerMinute,15:F1} {r.LikeShare,11:P0} {SessionAnalysis.Format(r.MeanFinalKl),9} {SessionAnalysis.Format(r.MeanKlDropPerJudgement, "F5"),18} {SessionAnalysis.Format(r.MeanTimeToLikeRate50, "F1"),20} ({r.ReachedLikeRate50}/{r.Sessions}) {SessionAnalysis.Format(r.MeanGenerativeEntropy),8}"));
        return sb.ToString();
    }

    /// <summary>A summary table of sessions as plain text.</summary>
    public static string SummaryText(IReadOnlyList<SessionAnalysis> sessions)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("session                    listener    seconds  patterns  likes  dislikes  final KL  time to 50 %  entropy");
        foreach (var s in sessions.Select(x => x.Summary))
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{Trim(s.Label, 26),-26} {s.ListenerKind,-10} {s.DurationSeconds,8:F1} {s.Patterns,9} {s.Likes,6} {s.Dislikes,9} {SessionAnalysis.Format(s.FinalKlDataGen),9} {SessionAnalysis.Format(s.TimeToLikeRate50, "F1"),13} {SessionAnalysis.Format(s.GenerativeEntropy),8}"));
        return sb.ToString();
    }

    private static string Trim(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}

/// <summary>
/// Short virtual sessions for the notebooks and their CI run when no logs are given: real sessions of the real
/// listeners (nothing is made up), kept short so they run in seconds.
/// </summary>
public static class DemoSessions
{
    /// <summary>Runs one session per listener kind into <paramref name="root"/>/KIND-seedN and returns the run folders.</summary>
    public static IReadOnlyList<string> Run(string root, IReadOnlyList<string> kinds, double seconds = 60, ulong seed = 1, double bpm = 300)
    {
        var folders = new List<string>();
        foreach (var kind in kinds)
        {
            if (kind == ListenerBuilder.Human)
                throw new ArgumentException("a human session cannot be simulated: record one with ap play and pass its run folder.");
            string folder = Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"{kind}-seed{seed}"));
            if (File.Exists(Path.Combine(folder, SessionBuilder.LogFileName))) { folders.Add(folder); continue; }
            var s = new Scenario
            {
                Name = kind,
                Seed = seed,
                DurationSeconds = seconds,
                Audio = new AudioScenario { Bpm = bpm },
                Listener = ListenerSettings.Of(kind),
            };
            s.Validate($"demo session {kind}");
            using (var session = SessionBuilder.Create(s, folder, ListenerBuilder.For(s))) session.RunVirtual();
            folders.Add(folder);
        }
        return folders;
    }
}
