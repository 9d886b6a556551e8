using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using NAudio.Wave;

namespace ActionPerception.Audio;

/// <summary>
/// Plays through a command-line player (SoX's <c>play</c>, <c>ffplay</c>, <c>aplay</c>, <c>paplay --raw</c>,
/// <c>pw-cat</c> …) that reads raw mono signed 16-bit little-endian PCM from its standard input. The pipe's
/// back-pressure paces the writer: a write returns when the player has taken the samples. What has been heard is
/// estimated as what was written minus what the pipe and the player hold (<see cref="Latency"/>), advancing at the
/// sample rate between writes. A player that cannot start, exits, or takes nothing for <see cref="StallTimeout"/>
/// fails the output with an <see cref="AudioOutputException"/> naming the command.
/// </summary>
public sealed partial class PipeOutput : IAudioOutput
{
    public static readonly TimeSpan DefaultPlayerLatency = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromSeconds(5);
    // Linux lets a writer shrink the pipe; 4 KiB (a page, the smallest it allows) is 93 ms at 22050 Hz instead of 1.5 s.
    private const int PipeBytesWanted = 4096;
    private const int FSetPipeSize = 1031, FGetPipeSize = 1032;

    private readonly Process _player;
    private readonly Stream _stdin;
    private readonly string _name;
    private readonly long _latencyFrames;
    private readonly object _gate = new();
    private readonly Queue<string> _said = new();
    private readonly ManualResetEventSlim _saidAll = new();
    private readonly PlayedCounter _played = new();
    private readonly Timer _watchdog;
    private readonly long _started = Stopwatch.GetTimestamp();
    private byte[] _bytes = [];
    private long _written;
    private long _lastWrite = Stopwatch.GetTimestamp();
    private long _writingSince; // 0 when no write is in progress
    private bool _stalled;
    private int _disposed;

