using System.Text.Json;
using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Logging;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Environment.Sessions;
using ActionPerception.IO;
using ActionPerception.Tests.Environment;

namespace ActionPerception.Tests.Agents.Listeners;

/// <summary>A listener added the way docs/listeners.md says: its own settings and class, and one registration.</summary>
public sealed record EveryNthSettings : IListenerSettings
{
    public int Every { get; init; } = 2;

    public void Validate(string where)
    {
        if (Every < 1) throw new ArgumentException($"{where}.every must be at least 1 (got {Every}).");
    }
}

public sealed class EveryNthListener(EveryNthSettings settings) : IListener
{
    public const string KindName = "every-nth-test";
    public static ListenerKind Registration { get; } = ListenerKind.Of<EveryNthSettings>(KindName, "likes every n-th pattern (a test kind)", (s, _) => new EveryNthListener(s));

    public string Kind => KindName;
    public IReadOnlyDictionary<string, object> Describe() => new Dictionary<string, object> { ["kind"] = Kind, ["every"] = settings.Every };
    public ListenerResponse Hear(HeardPattern heard) =>
        new(heard.Serial % settings.Every == 0 ? JudgementKind.Like : JudgementKind.Dislike, 0.1);
}

public class ListenerKindsTests
{
    static ListenerKindsTests()
    {
        if (ListenerKinds.Find(EveryNthListener.KindName) is null) ListenerKinds.Register(EveryNthListener.Registration);
    }

    [Fact]
    public void A_registered_kind_is_read_from_a_scenario_run_and_logged_with_its_settings()
    {
        var scenario = Scenario.Parse($$"""{ "durationSeconds": 12, "audio": { "bpm": 300 }, "listener": { "kind": "{{EveryNthListener.KindName}}", "{{EveryNthListener.KindName}}": { "every": 3 } } }""");
        Assert.Equal(3, Assert.IsType<EveryNthSettings>(scenario.Listener.Settings).Every);
        string folder = Fixtures.TempDir();
        using (var session = SessionBuilder.Create(scenario, folder, ListenerBuilder.For(scenario))) session.RunVirtual();
        var events = SessionLogReader.Read(SessionHarness.LogPath(folder));
        var header = events.OfType<HeaderEvent>().Single();
        Assert.Equal(EveryNthListener.KindName, header.ListenerKind);
        Assert.Equal(3, Assert.IsType<EveryNthSettings>(header.Scenario.Listener.Settings).Every);
        var judged = events.OfType<JudgementEvent>().ToList();
        Assert.NotEmpty(judged);
        Assert.All(judged, j => Assert.Equal(j.Serial % 3 == 0 ? JudgementKind.Like : JudgementKind.Dislike, j.Kind));
    }

    [Fact]
    public void A_registered_kinds_bad_settings_name_the_field_and_its_kind_is_listed()
    {
        var e = Assert.Throws<ScenarioException>(() => Scenario.Parse($$"""{ "listener": { "kind": "{{EveryNthListener.KindName}}", "{{EveryNthListener.KindName}}": { "every": 0 } } }"""));
        Assert.Contains($"listener.{EveryNthListener.KindName}.every must be at least 1", e.Message);
        Assert.Contains(EveryNthListener.KindName, ListenerKinds.SimulatedNames);
        var unknown = Assert.Throws<InputFileException>(() => Scenario.Parse("""{ "listener": { "kind": "jazz" } }"""));
        Assert.Contains(EveryNthListener.KindName, unknown.Message);
    }

    [Fact]
    public void A_name_or_settings_type_is_registered_once()
    {
        Assert.Throws<ArgumentException>(() => ListenerKinds.Register(OracleListener.Registration));
        Assert.Throws<ArgumentException>(() => ListenerKinds.Register(ListenerKind.Of<OracleSettings>("oracle-2", "a second name for the oracle's settings", null)));
        Assert.Throws<ArgumentException>(() => ListenerKind.Of<NoneListenerSettings>("Not A Name", "", null));
    }

    [Fact]
    public void The_kind_follows_the_settings_so_the_two_cannot_disagree()
    {
        foreach (var kind in ListenerKinds.All)
        {
            var s = ListenerSettings.Of(kind.Name);
            Assert.Equal(kind.Name, s.Kind);
            Assert.Equal(kind.SettingsType, s.Settings.GetType());
            string json = JsonSerializer.Serialize(s, JsonFiles.Write);
            Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<ListenerSettings>(json, JsonFiles.Read), JsonFiles.Write));
        }
        var oracle = ListenerSettings.Of("oracle") with { Settings = new TemplateSettings() };
        Assert.Equal("template", oracle.Kind);
        Assert.True(ListenerSettings.Of("human").IsHuman);
        Assert.Throws<InvalidOperationException>(() => ListenerSettings.Of("human").Create(new ListenerContext(10, new ActionPerception.Agents.Randomness.SeededRandom(1))));
    }

    [Fact]
    public void Old_scenarios_load_a_missing_kind_is_the_helmholtz_listener_and_a_missing_section_its_defaults()
    {
        Assert.Equal(new HelmholtzListenerSettings().PretrainEpochs, Assert.IsType<HelmholtzListenerSettings>(Scenario.Parse("{}").Listener.Settings).PretrainEpochs);
        Assert.IsType<HelmholtzListenerSettings>(Scenario.Parse("""{ "listener": {} }""").Listener.Settings);
        Assert.Equal(new OracleSettings().Distance, Assert.IsType<OracleSettings>(Scenario.Parse("""{ "listener": { "kind": "oracle" } }""").Listener.Settings).Distance);
        // A section before its kind is read too.
        Assert.Equal(2, Assert.IsType<OracleSettings>(Scenario.Parse("""{ "listener": { "oracle": { "distance": 2 }, "kind": "oracle" } }""").Listener.Settings).Distance);
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot(), "docs", "examples"), "*.json").Where(f => !f.EndsWith(".sweep.json", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("study", StringComparison.Ordinal)))
            Scenario.Load(file);
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ActionPerception.sln"))) return d.FullName;
        throw new DirectoryNotFoundException($"ActionPerception.sln not found above {AppContext.BaseDirectory}");
    }
}
