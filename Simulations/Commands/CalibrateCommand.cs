using System.CommandLine;
using System.Globalization;
using ActionPerception.Audio;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Human;

namespace ActionPerception.Simulations.Commands;

/// <summary>
/// `ap calibrate`: plays a click track through an output, has the person press a key on each click, and stores the
/// mean key-to-click offset on the output's own clock (docs/platform.md), which `ap play` then applies to attribution.
/// </summary>
public static class CalibrateCommand
{
    private const int SampleRate = 22050;

    public static Command Create()
    {
        var output = new Option<string>("--output") { Description = $"The output to calibrate, as you will give it to ap play: {AudioOutputs.Help}.", DefaultValueFactory = _ => "speakers" };
        var clicks = CommonOptions.Int("--clicks", "Scored clicks (after 4 low count-in clicks).", 40, 10, max: 400);
        var bpm = CommonOptions.Number("--bpm", "Clicks per minute, 30–240.", 80);
        var maxSpread = CommonOptions.Number("--max-spread", "Refuse the result when the offsets' standard deviation exceeds this many milliseconds.", 50);
        var calibration = CalibrationOptions.File();
        var simulate = new Option<double?>("--simulate-offset")
        {
            Description = "Press no key: a simulated person presses this many milliseconds after each click, on the output's clock (for tests).",
            CustomParser = r =>
            {
                string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return v;
                r.AddError($"--simulate-offset: '{text}' is not a number of milliseconds.");
                return null;
            },
        };
        var cmd = new Command("calibrate", "Measure the delay from a click on an output to the key press that answers it (press a key on each click); ap play applies it to attribution.")
        {
            output, clicks, bpm, maxSpread, calibration, simulate,
        };
        cmd.SetAction(p => Guard.Run(() => Run(p.GetValue(output)!, p.GetValue(clicks), p.GetValue(bpm), p.GetValue(maxSpread),
            p.GetValue(calibration) ?? CalibrationFile.DefaultPath, p.GetValue(simulate))));
        return cmd;
    }

