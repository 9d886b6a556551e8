using System.Globalization;
using ActionPerception.Agents.Randomness;
using ActionPerception.Environment.Sessions;
using ActionPerception.Simulations.Cli;
using ActionPerception.Simulations.Runs;

namespace ActionPerception.Simulations.Studies;

/// <summary>
/// `ap study run`: one participant through a protocol: instructions, consent, practice, the blocks in their order
/// with questions after each and breaks between, each block an ordinary human run folder. The manifest is saved
/// after every step; a quit or a crash is resumed (--resume) at the next unfinished block, whose unfinished attempt
/// is kept beside it and never reused; a finished block is never rerun.
/// </summary>
public sealed class StudyRunner(StudyProtocol protocol, string protocolPath, string study, IStudyKeys keys, string output)
{
    /// <summary>Runs (or resumes) a participant; returns the exit code.</summary>
    public int Run(string participant, bool resume)
    {
        if (!IsId(participant))
            throw new UsageException($"--participant: '{participant}' cannot name a participant folder. Fix: use 1–64 letters, digits, '-' and '_', e.g. p01.");
        string hash = StudyProtocol.Hash(protocolPath);
        Directory.CreateDirectory(Path.Combine(study, StudyFolder.ParticipantsFolder));
        string copy = Path.Combine(study, StudyFolder.ProtocolFile);
        if (File.Exists(copy) && StudyProtocol.Hash(copy) != hash)
            throw new IOException($"{study}: this study folder runs another version of the protocol ({copy} differs from {protocolPath}); nothing was changed. Fix: give the study's own protocol, or a new --study folder for the changed protocol.");
        if (!File.Exists(copy)) File.Copy(protocolPath, copy);

        string dir = StudyFolder.Participant(study, participant);
        ParticipantManifest m;
        if (Directory.Exists(dir))
        {
            if (!File.Exists(Path.Combine(dir, ParticipantManifest.FileName)))
                throw new IOException($"{dir}: the participant's folder exists without a manifest; it was left untouched. Fix: choose another ID, or move the folder away.");
            m = ParticipantManifest.Load(dir);
            int done = m.Blocks.Count(b => b.Status == BlockRecord.Finished);
            if (m.Status is ParticipantManifest.Complete or ParticipantManifest.Declined)
                throw new IOException($"participant '{participant}' already {(m.Status == ParticipantManifest.Complete ? "finished the study" : "declined consent")}; a second person with the same ID is refused and nothing was changed. Fix: give the new person a new ID.");
            if (!resume)
                throw new IOException($"participant '{participant}' already started ({done} of {m.Blocks.Count} blocks finished); a second person with the same ID is refused and nothing was changed. Fix: pass --resume to continue this participant, or give a new person a new ID.");
            if (m.ProtocolSha256 != hash)
                throw new IOException($"participant '{participant}' started under another version of the protocol; nothing was changed. Fix: resume with the protocol they started ({copy}).");
            // A crash leaves a stale lock, which resuming takes over; a live one (the participant is running now) is refused.
            RunFolder.Lock(dir, force: true);
        }
        else
        {
            if (resume)
                throw new UsageException($"--resume: participant '{participant}' has not started in {study}. Fix: leave out --resume to start them, or check the ID and --study.");
            Directory.CreateDirectory(dir);
            RunFolder.Lock(dir, force: false);
            m = NewManifest(participant, hash);
            m.Save(dir);
        }

        if (m.Status == ParticipantManifest.Consenting)
        {
            for (int i = 0; i < protocol.Instructions.Length; i++)
            {
                var k = keys.For("instructions");
                if (k is null || StudyScreens.Ask(k, $"instructions {i + 1} of {protocol.Instructions.Length}", protocol.Instructions[i], "press space to go on", " ") is null)
                    return Paused(participant, "at the instructions");
            }
            if (protocol.Consent is { } consent)
            {
                var k = keys.For("consent");
                char? yes = k is null ? null : StudyScreens.Ask(k, "consent", consent, "do you agree? press y for yes, n for no", "yn");
                if (yes is null) return Paused(participant, "at the consent page");
                if (yes == 'n')
                {
                    m.Status = ParticipantManifest.Declined;
                    m.Save(dir);
                    Console.WriteLine($"participant {participant} declined; nothing was played. Thank you.");
                    return ExitCodes.Ok;
                }
                m.ConsentedAt = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            }
            m.Status = ParticipantManifest.Running;
            m.Save(dir);
        }

        // Every block in order: what a quit or a crash left undone (the block, its twins, its answers) is done now.
        foreach (var b in m.Blocks)
        {
            bool ran = false;
            if (b.Status != BlockRecord.Finished)
            {
                int code = RunBlock(m, dir, b);
                if (code != ExitCodes.Ok) return code;
                ran = true;
            }
            if (!b.Practice && (b.Counterfactual is null || b.FittedTwin is null))
            {
                // In virtual time: a few seconds for a block of minutes.
                try { StudyTwins.Run(dir, m, b); }
                catch (Exception e) when (e is IOException or UsageException or ActionPerception.IO.InputFileException or ArgumentException or InvalidOperationException)
                {
                    Console.Error.WriteLine($"ap: warning: the twins of block {b.Index} could not be run ({e.Message}); the next --resume runs them.");
                }
                m.Save(dir);
            }
            if (!b.Practice && protocol.Questions.Any(q => !b.Answers.Any(a => a.Question == q.Id)))
            {
                var k = keys.For("questions");
                if (k is null || !Ask(m, dir, b, k)) return Paused(participant, $"at the questions after block {b.Index} (its answers so far are kept)");
                ran = true;
            }
            if (ran && b != m.Blocks[^1])
            {
                var br = protocol.Breaks ?? new StudyBreak { Text = "Ready for the next block?" };
                var k = keys.For("break");
                char? go = k is null ? null : StudyScreens.Ask(k, "break", br.Text, "press space for the next block (q saves and quits; resume later)", " q", br.Seconds);
                if (go is null or 'q') return Paused(participant, "at a break");
            }
        }
        m.Status = ParticipantManifest.Complete;
        m.Save(dir);
        Console.WriteLine($"participant {participant} finished: {m.Blocks.Count} blocks in {dir}. Thank you.");
        return ExitCodes.Ok;
    }

