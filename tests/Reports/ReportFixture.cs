using ActionPerception.Agents.Listeners;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Reports;

namespace ActionPerception.Tests.Reports;

/// <summary>One fixture for the report tests and the screenshot test: its sessions are run once.</summary>
[CollectionDefinition("report")]
public sealed class ReportCollection : ICollectionFixture<ReportFixture>;

/// <summary>Two short virtual sessions (a Helmholtz listener and a random one) and their report, made once for the class.</summary>
public sealed class ReportFixture
{
    public string Root { get; } = Fixtures.TempDir();
    public string HelmholtzRun { get; }
    public string RandomRun { get; }
    public string ReportPath { get; }
    public string Html { get; }

    public ReportFixture()
    {
        HelmholtzRun = Run("helmholtz", 3);
        RandomRun = Run("random", 4);
        ReportPath = Path.Combine(Root, "report.html");
        ReportWriter.Write([HelmholtzRun, Path.Combine(RandomRun, SessionBuilder.LogFileName)], ReportPath, overwrite: false);
        Html = File.ReadAllText(ReportPath);
    }

    /// <summary>300 BPM makes 2 s buffers: 60 s is 30 patterns.</summary>
    public static Scenario Short(string kind, ulong seed, double seconds = 60) => new()
    {
        Name = kind,
        Seed = seed,
        DurationSeconds = seconds,
        Audio = new AudioScenario { Bpm = 300 },
        Training = new TrainingScenario { StepsPerSecond = 800 },
        Listener = ListenerSettings.Of(kind),
    };

    public string Run(string kind, ulong seed)
    {
        string folder = Path.Combine(Root, kind);
        var s = Short(kind, seed);
        using var session = SessionBuilder.Create(s, folder, ListenerBuilder.For(s));
        session.RunVirtual();
        return folder;
    }

    /// <summary>Every figure's JSON as embedded in the page, by figure name.</summary>
    public static Dictionary<string, JsonElement> FiguresOf(string html) =>
        Regex.Matches(html, "<script type=\"application/json\" class=\"figure-data\" data-target=\"[^\"]+\" data-name=\"([^\"]+)\"[^>]*>(.*?)</script>", RegexOptions.Singleline)
            .ToDictionary(m => m.Groups[1].Value, m => JsonDocument.Parse(m.Groups[2].Value).RootElement.Clone());

    public static JsonElement DataBlock(string html, string id)
    {
        var m = Regex.Match(html, $"<script type=\"application/json\" id=\"{id}\">(.*?)</script>", RegexOptions.Singleline);
        Assert.True(m.Success, $"no data block {id}");
        return JsonDocument.Parse(m.Groups[1].Value).RootElement.Clone();
    }
}
