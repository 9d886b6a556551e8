using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPerception.Agents.Files;
using ActionPerception.Agents.Listeners;
using ActionPerception.Environment.Scenarios;
using ActionPerception.Simulations.Cli;

namespace ActionPerception.Simulations.Runs;

/// <summary>The options that simulate and play share: a scenario file, and overrides of its most used settings.</summary>
public sealed class ScenarioOptions
{
    public Option<string?> Scenario { get; } = new("--scenario", "-c") { Description = "Scenario file (JSON, see docs/scenarios.md); options below override it." };
    public Option<double?> Duration { get; } = NumberOption("--duration", "Seconds of audio (simulate default 600).");
    public Option<ulong?> Seed { get; } = new("--seed", "-s")
    {
        Description = "Session seed; the same seed gives the same session.",
        CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong v)) return v;
            r.AddError($"--seed: '{text}' is not a whole number from 0 to {ulong.MaxValue}.");
            return null;
        },
    };
    public Option<string?> Listener { get; } = new("--listener", "-l") { Description = "Listener kind: helmholtz, oracle, template, random, none (hears, never judges) (simulate)." };
    public Option<string?> Taste { get; } = new("--taste") { Description = "The listener's taste (helmholtz, oracle, template): well-formed, user, mixture, sparse, dense, backbeat." };
    public Option<string?> Reference { get; } = new("--reference") { Description = "The reference taste the convergence measures are taken against (a set-like taste: well-formed, mixture, sparse, dense, backbeat). Default: the listener's own taste when it has a set, else well-formed." };
    public Option<int?> Habituation { get; } = new("--habituation")
    {
        Description = "Wake-sleep steps the Helmholtz listener takes on what it hears (0: fixed taste).",
        CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v)) return v;
            r.AddError($"--habituation: '{text}' is not a whole number ≥ 0.");
            return null;
        },
    };
    public Option<double?> Bpm { get; } = NumberOption("--bpm", "Tempo, 30–300 (default 120).");
    public Option<string?> Budget { get; } = new("--budget") { Description = "Training steps per second of audio (default 800), or max (real time only)." };
    public Option<string?> Niche { get; } = new("--niche") { Description = "What the generator trains toward: counts (the original), posterior (counts weighted by P(like)) or predictive (a target over all patterns from the taste posterior)." };
    public Option<string?> Play { get; } = new("--play") { Description = "Which dream is played: dream (the original: one) or epistemic (the most informative of several, generator.epistemic)." };
    public Option<string?> Dataset { get; } = new("--dataset", "-d") { Description = "Initial dataset file (JSON or .npy); default the original's every-5th-pattern start." };
    public Option<string?> Model { get; } = new("--model", "-m") { Description = "Start the generator from this model file." };
    public Option<string?> Kit { get; } = new("--kit") { Description = "builtin, or a folder of WAV files (optional kit.json)." };
    public Option<string?> Output { get; } = new("--output") { Description = $"Audio output: {Audio.AudioOutputs.Help}." };
    public Option<double?> Latency { get; } = NumberOption("--latency", "pipe:COMMAND only: seconds of audio the player holds beyond the pipe (default 0.1); the played-frame clock subtracts it (docs/platform.md).");
    public Option<string?> Record { get; } = new("--record") { Description = "Also write what is played into this WAV file (relative paths: inside the run folder), on any output." };
    public Option<string?> Out { get; } = new("--out", "-o") { Description = "Run folder (default: a new folder under runs/)." };
    public Option<bool> Force { get; } = CommonOptions.Force();

    /// <summary>A number option whose parse error names the option and the value, not a .NET type.</summary>
    internal static Option<double?> NumberOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
            r.AddError($"{name}: '{text}' is not a number.");
            return null;
        },
    };

    public void AddTo(Command c)
    {
        foreach (var o in new Option[] { Scenario, Duration, Seed, Listener, Taste, Reference, Habituation, Bpm, Budget, Niche, Play, Dataset, Model, Kit, Output, Latency, Record, Out, Force })
            c.Options.Add(o);
    }

    /// <summary>The effective scenario: the file (or the built-in defaults), then each given option, validated.</summary>
    /// <param name="start">The scenario to start from instead of a file or the defaults (a twin's: the human run's).</param>
    public Scenario Build(ParseResult p, SessionMode mode, string defaultName, string? forcedListener = null, string? defaultOutput = null,
        Scenario? start = null)
    {
        string? path = p.GetValue(Scenario);
        var s = start ?? (path is null ? new Scenario { Name = defaultName } : Environment.Scenarios.Scenario.Load(path));
        s = s with { Mode = mode };
        if (p.GetValue(Duration) is double d) s = s with { DurationSeconds = d };
        if (p.GetValue(Seed) is ulong seed) s = s with { Seed = seed };
        if (p.GetValue(Bpm) is double bpm) s = s with { Audio = s.Audio with { Bpm = bpm } };
        if (p.GetValue(Budget) is string b)
        {
            double? steps = b.Equals("max", StringComparison.OrdinalIgnoreCase) ? null
                : double.TryParse(b, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
                : throw new UsageException($"--budget: '{b}' is not a number. Fix: give steps per second of audio, e.g. 800, or max.");
            s = s with { Training = s.Training with { StepsPerSecond = steps } };
        }
        if (p.GetValue(Niche) is string niche) s = s with { Generator = s.Generator with { Niche = niche } };
        if (p.GetValue(Play) is string play) s = s with { Generator = s.Generator with { Play = play } };
        if (p.GetValue(Dataset) is string ds) s = s with { Dataset = s.Dataset with { File = Path.GetFullPath(ds) } };
        if (p.GetValue(Model) is string m) s = s with { Generator = s.Generator with { Model = Path.GetFullPath(m) } };
        if (p.GetValue(Kit) is string kit) s = s with { Audio = s.Audio with { Kit = kit == "builtin" ? kit : Path.GetFullPath(kit) } };
        if (p.GetValue(Output) is string output) s = s with { Audio = s.Audio with { Output = output } };
        else if (defaultOutput is not null && path is null) s = s with { Audio = s.Audio with { Output = defaultOutput } };
        if (p.GetValue(Record) is string record) s = s with { Audio = s.Audio with { Record = record } };
        if (p.GetValue(Latency) is double latency) s = s with { Audio = s.Audio with { PlayerLatencySeconds = latency } };
        if (forcedListener is not null) s = s with { Listener = ListenerSettings.Of(forcedListener) };
        else if (p.GetValue(Listener) is string kind && kind != s.Listener.Kind)
        {
            if (ListenerKinds.Find(kind) is not { Simulated: true })
                throw new UsageException($"--listener: '{kind}' is not a simulated listener. Fix: choose one of {string.Join(", ", ListenerKinds.SimulatedNames)} (ap play is the human listener).");
            s = s with { Listener = ListenerSettings.Of(kind) };
        }
        int? habituation = p.GetValue(Habituation);
        if (p.GetValue(Taste) is string taste)
        {
            if (s.Listener.Settings is not ITastefulSettings tasteful)
                throw new UsageException($"--taste sets the taste of a listener that judges by one ({string.Join(", ", ListenerKinds.All.Where(k => typeof(ITastefulSettings).IsAssignableFrom(k.SettingsType)).Select(k => k.Name))}), but the listener is '{s.Listener.Kind}', which has none. Fix: choose one of those with --listener, or use --reference to choose what convergence is measured against.");
            // The command line has no option for the user taste's dataset; only a scenario can name one.
            if (taste == Agents.Tastes.TasteCatalog.User && tasteful.Taste?.File is null)
                throw new UsageException($"--taste user needs the dataset of the user's taste, which only a scenario can name. Fix: give a scenario with \"listener\": {{\"kind\": \"{s.Listener.Kind}\", \"{s.Listener.Kind}\": {{\"taste\": {{\"name\": \"user\", \"file\": \"tests/fixtures/user_dataset.json\"}}}}}} (--scenario), or choose another --taste.");
            // --taste makes the taste the whole like rule (an oracle's targets and a template's weights give way).
            var given = (tasteful.Taste ?? new Agents.Tastes.TasteSettings()) with { Name = taste };
            s = s with { Listener = s.Listener with { Settings = tasteful.WithTaste(given) } };
        }
        if (habituation is int hab)
        {
            if (s.Listener.Settings is not HelmholtzListenerSettings h)
                throw new UsageException($"--habituation sets the Helmholtz listener, but the listener is '{s.Listener.Kind}'. Fix: add --listener helmholtz.");
            s = s with { Listener = s.Listener with { Settings = h with { Habituation = hab } } };
        }
        if (p.GetValue(Reference) is string reference) s = s with { Analysis = s.Analysis with { Reference = reference } };
        s = s with { BaseDirectory = path is null ? Directory.GetCurrentDirectory() : s.BaseDirectory };
        s.Validate(path ?? "options");
        // A model's layers win over generator.layers (docs/scenarios.md), so the session is built for the model's width.
        if (s.Generator.Model is string modelPath)
        {
            var layers = Agents.Files.ModelFile.Load(s.Resolve(modelPath)).Machine.Layers.ToArray();
            if (!layers.SequenceEqual(s.Generator.Layers))
            {
                s = s with { Generator = s.Generator with { Layers = layers } };
                s.Validate(path ?? "options");
            }
        }
        return s;
    }
}