    private int RunBlock(ParticipantManifest m, string dir, BlockRecord b)
    {
        if (b.Status == BlockRecord.Running && b.Folder is { } unfinished)
        {
            // A quit or a crash in this block: its folder stays as it is, the block starts afresh beside it.
            b.Abandoned.Add(unfinished);
            b.Folder = null;
        }
        string name = string.Create(CultureInfo.InvariantCulture, $"{b.Index:00}-{b.Condition}{(b.Abandoned.Count > 0 ? $"-{b.Abandoned.Count + 1}" : "")}");
        while (Directory.Exists(Path.Combine(dir, name))) name += "+";
        var block = b.Practice ? (protocol.Practice ?? new StudyBlock()) with { Condition = StudyBlock.PracticeName } : protocol.Blocks.Single(x => x.Condition == b.Condition);
        var scenario = protocol.ScenarioOf(block, b.Practice ? "practice" : $"blocks[{Array.IndexOf(protocol.Blocks, block)}]", b.Practice ? PracticeSeed(m.Seed) : m.Seed, output);
        var k = keys.For(b.Practice ? "practice" : "block");
        if (k is null) return Paused(m.Participant, $"before block {b.Index} ({b.Condition})");
        b.Status = BlockRecord.Running;
        b.Folder = name;
        m.Save(dir);
        StudyScreens.Title(b.Practice ? "practice" : $"block {b.Index} of {m.Blocks.Count(x => !x.Practice)}");
        var outcome = SessionRunner.Run(scenario, Path.Combine(dir, name), force: false, human: true, keys: k);
        var code = outcome.Summary.StopCode;
        if (code is StopCode.Interrupted or StopCode.Terminated or StopCode.Failed or StopCode.Diverged)
        {
            m.Save(dir);
            Console.Error.WriteLine($"ap: block {b.Index} ({b.Condition}) did not finish ({outcome.Summary.StopReason}); its folder {name} is kept. Resume with: ap study run {protocolPath} --participant {m.Participant} --study {study} --resume");
            return SessionRunner.ExitCode(outcome);
        }
        b.Status = BlockRecord.Finished;
        b.StopReason = outcome.Summary.StopReason;
        m.Save(dir);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"block {b.Index} ({b.Condition}) finished: {outcome.Summary.Patterns} patterns, {outcome.Summary.Likes} likes, {outcome.Summary.Dislikes} dislikes → {Path.Combine(dir, name)}"));
        return ExitCodes.Ok;
    }

    private bool Ask(ParticipantManifest m, string dir, BlockRecord b, Human.IKeySource k)
    {
        foreach (var q in protocol.Questions)
        {
            if (b.Answers.Any(a => a.Question == q.Id)) continue;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string text, accept;
            if (q.Kind == StudyQuestion.Likert)
            {
                var labels = q.Labels ?? ["not at all", "very much"];
                text = $"{q.Text}\n\n  1 = {labels[0]}   …   7 = {labels[1]}";
                accept = "1234567";
            }
            else
            {
                text = q.Text + "\n\n" + string.Join("\n", q.Options!.Select((o, i) => $"  {i + 1}  {o}"));
                accept = string.Concat(Enumerable.Range(1, q.Options!.Length).Select(i => (char)('0' + i)));
            }
            char? c = StudyScreens.Ask(k, $"after block {b.Index}", text, $"press a key {accept[0]}–{accept[^1]}", accept);
            if (c is null) return false;
            int value = c.Value - '0';
            string answer = q.Kind == StudyQuestion.Likert
                ? value switch { 1 => q.Labels?[0] ?? "not at all", 7 => q.Labels?[1] ?? "very much", _ => value.ToString(CultureInfo.InvariantCulture) }
                : q.Options![value - 1];
            b.Answers.Add(new AnswerRecord(q.Id, q.Kind, value, answer, Math.Round(clock.Elapsed.TotalSeconds, 3)));
            m.Save(dir);
        }
        return true;
    }

    private int Paused(string participant, string where)
    {
        Console.WriteLine($"the study was left {where}; what was done is saved. Resume with: ap study run {protocolPath} --participant {participant} --study {study} --resume");
        return ExitCodes.Ok;
    }

    private ParticipantManifest NewManifest(string participant, string hash)
    {
        // Without a number in the ID, the order of arrival, counted from 1 as IDs are (this participant's folder already exists).
        int number = TrailingNumber(participant) ?? Directory.GetDirectories(Path.Combine(study, StudyFolder.ParticipantsFolder)).Length;
        ulong seed = (ulong)SeededRandom.Derive(protocol.Seed, "participant:" + participant).NextInt64();
        var order = StudyOrder.For(protocol, participant, number);
        var blocks = new List<BlockRecord>();
        if (protocol.Practice is not null) blocks.Add(new BlockRecord { Index = 0, Condition = StudyBlock.PracticeName, Practice = true });
        for (int i = 0; i < order.Length; i++) blocks.Add(new BlockRecord { Index = i + 1, Condition = protocol.Blocks[order[i]].Condition });
        return new ParticipantManifest
        {
            Participant = participant, Number = number, Study = protocol.Name, ProtocolSha256 = hash, Seed = seed,
            Order = protocol.Order, Blocks = blocks,
        };
    }

    /// <summary>
    /// The practice's seed: its own stream of the participant's seed, so that the practice does not play the very
    /// patterns every block then opens with (each block starts from the participant's seed).
    /// </summary>
    public static ulong PracticeSeed(ulong participantSeed) => (ulong)SeededRandom.Derive(participantSeed, "practice").NextInt64();

    /// <summary>The number at the end of an ID (p07 → 7), which picks a counterbalanced participant's row.</summary>
    public static int? TrailingNumber(string id)
    {
        int i = id.Length;
        while (i > 0 && char.IsAsciiDigit(id[i - 1])) i--;
        return i < id.Length && int.TryParse(id[i..], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
    }

    public static bool IsId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
