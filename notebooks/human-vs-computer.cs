#:project ../Simulations/Simulations.csproj
// File-based apps default to native AOT, which turns off the reflection-based JSON the project uses.
#:property PublishAot=false
// A person against their twins, like for like: the same analysis as human-vs-computer.ipynb, with no notebook tooling.
//   dotnet run notebooks/human-vs-computer.cs -- [HUMAN_RUN_FOLDER...] [--out DIR]
// Give run folders of `ap play` sessions or `ap study run` blocks. Without one, a scripted stand-in is recorded first
// (a one-block study whose keys come from a script, not a taste; about 30 s in real time).
using System.Globalization;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Reports;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var (logs, outDir) = NotebookArgs.Parse(args, "notebook-out/human-vs-computer");
outDir = Path.GetFullPath(outDir);

// Cell 1: the people.
var people = SessionAnalysis.LoadMany(logs).Where(s => s.ListenerGroup == "human").Select(s => s.RunFolder).ToList();
if (people.Count == 0)
{
    people.Add(LikeForLike.ScriptedPerson(outDir));
    Console.WriteLine($"NOTE: no human run given; a scripted stand-in was recorded: {people[0]}");
}

// Cell 2: each person's twins.
var comparisons = people.Select(p => LikeForLike.TwinsOf(p, outDir)).ToList();
foreach (var m in comparisons.SelectMany(c => c)) Console.WriteLine($"{m.Role}: {m.Folder}");

// Cell 3: like for like, then how far each twin agrees with the person.
var fragments = new List<string>();
foreach (var c in comparisons)
{
    var runs = LikeForLike.Load(c);
    var table = LikeForLike.Table(runs);
    Console.WriteLine(table.ToText());
    var first = runs[0].Session;
    foreach (var (m, s) in runs.Skip(1))
        if (s.Header.Scenario.Seed != first.Header.Scenario.Seed || s.Header.Scenario.Audio.Bpm != first.Header.Scenario.Audio.Bpm
            || Math.Abs(s.Summary.DurationSeconds - first.Summary.DurationSeconds) > 2 * s.BufferSeconds)
            throw new Exception($"{m.Role} is not like for like with the person: seed, tempo or length differ");
    var agreement = LikeForLike.Agreement(c);
    Console.WriteLine(agreement.ToText());

    // Cell 4: the figures across the person and their twins, from `ap report`'s figure JSON.
    var html = ReportProcess.Write([.. c.Where(m => m.HasLog).Select(m => m.Folder)], Path.Combine(outDir, Path.GetFileName(c[0].Folder) + "-and-twins.html"));
    var figures = FigureExport.FromHtml(File.ReadAllText(html)).Where(f => f.Name.StartsWith("across-", StringComparison.Ordinal) || f.Name.StartsWith("taste-compare-", StringComparison.Ordinal)).ToList();
    if (figures.Count == 0) throw new Exception("the report has no figures across sessions");
    fragments.AddRange([NotebookHtml.Table(table), NotebookHtml.Table(agreement), NotebookHtml.Figures(figures)]);
}
string page = Path.Combine(outDir, "human-vs-computer.html");
File.WriteAllText(page, NotebookHtml.Page("A person against their twins", fragments));
Console.WriteLine($"wrote {page}");
