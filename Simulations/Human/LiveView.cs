using ActionPerception.Agents.Listeners;
using System.Globalization;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Sessions;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActionPerception.Simulations.Human;

/// <summary>
/// The live terminal view of a real-time session: the audible pattern as an instrument × beat grid with a
/// moving playhead and a legend, a progress bar through the buffer (the original's), elapsed and remaining time,
/// counters, the training epoch and KL, and where each key was credited ("like → #7", "dislike ignored: …").
/// After a stop it says so until the runner has written the checkpoint and the report (<see cref="Finish"/>).
/// Where the output is not an interactive terminal it prints a plain line per pattern and per judgement instead.
/// </summary>
public sealed class LiveView
{
    private static readonly string[] Shades = ["·", "░", "▒", "▓", "█"];

    /// <summary>What the grid's cells mean.</summary>
    public const string Legend = "· no hit   ░ ▒ ▓ █ hit, dynamic soft → loud (< .25, < .5, < .75, ≥ .75)   digit: strokes in the beat (2 flam, 3+ roll)";

    /// <summary>Shown after a stop until the runner is done.</summary>
    public const string StoppingText = "stopping… writing checkpoint and report";

    /// <summary>How many of the newest judgement messages are shown.</summary>
    public const int MessageCount = 2;

    private readonly Session _session;
    private readonly IReadOnlyList<string> _instruments;
    private readonly int _beats;
    private readonly string _help;
    private readonly Lock _gate = new();
    private readonly List<string> _messages = [];
    private readonly List<string> _pending = [];
    private volatile bool _finished;
    private Thread? _thread;

    public LiveView(Session session, IReadOnlyList<string> instruments, int beats, string help)
    {
        _session = session;
        _instruments = instruments;
        _beats = beats;
        _help = help;
        session.JudgementLogged += OnJudgement;
    }

    /// <summary>The newest judgement messages, oldest first.</summary>
    public IReadOnlyList<string> Messages
    {
        get { lock (_gate) return [.. _messages]; }
    }

    /// <summary>One line about an attributed judgement: "like → #7", "dislike ignored: repeated key: …", "stop".</summary>
    public static string Describe(JudgementEvent e)
    {
        string when = e.Made.ToString("F1", CultureInfo.InvariantCulture) + " s";
        if (e.Status == JudgementStatus.Stop) return $"{when}  stop";
        if (e.IsApplied) return $"{when}  {JudgementKinds.Name(e.Kind)} → #{e.Serial}";
        return $"{when}  {JudgementKinds.Name(e.Kind)} ignored: {e.Reason ?? "no pattern to credit"}";
    }

    private void OnJudgement(JudgementEvent e)
    {
        string m = Describe(e);
        lock (_gate)
        {
            _messages.Add(m);
            if (_messages.Count > MessageCount) _messages.RemoveAt(0);
            _pending.Add(m);
        }
    }

