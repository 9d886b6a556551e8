using System.CommandLine;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Studies;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap study run`: a participant through a study protocol (docs/studies.md).</summary>
public static class StudyCommand
{
    public static Command Create()
    {
        var cmd = new Command("study", "Human studies: run a participant through a protocol (instructions, consent, practice, counterbalanced blocks, questions).");
        cmd.Subcommands.Add(RunCommand());
        return cmd;
    }

    /// <summary>The study folder: --study, else studies/NAME under the working folder.</summary>
    private static string StudyDir(string? given, StudyProtocol p) => given ?? Path.Combine("studies", p.Name);

    private static Command RunCommand()
    {
        var protocol = new Argument<string>("PROTOCOL.json") { Description = "The study protocol (docs/studies.md; docs/examples/study.json)." };
        var participant = new Option<string>("--participant", "-p") { Description = "The participant's ID (letters, digits, - and _); its trailing number picks the counterbalanced order.", Required = true };
        var study = new Option<string?>("--study") { Description = "The study folder (default studies/NAME, NAME the protocol's)." };
        var resume = new Option<bool>("--resume") { Description = "Continue a participant who quit or crashed, at the next unfinished block." };
        var output = new Option<string>("--output") { Description = "Audio output of the blocks: speakers, null:paced, wav:PATH … (as ap play).", DefaultValueFactory = _ => "speakers" };
        var keys = new Option<string?>("--keys") { Description = "Read the keys from this key script instead of the terminal (pilots, tests, demos; docs/studies.md)." };
        var cmd = new Command("run", "Run (or --resume) one participant through the protocol; each block is an ordinary `ap play` run folder under STUDY/participants/ID/.")
        {
            protocol, participant, study, resume, output, keys,
        };
        cmd.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(protocol)!;
            var proto = StudyProtocol.Load(path);
            IStudyKeys source = p.GetValue(keys) is { } script ? new KeyScript(script) : new ConsoleStudyKeys();
            var runner = new StudyRunner(proto, path, StudyDir(p.GetValue(study), proto), source, p.GetValue(output)!);
            return runner.Run(p.GetValue(participant)!, p.GetValue(resume));
        }));
        return cmd;
    }
}
