using System.Diagnostics;
using System.Globalization;
using ActionPerception.Agents.Files;
using ActionPerception.IO;
using ActionPerception.Simulations.Human;

namespace ActionPerception.Simulations.Studies;

/// <summary>
/// Scripted keys for a study (docs/studies.md, "Key scripts"): one line per step, "STEP: KEY KEY …", each key
/// optionally "SECONDS:KEY" (not before that many seconds after the step's first read). KEY is one character or
/// space, enter, esc. Blank lines and lines starting with # are skipped. Each step gets only its own line's keys,
/// so a block's key reader that is still polling after its block ended cannot take the next screen's keys.
/// </summary>
public sealed class KeyScript : IStudyKeys
{
    private readonly string _path;
    private readonly List<(int Line, string Step, List<(double At, ConsoleKeyInfo Key)> Keys)> _steps = [];
    private int _next;

    public KeyScript(string path)
    {
        _path = path;
        int lineNo = 0;
        foreach (var raw in InputFiles.ReadAllText(path, "key script", 1 << 20).Split('\n'))
        {
            lineNo++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int colon = line.IndexOf(':');
            if (colon <= 0) throw new InputFileException(path, $"line {lineNo}", "a line is not 'STEP: KEYS'", "write e.g. 'consent: y' or 'block: 1.5:l 4:d'");
            string step = line[..colon].Trim();
            if (step is not ("instructions" or "consent" or "practice" or "block" or "questions" or "break"))
                throw new InputFileException(path, $"line {lineNo}", $"'{step}' is not a step", "use instructions, consent, practice, block, questions or break");
            var keys = new List<(double, ConsoleKeyInfo)>();
            foreach (var token in line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                double at = 0;
                string key = token;
                int sep = token.LastIndexOf(':');
                if (sep > 0)
                {
                    if (!double.TryParse(token[..sep], NumberStyles.Float, CultureInfo.InvariantCulture, out at) || !double.IsFinite(at) || at < 0)
                        throw new InputFileException(path, $"line {lineNo}", $"'{token}' has no valid time before its key", "write SECONDS:KEY, e.g. 2.5:l");
                    key = token[(sep + 1)..];
                }
                keys.Add((at, Key(key) ?? throw new InputFileException(path, $"line {lineNo}", $"'{key}' is not a key", "give one character, or space, enter or esc")));
            }
            _steps.Add((lineNo, step, keys));
        }
    }

    private static ConsoleKeyInfo? Key(string k) => k switch
    {
        "space" => new ConsoleKeyInfo(' ', ConsoleKey.Spacebar, false, false, false),
        "enter" => new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false),
        "esc" => new ConsoleKeyInfo('\u001b', ConsoleKey.Escape, false, false, false),
        { Length: 1 } => new ConsoleKeyInfo(k[0], char.IsAsciiLetter(k[0]) ? (ConsoleKey)char.ToUpperInvariant(k[0]) : char.IsAsciiDigit(k[0]) ? ConsoleKey.D0 + (k[0] - '0') : 0, false, false, false),
        _ => null,
    };

    public IKeySource? For(string step)
    {
        if (_next >= _steps.Count) return null;
        var (line, name, keys) = _steps[_next++];
        if (name != step)
            throw new InputFileException(_path, $"line {line}", $"the line is for '{name}' but the study is at '{step}'", "write one line per step in the order the study takes them (docs/studies.md)");
        return new Step(keys);
    }

    /// <summary>One step's keys, each when its time has come.</summary>
    private sealed class Step(List<(double At, ConsoleKeyInfo Key)> keys) : IFiniteKeySource
    {
        private readonly Queue<(double At, ConsoleKeyInfo Key)> _keys = new(keys);
        private readonly Lock _gate = new();
        private Stopwatch? _clock;

        public bool TryReadKey(TimeSpan timeout, out ConsoleKeyInfo key)
        {
            key = default;
            double wait;
            lock (_gate)
            {
                _clock ??= Stopwatch.StartNew();
                if (_keys.Count == 0) wait = double.PositiveInfinity;
                else wait = _keys.Peek().At - _clock.Elapsed.TotalSeconds;
            }
            if (wait > timeout.TotalSeconds) { Thread.Sleep(timeout); return false; }
            if (wait > 0) Thread.Sleep(TimeSpan.FromSeconds(wait));
            lock (_gate)
            {
                if (_keys.Count == 0) return false;
                key = _keys.Dequeue().Key;
                return true;
            }
        }

        public bool Exhausted { get { lock (_gate) return _keys.Count == 0; } }
    }
}
