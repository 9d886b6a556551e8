using System.CommandLine;
using System.Globalization;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Export;

namespace ActionPerception.Simulations.Commands;

/// <summary>`ap export RUN|SWEEP|STUDY`: tidy tables (CSV and Parquet), liked patterns as General MIDI drums and as a WAV.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var what = new Argument<string>("RUN|SWEEP|STUDY") { Description = "A run folder, a sweep folder (every run folder below it) or a study folder." };
        var tables = new Option<string?>("--tables") { Description = "Write the tidy tables into this folder: patterns, judgements, epochs, blocks, answers (docs/file-formats.md)." };
        var format = new Option<string>("--format") { Description = "Table files: csv, parquet or both.", DefaultValueFactory = _ => "both" };
        var midi = new Option<string?>("--midi") { Description = "Write the liked patterns as General MIDI drums into this .mid file." };
        var wav = new Option<string?>("--wav") { Description = "Render the liked patterns through the session's kit into this .wav file." };
        var force = CommonOptions.Force();
        var cmd = new Command("export", "Tidy data out of runs, sweeps and studies: CSV/Parquet tables for R or pandas, liked patterns as MIDI and WAV.")
        {
            what, tables, format, midi, wav, force,
        };
        cmd.SetAction(p => Guard.Run(() => Run(p.GetValue(what)!, p.GetValue(tables), p.GetValue(format)!, p.GetValue(midi), p.GetValue(wav), p.GetValue(force))));
        return cmd;
    }

    public static readonly string[] TableFormats = ["csv", "parquet"];

    private static int Run(string path, string? tablesDir, string format, string? midi, string? wav, bool force)
    {
        if (tablesDir is null && midi is null && wav is null)
            throw new UsageException("export needs something to write. Fix: add --tables DIR, --midi FILE.mid and/or --wav FILE.wav.");
        if (format is not ("csv" or "parquet" or "both"))
            throw new UsageException($"--format: '{format}' is unknown. Fix: use csv, parquet or both.");
        if (midi is not null && !midi.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) && !midi.EndsWith(".midi", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--midi: '{midi}' is not a MIDI file name. Fix: give a name ending in .mid.");
        if (wav is not null && !wav.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--wav: '{wav}' is not a WAV file name. Fix: give a name ending in .wav.");
        string[] formats = format == "both" ? TableFormats : [format];
        // Everything that would be replaced is refused before anything is read or written.
        var targets = new List<string>();
        if (tablesDir is not null)
        {
            if (File.Exists(tablesDir))
                throw new IOException($"{tablesDir}: this is a file, not a folder; it was left untouched. Fix: give a folder name to --tables.");
            foreach (var t in new[] { "patterns", "judgements", "epochs", "blocks", "answers" })
                foreach (var f in formats) targets.Add(Path.Combine(tablesDir, $"{t}.{f}"));
        }
        if (midi is not null) targets.Add(midi);
        if (wav is not null) targets.Add(wav);
        if (!force && targets.FirstOrDefault(File.Exists) is { } existing)
            throw new IOException($"{existing}: the file exists and was left untouched. Fix: choose another name or folder, or pass --force to replace it.");

        var set = ExportSet.Discover(path);
        var built = TidyTables.Build(set);
        if (tablesDir is not null)
        {
            Directory.CreateDirectory(tablesDir);
            foreach (var table in built.All)
                foreach (var f in formats)
                {
                    string file = Path.Combine(tablesDir, $"{table.Name}.{f}");
                    if (force) File.Delete(file);
                    if (f == "csv") TableWriter.WriteCsv(table, file); else TableWriter.WriteParquet(table, file);
                }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tables of {set.Sources.Count} run{(set.Sources.Count == 1 ? "" : "s")} ({set.What}) in {tablesDir} as {string.Join(" and ", formats)}: {string.Join(", ", built.All.Select(t => $"{t.Name} {t.Rows}"))} rows"));
        }
        if ((midi is not null || wav is not null) && built.Liked.Count == 0)
            throw new UsageException($"{path}: no pattern was liked, so there is nothing to write as MIDI or WAV. Fix: export the tables only, or give runs with likes.");
        if (midi is not null)
        {
            var unmapped = MidiExport.Write(midi, built.Liked, force);
            foreach (var u in unmapped) Console.Error.WriteLine($"ap: warning: the instrument '{u}' has no General MIDI name; it was given a free percussion note (see docs/file-formats.md).");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{built.Liked.Count} liked patterns as General MIDI drums in {midi}"));
        }
        if (wav is not null)
        {
            double seconds = WavExport.Write(wav, built.Liked, force);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{built.Liked.Count} liked patterns rendered ({seconds:F1} s) in {wav}"));
        }
        return ExitCodes.Ok;
    }
}
