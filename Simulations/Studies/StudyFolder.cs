using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Simulations.Export;

namespace ActionPerception.Simulations.Studies;

/// <summary>A study folder: protocol.json (the protocol it runs), participants/ID/manifest.json and each participant's block folders.</summary>
public static class StudyFolder
{
    public const string ParticipantsFolder = "participants", ProtocolFile = "protocol.json";

    public static string Participant(string study, string id) => Path.Combine(study, ParticipantsFolder, id);

    /// <summary>Every participant's manifest, in ID order; a folder without a readable manifest is refused by name.</summary>
    public static IReadOnlyList<(string Folder, ParticipantManifest Manifest)> Participants(string study)
    {
        string dir = Path.Combine(study, ParticipantsFolder);
        if (!Directory.Exists(dir))
            throw new InputFileException(study, null, $"not a study folder (no {ParticipantsFolder}/)", "give the folder ap study run or ap study simulate wrote");
        return [.. Directory.GetDirectories(dir).Order(StringComparer.Ordinal)
            .Where(d => File.Exists(Path.Combine(d, ParticipantManifest.FileName)))
            .Select(d => (d, ParticipantManifest.Load(d)))];
    }

    /// <summary>What `ap export STUDY` reads: every finished block (practice included, labelled so) with its twins, and every answer.</summary>
    public static ExportSet ExportSetOf(string study)
    {
        string root = Path.GetFullPath(study);
        var sources = new List<ExportSource>();
        var answers = new List<ExportAnswer>();
        foreach (var (folder, m) in Participants(root))
        {
            var own = OwnTaste.Of(folder, m);
            foreach (var b in m.Blocks.Where(b => b.Status == BlockRecord.Finished && b.Folder is not null))
            {
                void Add(string? rel, string kind)
                {
                    if (rel is null) return;
                    string path = Path.Combine(folder, rel);
                    if (Directory.Exists(path) && File.Exists(Path.Combine(path, Environment.Sessions.SessionBuilder.LogFileName)))
                        sources.Add(new ExportSource(ExportSet.Relative(root, path), path, m.Participant, b.Index, b.Condition, kind, own?.PLike));
                }
                Add(b.Folder, b.Practice ? ExportSource.PracticeKind : ExportSource.BlockKind);
                Add(b.FittedTwin, ExportSource.FittedTwinKind);
                foreach (var a in b.Answers)
                    answers.Add(new ExportAnswer(m.Participant, b.Index, b.Condition, a.Question, a.Kind, a.Value, a.Text, a.Seconds));
            }
        }
        if (sources.Count == 0)
            throw new InputFileException(study, null, "the study has no finished block yet", "run a participant first (ap study run or ap study simulate)");
        return new ExportSet(root, ExportSet.StudyWhat, sources, answers);
    }
}
