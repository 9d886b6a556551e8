#:project ../Simulations/Simulations.csproj
// File-based apps default to native AOT, which turns off the reflection-based JSON the project uses.
#:property PublishAot=false
// A study analysed from its tidy tables: the same analysis as study.ipynb, with no notebook tooling.
//   dotnet run notebooks/study.cs -- [STUDY_FOLDER] [--out DIR]
// Without a study folder a pilot of docs/examples/study.json (blocks of 120 s at 240 BPM) is simulated with 6 participants.
// The tables are printed as text; the figures go into DIR/study.html (plotly.js once, each figure as a div + newPlot).
using System.Globalization;
using ActionPerception.Simulations.Analysis;
using ActionPerception.Simulations.Reports;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var (given, outDir) = NotebookArgs.Parse(args, "notebook-out/study");
outDir = Path.GetFullPath(outDir);

// Cell 1: the study, given or simulated now.
string study;
if (given.Count > 0) study = Path.GetFullPath(given[0]);
else
{
    study = Path.Combine(outDir, "study");
    string example = Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "notebooks", "..", "docs", "examples", "study.json");
    Console.Write(StudyNotebook.Simulate(StudyNotebook.PilotProtocol(example, outDir), study, participants: 6));
}

// Cell 2: its tidy tables.
var tables = StudyNotebook.ExportTables(study, Path.Combine(outDir, "tables"));
var blocks = NotebookTable.ReadCsv(Path.Combine(tables, "blocks.csv"));
var patterns = NotebookTable.ReadCsv(Path.Combine(tables, "patterns.csv"));
var answers = NotebookTable.ReadCsv(Path.Combine(tables, "answers.csv"));
Console.WriteLine($"{tables}: {blocks.Rows.Count} blocks, {patterns.Rows.Count} heard patterns, {answers.Rows.Count} answers");

// Cell 3: the tables.
var blockView = blocks.Select("participant", "block", "condition", "kind", "listener", "bpm", "audio_seconds", "patterns", "likes", "dislikes", "like_rate");
Console.WriteLine(blockView.ToText());
var patternView = patterns.Select("participant", "block", "condition", "serial", "start", "beats", "hits", "judgement", "reaction_seconds");
Console.WriteLine(patternView.ToText(maxRows: 12));
Console.WriteLine(answers.Rows.Count > 0 ? answers.ToText() : "No answers: simulated participants answer no questions.");

// Cell 4: the conditions within participants.
var conditions = StudyNotebook.Conditions(blocks);
if (conditions.Rows.Count < 2) throw new Exception("the study has fewer than two conditions with finished blocks");
Console.WriteLine(conditions.ToText());

// Cell 5: the figures: the study report's and one from the patterns table, on one page with the tables.
string report = Path.Combine(study, "report.html");
if (!File.Exists(report)) ReportProcess.Ap(["study", "report", study]);
var figures = FigureExport.FromHtml(File.ReadAllText(report)).Append(StudyNotebook.LikeRateByCondition(patterns)).ToList();
string page = Path.Combine(outDir, "study.html");
File.WriteAllText(page, NotebookHtml.Page("A study, analysed", [NotebookHtml.Table(blockView), NotebookHtml.Table(conditions), NotebookHtml.Figures(figures)]));
Console.WriteLine($"{figures.Count} figures ({string.Join(", ", figures.Select(f => f.Name))}) in {page}");
