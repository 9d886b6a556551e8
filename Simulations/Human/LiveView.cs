using System.Globalization;
using ActionPerception.Environment.Sessions;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActionPerception.Simulations.Human;

/// <summary>
/// The live terminal view of a real-time session: the audible pattern as an instrument × beat grid with a
/// moving playhead, a progress bar through the buffer (the original's), counters, the training epoch and KL.
/// Where the output is not an interactive terminal it prints a plain line per pattern instead.
/// </summary>
public static class LiveView
{
    private static readonly string[] Shades = ["·", "░", "▒", "▓", "█"];

    public static IRenderable Render(SessionStatus s, int sampleRate, IReadOnlyList<string> instruments, int beats, string help)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap());
        for (int k = 0; k < beats; k++) grid.AddColumn(new GridColumn().Centered());
        double into = 0;
        int playhead = -1;
        if (s.Audible is { } p)
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
        var facts = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"pattern [bold]{pattern}[/] #{s.Audible?.Serial ?? 0}   [green]likes {s.Likes}[/]  [red]dislikes {s.Dislikes}[/]  patterns {s.Patterns}\n" +
            $"[blue]{bar}[/] {s.Time,8:F1} s\n" +
            $"training epoch {s.Epoch}   KL(data‖gen) {kl}   underruns {s.Underruns}\n[grey]{Markup.Escape(help)}[/]"));
        return new Panel(new Rows(grid, facts)) { Header = new PanelHeader(" ActionPerception ") };
    }

    /// <summary>Shows the view until the session stops; refreshes ten times a second.</summary>
    public static void Show(Session session, IReadOnlyList<string> instruments, int beats, string help, CancellationToken cancel)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Live(Render(session.Status(0), session.SampleRate, instruments, beats, help)).AutoClear(false).Start(ctx =>
            {
                while (!session.Stopped && !cancel.IsCancellationRequested)
                {
                    ctx.UpdateTarget(Render(session.Status(session.Now), session.SampleRate, instruments, beats, help));
                    Thread.Sleep(100);
                }
                ctx.UpdateTarget(Render(session.Status(session.Now), session.SampleRate, instruments, beats, help));
            });
        }
        else
        {
            // Piped: Spectre's Live would reprint the whole view on every refresh, so print one line per pattern.
            long last = -1;
            while (!session.Stopped && !cancel.IsCancellationRequested)
            {
                var s = session.Status(session.Now);
                if (s.Audible is { } p && p.Serial != last)
                {
                    last = p.Serial;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{s.Time,8:F1} s  #{p.Serial} {Session.PatternString(p.Pattern, beats)}  likes {s.Likes} dislikes {s.Dislikes}  epoch {s.Epoch}"));
                }
                Thread.Sleep(100);
            }
        }
    }
}
