using System.Text.Json;
using ActionPerception.Agents.Files;
using ActionPerception.IO;

namespace ActionPerception.Simulations.Studies;

/// <summary>
/// participants/ID/manifest.json: who the participant is (ID, number, seed, order), their consent, and each block's
/// state, folder, answers and twins. Rewritten whole (through a temporary file and a rename) after every step, so a
/// crash leaves the previous complete manifest.
/// </summary>
public sealed record ParticipantManifest
{
    public const string FileName = "manifest.json";
    public const string FormatName = "actionperception.study-participant";
    public const string Consenting = "consenting", Running = "running", Complete = "complete", Declined = "declined";

    public int SchemaVersion { get; init; } = 1;
    public string Format { get; init; } = FormatName;
    public required string Participant { get; init; }
    /// <summary>The participant number that picks the Latin square row: the ID's trailing digits, else the order of arrival.</summary>
    public required int Number { get; init; }
    public required string Study { get; init; }
    public required string ProtocolSha256 { get; init; }
    /// <summary>The session seed of every block: the same starting generator in every condition.</summary>
    public required ulong Seed { get; init; }
    public required string Order { get; init; }
    /// <summary>"consenting", "running", "complete" or "declined".</summary>
    public string Status { get; set; } = Consenting;
    public string? ConsentedAt { get; set; }
    public required List<BlockRecord> Blocks { get; init; }
    /// <summary>"human" for a person, "simulated" for a fitted-twin participant of ap study simulate.</summary>
    public string Kind { get; init; } = "human";

    public static ParticipantManifest Load(string folder)
    {
        string path = Path.Combine(folder, FileName);
        return JsonFiles.Load<ParticipantManifest>(path, "participant manifest", "the manifest is written by ap study run; restore it from a backup, or start the participant under a new ID");
    }

    public void Save(string folder)
    {
        string path = Path.Combine(folder, FileName);
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, JsonFiles.Write));
        File.Move(tmp, path, overwrite: true);
    }
}
