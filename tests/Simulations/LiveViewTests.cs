using ActionPerception.Agents.Listeners;
using ActionPerception.Agents.Drums;
using ActionPerception.Environment.Logging.Events;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Human;
using Spectre.Console;

namespace ActionPerception.Tests.Simulations;

public class LiveViewTests
{
    private static string Text(Spectre.Console.Rendering.IRenderable r)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        console.Write(r);
        return writer.ToString();
    }

    private static SessionStatus Status(bool stopped = false)
    {
        var drums = new DrumSample(4, 2) { Pattern = 0b1010 };
        drums.Hit[0] = true; drums.Dynamic[0] = 0.9; drums.Division[0] = 3; // beat 0, kick: loud roll
        drums.Hit[5] = true; drums.Dynamic[5] = 0.1; drums.Division[5] = 1; // beat 2, snare: soft
        var playing = new Playing(7, 0b1010, drums, 7 * 8000, 8 * 8000, 1, 3);
        return new SessionStatus(14.5, playing, 2.0, 8, 1, 1, 3, 0.25, 0, stopped, DurationSeconds: 60);
    }

    [Fact]
    public void The_view_shows_the_credited_pattern_the_remaining_time_and_the_legend()
    {
        var msgs = new[] { LiveView.Describe(new JudgementEvent { T = 14.2, Kind = JudgementKind.Like, Made = 14.2, Source = "human:keyboard", Status = JudgementStatus.Applied, Serial = 6, Pattern = 3 }),
            LiveView.Describe(new JudgementEvent { T = 14.4, Kind = JudgementKind.Like, Made = 14.4, Source = "human:keyboard", Status = JudgementStatus.Ignored, Reason = "repeated key: one like per pattern" }) };
        string text = Text(LiveView.Render(Status(), 4000, ["kick", "snare"], 4, "keys: l like", msgs));
        Assert.Contains("like → #6", text);
        Assert.Contains("like ignored: repeated key", text);
        Assert.Contains("14.5 s of 60 s · 45.5 s left", text);
        Assert.Contains("░ ▒ ▓ █", text);
        Assert.Contains("digit: strokes in the beat", text);
        Assert.Contains("█3", text); // the loud roll
        Assert.Contains("keys: l like", text);
        Assert.DoesNotContain(LiveView.StoppingText, text);
    }

    [Fact]
    public void After_a_stop_the_view_says_it_is_writing_the_checkpoint_and_report()
    {
        string text = Text(LiveView.Render(Status(stopped: true), 4000, ["kick", "snare"], 4, "keys: l like", stopping: true));
        Assert.Contains("stopping… writing checkpoint and report", text);
    }

    [Fact]
    public void A_stop_and_an_unattributed_key_are_described()
    {
        Assert.EndsWith("stop", LiveView.Describe(new JudgementEvent { T = 3, Kind = JudgementKind.Stop, Made = 3, Source = "human:keyboard", Status = JudgementStatus.Stop }));
        Assert.Contains("dislike ignored: before the first buffer",
            LiveView.Describe(new JudgementEvent { T = 0.2, Kind = JudgementKind.Dislike, Made = 0.2, Source = "human:keyboard", Status = JudgementStatus.Ignored, Reason = "before the first buffer" }));
    }
}
