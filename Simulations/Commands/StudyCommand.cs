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
        cmd.Subcommands.Add(ReportCommand());
        cmd.Subcommands.Add(SimulateCommand());
        return cmd;
    }

    private static Command SimulateCommand()
    {
        var protocol = new Argument<string>("PROTOCOL.json") { Description = "The study protocol." };
        var participants = CommonOptions.Int("--participants", "Simulated participants (fitted-twin listeners over varied tastes).", 20, 1, "-n", max: 500);
        var study = new Option<string?>("--study") { Description = "The study folder (default studies/NAME-simulated)." };
        var cmd = new Command("simulate", "The whole protocol with N simulated participants in virtual time: their study folder, its report and a power estimate for each pair of conditions.")
        {
            protocol, participants, study,
        };
        cmd.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(protocol)!;
            var proto = StudyProtocol.Load(path);
            string dir = p.GetValue(study) ?? Path.Combine("studies", proto.Name + "-simulated");
            int n = p.GetValue(participants);
            Console.WriteLine($"simulating {n} participants of {proto.Name} into {dir}");
            StudySimulation.Run(proto, path, dir, n);
            var result = StudyReport.Analyse(dir);
            string file = Path.Combine(dir, "report.html");
            StudyReport.Write(dir, result, file, overwrite: true);
            Console.WriteLine($"report {file}");
            foreach (var c in result.Conditions.Where(c => !c.Measure.StartsWith("answer", StringComparison.Ordinal)))
            {
                var d = StudyReport.Differences(result, c.Measure, c.A, c.B);
                double power = StudySimulation.Power(d, n, seed: StudySimulation.PowerSeed);
                double sd = d.Count > 1 ? Math.Sqrt(d.Sum(x => (x - d.Average()) * (x - d.Average())) / (d.Count - 1)) : double.NaN;
                Console.WriteLine(System.FormattableString.Invariant($"  {c.Measure}: {c.B} − {c.A}: mean ± sd {c.C.MeanDifference:F3} ± {sd:F3}; ") + StudyReport.Line(c.C, "participants"));
                Console.WriteLine(System.FormattableString.Invariant(
                    $"    with {n} participants the difference between {c.A} and {c.B} in {c.Measure} is found (p ≤ 0.05) in {power * 100:F0} % of 400 studies resampled from these {d.Count} (seed {StudySimulation.PowerSeed}; without a true difference about 5 %)"));
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command ReportCommand()
    {
        var study = new Argument<string>("STUDY") { Description = "The study folder." };
        var output = new Option<string?>("--out", "-o") { Description = "The report file (default STUDY/report.html, rewritten each time)." };
        var force = CommonOptions.Force();
        var figures = Commands.ReportCommand.FiguresOption();
        var cmd = new Command("report", "One page: like rates, judgements, reaction times and answers per participant and condition; each person against their fitted twin; conditions compared with paired exact permutation tests.")
        {
            study, output, force, figures,
        };
        cmd.SetAction(p => Guard.Run(() =>
        {
            string dir = p.GetValue(study)!;
            var chromium = p.GetValue(figures) is null ? null : Reports.HeadlessChromium.Find("the study report's figures");
            var result = StudyReport.Analyse(dir);
            string file = p.GetValue(output) ?? Path.Combine(dir, "report.html");
            // The default report is the study's own file and is rewritten; a file the user names is replaced only with --force.
            bool replace = p.GetValue(output) is null || p.GetValue(force);
            if (chromium is null) StudyReport.Write(dir, result, file, overwrite: replace);
            else
            {
                if (File.Exists(file) && !replace)
                    throw new IOException($"{file}: the file exists and was left untouched. Fix: choose another --out, or pass --force to replace it.");
                string page = StudyReport.Render(dir, result);
                Commands.ReportCommand.ExportFigures(page, p.GetValue(figures)!, p.GetValue(force), chromium);
                ActionPerception.IO.SafeFile.WriteAllTextAtomically(file, page, replace);
            }
            Console.WriteLine($"study report of {result.Blocks.Select(b => b.Participant).Distinct().Count()} participants in {file}");
            foreach (var c in result.Conditions)
                Console.WriteLine($"  {c.Measure}: {c.B} − {c.A} = {StudyReport.Line(c.C, "pairs")}");
            foreach (var c in result.PersonVsTwin)
                Console.WriteLine($"  person − fitted twin, {c.Measure}: {StudyReport.Line(c.C, "blocks")}");
            return ExitCodes.Ok;
        }));
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
