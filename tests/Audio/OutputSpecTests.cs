using ActionPerception.Audio;

namespace ActionPerception.Tests.Audio;

public class OutputSpecTests
{
    [Theory]
    [InlineData("null", OutputKind.Null, null, false, "null")]
    [InlineData("NULL:Paced", OutputKind.PacedNull, null, true, "null:paced")]
    [InlineData("wav:out.wav", OutputKind.Wav, "out.wav", false, "wav:out.wav")]
    [InlineData("alsa", OutputKind.Alsa, null, true, "alsa:default")]
    [InlineData("alsa: pulse ", OutputKind.Alsa, "pulse", true, "alsa:pulse")]
    [InlineData("waveout", OutputKind.WaveOut, null, true, "waveout")]
    [InlineData("speakers", OutputKind.Speakers, null, true, "speakers")]
    [InlineData("pipe: aplay -q -f {alsaformat} -r {rate} -c 1 ", OutputKind.Pipe, "aplay -q -f {alsaformat} -r {rate} -c 1", true, "pipe:aplay -q -f {alsaformat} -r {rate} -c 1")]
    public void Each_spec_is_parsed_once_into_its_kind_argument_and_whether_it_keeps_time(string text, OutputKind kind, string? arg, bool keepsTime, string key)
    {
        var spec = OutputSpec.Parse(text);
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(arg, spec.Argument);
        Assert.Equal(keepsTime, spec.KeepsTime);
        Assert.Equal(key, spec.Key);
        Assert.Equal(text, spec.Text);
        // A virtual session never waits on a clock; a real-time one always has one.
        Assert.False(spec.ForVirtual().KeepsTime);
        Assert.True(spec.ForRealtime().KeepsTime);
        Assert.Equal(keepsTime ? spec : OutputSpec.PacedNull, spec.ForRealtime());
    }

    [Theory]
    [InlineData("", "no output")]
    [InlineData("null:fast", "':paced'")]
    [InlineData("wav:", "no file name")]
    [InlineData("speakers:left", "not a known output")]
    [InlineData("pipe:", "no command")]
    [InlineData("pipe:play -r {rat} -", "{rat} is unknown")]
    [InlineData("pipe:play 'unclosed", "single quote is never closed")]
    [InlineData("pipe:play \"unclosed", "double quote is never closed")]
    [InlineData("pipe:play \\", "lone backslash")]
    public void A_bad_spec_is_refused_before_anything_opens_with_the_reason(string text, string reason)
    {
        Assert.False(OutputSpec.TryParse(text, out _, out var problem));
        Assert.Contains(reason, problem);
        Assert.Equal(problem, AudioOutputs.CheckSpec(text));
        var e = Assert.Throws<AudioOutputException>(() => OutputSpec.Parse(text));
        Assert.Contains(reason, e.Message);
        Assert.Contains("pipe:COMMAND", e.Message); // the known outputs are listed
    }

    [Fact]
    public void Speakers_are_alsa_on_linux_waveout_on_windows_and_the_first_player_found_on_macos()
    {
        var speakers = OutputSpec.Parse("speakers");
        Assert.Equal(OutputKind.Alsa, speakers.ResolveFor("linux", _ => null, out var note).Kind);
        Assert.Null(note);
        Assert.Equal(OutputKind.WaveOut, speakers.ResolveFor("windows", _ => null, out _).Kind);

        var withSox = speakers.ResolveFor("macos", p => p == "play" ? "/opt/homebrew/bin/play" : null, out note);
        Assert.Equal(OutputKind.Pipe, withSox.Kind);
        Assert.StartsWith("play ", withSox.Argument);
        Assert.Contains("/opt/homebrew/bin/play", note);
        var withFfplay = speakers.ResolveFor("macos", p => p == "ffplay" ? "/usr/local/bin/ffplay" : null, out note);
        Assert.StartsWith("ffplay ", withFfplay.Argument);
        Assert.Contains("ffplay", note);
        // Both found: SoX's play first.
        Assert.StartsWith("play ", speakers.ResolveFor("macos", p => "/bin/" + p, out _).Argument);

        var none = Assert.Throws<AudioOutputException>(() => speakers.ResolveFor("macos", _ => null, out _));
        Assert.Contains("brew install sox", none.Message);
        Assert.Contains("pipe:COMMAND", none.Message);
        // Other specs are what they say on every platform.
        Assert.Same(OutputSpec.PacedNull, OutputSpec.PacedNull.ResolveFor("macos", _ => null, out _));
    }

    [Fact]
    public void The_mac_players_commands_are_well_formed_pipe_specs()
    {
        foreach (var (_, command) in PipeCommand.MacPlayers)
        {
            Assert.Null(PipeCommand.Check(command));
            Assert.Contains("22050", PipeCommand.Arguments(command, 22050));
        }
    }
}

public class PipeCommandTests
{
    [Fact]
    public void Words_are_split_like_a_shell_would_without_running_one()
    {
        var args = PipeCommand.Arguments("""sh -c 'cat > "my file.raw"' x\ y "a \"q\" $HOME" {rate}""", 44100);
        Assert.Equal(["sh", "-c", "cat > \"my file.raw\"", "x y", "a \"q\" $HOME", "44100"], args);
    }

    [Fact]
    public void Placeholders_give_the_stream_format()
    {
        var args = PipeCommand.Arguments("p -r {rate} -c {channels} -b {bits} -f {format} -F {alsaformat} --json {\"a\":1}", 48000);
        Assert.Equal(["p", "-r", "48000", "-c", "1", "-b", "16", "-f", "s16le", "-F", "S16_LE", "--json", "{a:1}"], args);
    }
}