    public static IRenderable Render(SessionStatus s, int sampleRate, IReadOnlyList<string> instruments, int beats, string help,
        IReadOnlyList<string>? messages = null, bool stopping = false)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap());
        for (int k = 0; k < beats; k++) grid.AddColumn(new GridColumn().Centered());
        double into = 0;
        int playhead = -1;
        if (s.Audible is { } p && !stopping)
        {
            into = Math.Clamp((s.Time - (double)p.StartFrame / sampleRate) / s.BufferSeconds, 0, 0.999);
            playhead = (int)(into * beats);
        }
        var header = new List<IRenderable> { new Markup("[grey]beat[/]") };
        for (int k = 0; k < beats; k++)
            header.Add(new Markup(k == playhead ? $"[black on yellow]{k}[/]" : $"[grey]{k}[/]"));
        grid.AddRow(header.ToArray());
        for (int i = 0; i < instruments.Count; i++)
        {
            var row = new List<IRenderable> { new Markup(Markup.Escape(instruments[i])) };
            for (int k = 0; k < beats; k++)
            {
                string cell = " ";
                if (s.Audible is { } a)
                {
                    int c = k * a.Drums.Instruments + i;
                    if (a.Drums.Hit[c])
                    {
                        int shade = 1 + (int)Math.Min(3, Math.Floor(a.Drums.Dynamic[c] * 4));
                        cell = Shades[shade] + (a.Drums.Division[c] > 1 ? a.Drums.Division[c].ToString(CultureInfo.InvariantCulture) : "");
                    }
                    else cell = Shades[0];
                }
                row.Add(new Markup(k == playhead ? $"[yellow]{Markup.Escape(cell)}[/]" : Markup.Escape(cell)));
            }
            grid.AddRow(row.ToArray());
        }
        int width = 40;
        int filled = (int)(into * width);
        string bar = new string('━', filled) + new string('─', width - filled);
        string pattern = s.Audible is { } q ? Session.PatternString(q.Pattern, beats) : new string(' ', beats);
        string kl = s.KlDataGen is double v ? v.ToString("F4", CultureInfo.InvariantCulture) : "–";
        double elapsed = s.Time - s.StartTime;
        if (s.DurationSeconds is double total) elapsed = Math.Min(elapsed, total); // the clock runs on past the end while the session settles
        string time = s.Remaining is double left
            ? string.Create(CultureInfo.InvariantCulture, $"{elapsed:F1} s of {s.DurationSeconds:F0} s · {left:F1} s left")
            : string.Create(CultureInfo.InvariantCulture, $"{elapsed:F1} s · until stopped");
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"pattern [bold]{pattern}[/] #{s.Audible?.Serial ?? 0}   [green]likes {s.Likes}[/]  [red]dislikes {s.Dislikes}[/]  patterns {s.Patterns}"),
            $"[blue]{bar}[/] {Markup.Escape(time)}",
            string.Create(CultureInfo.InvariantCulture, $"training epoch {s.Epoch}   KL(data‖gen) {kl}   underruns {s.Underruns}"),
        };
        var shown = messages ?? [];
        for (int m = 0; m < MessageCount; m++)
            lines.Add(m < shown.Count ? Markup.Escape(shown[m]) : "");
        lines.Add($"[grey]{Markup.Escape(Legend)}[/]");
        lines.Add(stopping ? $"[bold yellow]{Markup.Escape(StoppingText)}[/]" : $"[grey]{Markup.Escape(help)}[/]");
        return new Panel(new Rows(grid, new Markup(string.Join('\n', lines)))) { Header = new PanelHeader(" ActionPerception ") };
    }

    /// <summary>The last frame's footer, once the runner is done.</summary>
    public const string DoneText = "stopped · checkpoint and report written";

    private IRenderable Current() => _finished
        ? Render(_session.Status(_session.Now), _session.SampleRate, _instruments, _beats, DoneText, Messages)
        : Render(_session.Status(_session.Now), _session.SampleRate, _instruments, _beats, _help, Messages, _session.Stopped);

    /// <summary>Shows the view until <see cref="Finish"/> (or cancellation); refreshes ten times a second.</summary>
    public void Show(CancellationToken cancel)
    {
        _thread = Thread.CurrentThread;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Live(Current()).AutoClear(false).Start(ctx =>
            {
                while (!_finished && !cancel.IsCancellationRequested)
                {
                    ctx.UpdateTarget(Current());
                    Thread.Sleep(100);
                }
                ctx.UpdateTarget(Current());
            });
        }
        else
        {
            // Piped: Spectre's Live would reprint the whole view on every refresh, so print one line per pattern and per judgement.
            long last = -1;
            bool saidStopping = false;
            while (!cancel.IsCancellationRequested)
            {
                var s = _session.Status(_session.Now);
                if (!s.Stopped && s.Audible is { } p && p.Serial != last)
                {
                    last = p.Serial;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{s.Time,8:F1} s  #{p.Serial} {Session.PatternString(p.Pattern, _beats)}  likes {s.Likes} dislikes {s.Dislikes}  epoch {s.Epoch}{(s.Remaining is double r ? $"  {r:F0} s left" : "")}"));
                }
                FlushPending();
                if (s.Stopped && !saidStopping)
                {
                    saidStopping = true;
                    Console.WriteLine(StoppingText);
                }
                if (_finished) break;
                Thread.Sleep(100);
            }
            FlushPending();
        }
    }

    private void FlushPending()
    {
        string[] lines;
        lock (_gate)
        {
            lines = [.. _pending];
            _pending.Clear();
        }
        foreach (var l in lines) Console.WriteLine("          " + l);
    }

    /// <summary>The runner is done (checkpoint and report written): the view shows its last frame and ends.</summary>
    public void Finish()
    {
        _finished = true;
        _session.JudgementLogged -= OnJudgement;
        _thread?.Join(TimeSpan.FromSeconds(1));
    }
}