    private static int Run(string outputText, int clickCount, double bpm, double maxSpreadMs, string calibrationPath, double? simulateMs)
    {
        if (!OutputSpec.TryParse(outputText, out var spec, out var problem))
            throw new UsageException($"--output '{outputText}': {problem}. Fix: use one of {AudioOutputs.Help}.");
        if (spec.Kind == OutputKind.Wav)
            throw new UsageException($"--output '{outputText}': a WAV file is not heard, so there is nothing to calibrate. Fix: calibrate the output you will listen through (speakers, alsa:DEVICE, pipe:COMMAND).");
        spec = spec.ForRealtime();
        if (bpm < 30 || bpm > 240) throw new UsageException($"--bpm must be 30–240 (got {bpm.ToString(CultureInfo.InvariantCulture)}).");
        if (!(maxSpreadMs > 0)) throw new UsageException("--max-spread must be a positive number of milliseconds.");
        var track = new ClickTrack(SampleRate, clickCount, bpm);
        if (simulateMs is double sim && (Math.Abs(sim) / 1000 >= track.IntervalSeconds / 2 || Math.Abs(sim) / 1000 > CalibrationFile.MaxOffsetSeconds))
            throw new UsageException($"--simulate-offset must be shorter than half the click interval ({track.IntervalSeconds * 500:F0} ms) and within ±1000 ms.");
        IKeySource? keys = null;
        if (simulateMs is null)
        {
            if (Console.IsInputRedirected)
                throw new UsageException("calibrate needs a terminal to read key presses from, but standard input is redirected. Fix: run it in a terminal (or tmux), or give --simulate-offset MS for a test.");
            keys = new ConsoleKeySource();
        }
        // A broken calibration file is refused before anything plays.
        var file = CalibrationFile.Load(calibrationPath);

        using var cancel = new CancellationTokenSource();
        void OnCancel(object? _, ConsoleCancelEventArgs e) { e.Cancel = true; cancel.Cancel(); }
        Console.CancelKeyPress += OnCancel;
        try
        {
            using var output = spec.Open(SampleRate, new AudioOutputOptions { Notes = n => Console.Error.WriteLine($"ap: note: {n}") });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Calibrating {spec.Key} ({output.Description}): press a key (space) on each click. {track.CountIn} low count-in clicks, then {track.Clicks} high ones at {bpm:0.#} per minute ({track.DurationSeconds:F0} s). Esc stops."));
            var offsets = Measure(output, track, keys, simulateMs, cancel.Token);
            cancel.Token.ThrowIfCancellationRequested();
            return Report(spec, track, offsets, maxSpreadMs, calibrationPath, file, simulateMs is not null);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    /// <summary>Plays the track and returns the offset of the first press on each scored click, by click.</summary>
    private static SortedDictionary<int, double> Measure(IAudioOutput output, ClickTrack track, IKeySource? keys, double? simulateMs, CancellationToken cancel)
    {
        var samples = track.Render();
        Exception? failure = null;
        var streaming = new Thread(() =>
        {
            try
            {
                int slice = SampleRate / 20;
                for (int at = 0; at < samples.Length && !cancel.IsCancellationRequested; at += slice)
                    output.Write(samples.AsSpan(at, Math.Min(slice, samples.Length - at)));
            }
            catch (Exception e) { failure = e; }
        }) { IsBackground = true, Name = "clicks" };
        streaming.Start();

        double Clock() => (double)output.FramesPlayed / SampleRate;
        while (Clock() <= 0 && streaming.IsAlive && !cancel.IsCancellationRequested) Thread.Sleep(1);
        Console.WriteLine("Clicks begin now.");

        var offsets = new SortedDictionary<int, double>();
        void Press(double at)
        {
            if (track.Match(at) is not (int k, double offset) || offsets.ContainsKey(k)) return;
            offsets[k] = offset;
            if (keys is not null) Console.Write(string.Create(CultureInfo.InvariantCulture, $"\r{offsets.Count}/{track.Clicks} clicks answered "));
        }
        int next = 0;
        while (!cancel.IsCancellationRequested && Volatile.Read(ref failure) is null)
        {
            double now = Clock();
            if (now >= track.DurationSeconds || (!streaming.IsAlive && output.FramesPlayed >= output.FramesWritten)) break;
            if (keys is null)
            {
                // The simulated person presses when the output's clock passes the click plus the offset.
                if (next < track.Clicks && now >= track.ScoredClickTime(next) + simulateMs!.Value / 1000) { Press(now); next++; }
                else Thread.Sleep(1);
            }
            else if (keys.TryReadKey(TimeSpan.FromMilliseconds(20), out var key))
            {
                if (key.Key == ConsoleKey.Escape) { cancel.ThrowIfCancellationRequested(); throw new OperationCanceledException(); }
                Press(Clock());
            }
        }
        if (keys is not null) Console.WriteLine();
        streaming.Join(TimeSpan.FromSeconds(5));
        if (Volatile.Read(ref failure) is { } f)
            throw f is AudioOutputException ? f : new AudioOutputException(output.Description, f.Message, f);
        return offsets;
    }

    private static int Report(OutputSpec spec, ClickTrack track, SortedDictionary<int, double> offsets, double maxSpreadMs, string path, CalibrationFile file, bool simulated)
    {
        int needed = Math.Max(2, (track.Clicks + 1) / 2);
        if (offsets.Count < needed)
            throw new UsageException($"only {offsets.Count} of {track.Clicks} clicks had a key press near them; nothing was stored. Fix: run ap calibrate again and press a key on every high click (at least {needed}).");
        var result = OutputCalibration.FromOffsets(spec.Key, [.. offsets.Values], track.Clicks, DateTimeOffset.UtcNow, simulated);
        var values = offsets.Values.Select(v => v * 1000).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{spec.Key}: key presses follow the clicks by {result.Summary()}; range {values.Min():F1} to {values.Max():F1} ms."));
        if (result.SpreadSeconds * 1000 > maxSpreadMs)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"the presses spread by ± {result.SpreadSeconds * 1000:F1} ms, wider than --max-spread {maxSpreadMs:0.#} ms, too wide to correct reaction times with; nothing was stored. Fix: run ap calibrate again, pressing with the clicks rather than after them (or raise --max-spread)."));
        var previous = file.For(spec);
        var updated = file with { Calibrations = new Dictionary<string, OutputCalibration>(file.Calibrations) { [spec.Key] = result } };
        updated.Save(path);
        Console.WriteLine($"Stored in {Path.GetFullPath(path)}{(previous is null ? "" : $" (replacing {previous.Summary()})")}; ap play --output {spec.Text} applies it.");
        return ExitCodes.Ok;
    }
}