    /// <param name="command">The player's command line, placeholders allowed (see <see cref="PipeCommand"/>).</param>
    /// <param name="playerLatency">What the player and the device hold beyond the pipe; the calibration measures the rest.</param>
    /// <param name="stallTimeout">How long a write may wait on a player that takes nothing before the output fails.</param>
    public PipeOutput(string command, int sampleRate, TimeSpan? playerLatency = null, TimeSpan? stallTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, RenderSettings.MinSampleRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, RenderSettings.MaxSampleRate);
        Command = command;
        _name = $"pipe:{command}";
        SampleRate = sampleRate;
        OutputWaveFormat = new WaveFormat(sampleRate, 16, 1);
        StallTimeout = stallTimeout ?? DefaultStallTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StallTimeout, TimeSpan.Zero, nameof(stallTimeout));
        var player = playerLatency ?? DefaultPlayerLatency;
        ArgumentOutOfRangeException.ThrowIfLessThan(player, TimeSpan.Zero, nameof(playerLatency));
        if (PipeCommand.Check(command) is { } problem) throw new AudioOutputException(_name, problem + ".");
        Arguments = PipeCommand.Arguments(command, sampleRate);

        var psi = new ProcessStartInfo(Arguments[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            // The player's own output must not scribble over the session's view; its last lines explain a failure.
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in Arguments.Skip(1)) psi.ArgumentList.Add(a);
        try
        {
            _player = Process.Start(psi) ?? throw new AudioOutputException(_name, $"'{Arguments[0]}' did not start.");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            throw new AudioOutputException(_name, $"'{Arguments[0]}' could not be started ({e.Message}). Check that it is installed and on the PATH, or give its full path.", e);
        }
        _player.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { _saidAll.Set(); return; }
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            lock (_said)
            {
                _said.Enqueue(e.Data.Trim());
                while (_said.Count > 3) _said.Dequeue();
            }
        };
        _player.BeginErrorReadLine();
        _ = _player.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _stdin = _player.StandardInput.BaseStream;
        PipeBytes = ShrinkPipe(_stdin);
        _latencyFrames = PipeBytes / 2 + (long)(player.TotalSeconds * sampleRate);
        Latency = TimeSpan.FromSeconds((double)_latencyFrames / sampleRate);
        _watchdog = new Timer(_ => CheckStall(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    public string Command { get; }
    /// <summary>The program and its arguments as run, placeholders filled in.</summary>
    public IReadOnlyList<string> Arguments { get; }
    /// <summary>The pipe's capacity in bytes (as set on Linux, else the usual 64 KiB).</summary>
    public int PipeBytes { get; }
    /// <summary>Written minus heard: the pipe's capacity plus the player's latency.</summary>
    public TimeSpan Latency { get; }
    public TimeSpan StallTimeout { get; }
    public int SampleRate { get; }
    public WaveFormat OutputWaveFormat { get; }
    public string Description => string.Create(CultureInfo.InvariantCulture, $"pipe to '{Command}' (latency estimate {Latency.TotalMilliseconds:F0} ms)");
    public long FramesWritten => Interlocked.Read(ref _written);
    public int Underruns => 0;
    public long GetPosition() => FramesPlayed * OutputWaveFormat.BlockAlign;

    public long FramesPlayed
    {
        get
        {
            long written, estimate;
            // One snapshot of the write count and its time, taken together.
            lock (_gate)
            {
                written = _written;
                double since = Stopwatch.GetElapsedTime(_lastWrite).TotalSeconds;
                estimate = written - _latencyFrames + (long)(since * SampleRate);
            }
            return _played.Advance(Math.Max(0, estimate), written);
        }
    }

    public void Write(ReadOnlySpan<float> samples)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (samples.IsEmpty) return;
        ThrowIfGone();
        int needed = samples.Length * 2;
        if (_bytes.Length < needed) _bytes = new byte[needed];
        Pcm.ToInt16(samples, MemoryMarshal.Cast<byte, short>(_bytes.AsSpan(0, needed)));
        Volatile.Write(ref _writingSince, Stopwatch.GetTimestamp());
        try
        {
            _stdin.Write(_bytes, 0, needed);
            _stdin.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw Failure(e);
        }
        finally
        {
            Volatile.Write(ref _writingSince, 0);
        }
        lock (_gate)
        {
            _written += samples.Length;
            _lastWrite = Stopwatch.GetTimestamp();
        }
    }

    public void Drain()
    {
        // Nothing tells when a player has played its last sample: wait out the estimate, watching that it lives.
        while (FramesPlayed < FramesWritten)
        {
            if (_player.HasExited) return;
            Thread.Sleep(5);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _watchdog.Dispose();
        try
        {
            // A write blocked on a hung player would hold the pipe open: end the player so that it returns.
            if (Volatile.Read(ref _writingSince) != 0) Kill();
            for (int i = 0; i < 600 && Volatile.Read(ref _writingSince) != 0; i++) Thread.Sleep(5);
            try { _stdin.Dispose(); } catch (IOException) { } // a player that is gone leaves a broken pipe
            // End of input: a player plays out what it holds and exits; one that does not is ended.
            if (!_player.WaitForExit(Latency + TimeSpan.FromSeconds(2))) Kill();
        }
        finally
        {
            _player.Dispose();
            _saidAll.Dispose();
        }
    }

    private void CheckStall()
    {
        long since = Volatile.Read(ref _writingSince);
        if (since == 0 || Stopwatch.GetElapsedTime(since) < StallTimeout) return;
        _stalled = true;
        Kill();
    }

    private void Kill()
    {
        try { _player.Kill(entireProcessTree: true); }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException) { }
    }

    private void ThrowIfGone()
    {
        if (_player.HasExited) throw Failure(null);
    }

    private AudioOutputException Failure(Exception? inner)
    {
        double after = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        double heard = (double)FramesWritten / SampleRate;
        string what;
        if (_stalled)
            what = string.Create(CultureInfo.InvariantCulture,
                $"the player took no audio for {StallTimeout.TotalSeconds:F0} s (stalled) and was ended, {after:F1} s after it started, having taken {heard:F1} s of audio.");
        else
        {
            // Its last words arrive on another thread: wait for the end of its error stream, briefly.
            if (_player.WaitForExit(1000)) _saidAll.Wait(500);
            what = _player.HasExited
                ? string.Create(CultureInfo.InvariantCulture, $"the player exited (code {_player.ExitCode}) {after:F1} s after it started, having taken {heard:F1} s of audio.")
                : $"writing to the player failed: {inner?.Message}";
        }
        lock (_said)
            if (_said.Count > 0) what += $" It said: {string.Join(" / ", _said)}";
        return new AudioOutputException(_name, what, inner);
    }

    private static int ShrinkPipe(Stream stdin)
    {
        const int usual = 65536;
        if (!OperatingSystem.IsLinux() || stdin is not PipeStream pipe) return usual;
        try
        {
            int fd = (int)pipe.SafePipeHandle.DangerousGetHandle();
            if (Fcntl(fd, FSetPipeSize, PipeBytesWanted) < 0) return usual;
            int size = Fcntl(fd, FGetPipeSize, 0);
            return size > 0 ? size : usual;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return usual;
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
