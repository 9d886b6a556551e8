using System.Runtime.InteropServices;

namespace ActionPerception.Audio;

/// <summary>The few alsa-lib calls the ALSA output needs (Debian package libasound2).</summary>
internal static partial class AlsaNative
{
    public const string Library = "libasound.so.2";
    public const int StreamPlayback = 0;      // SND_PCM_STREAM_PLAYBACK
    public const int FormatS16Le = 2;         // SND_PCM_FORMAT_S16_LE
    public const int AccessRwInterleaved = 3; // SND_PCM_ACCESS_RW_INTERLEAVED
    public const int EPIPE = 32, ESTRPIPE = 86, EINTR = 4, EAGAIN = 11;

    [LibraryImport(Library, EntryPoint = "snd_pcm_open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenPcm(out nint pcm, string name, int stream, int mode);

    /// <summary>snd_pcm_open, with alsa-lib's own error lines ("ALSA lib pcm.c:…") silenced first: the failure is
    /// reported once, in the caller's one-line message from <see cref="Error"/>.</summary>
    public static int Open(out nint pcm, string name, int stream, int mode)
    {
        if (Interlocked.Exchange(ref _quiet, 1) == 0)
            unsafe { SetErrorHandler(&Silent); }
        return OpenPcm(out pcm, name, stream, mode);
    }

    private static int _quiet;

    // alsa-lib calls its handler as (file, line, function, err, fmt, ...); the variadic tail is never read.
    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Silent(nint file, int line, nint function, int err, nint fmt) { }

    [LibraryImport(Library, EntryPoint = "snd_lib_error_set_handler")]
    private static unsafe partial int SetErrorHandler(delegate* unmanaged[Cdecl]<nint, int, nint, int, nint, void> handler);

    [LibraryImport(Library, EntryPoint = "snd_pcm_set_params")]
    public static partial int SetParams(nint pcm, int format, int access, uint channels, uint rate, int softResample, uint latencyMicroseconds);

    [LibraryImport(Library, EntryPoint = "snd_pcm_writei")]
    public static unsafe partial nint WriteInterleaved(nint pcm, void* buffer, nuint frames);

    [LibraryImport(Library, EntryPoint = "snd_pcm_delay")]
    public static partial int Delay(nint pcm, out nint delayFrames);

    [LibraryImport(Library, EntryPoint = "snd_pcm_recover")]
    public static partial int Recover(nint pcm, int err, int silent);

    public const int StatePrepared = 2, StateRunning = 3, StateDraining = 5; // snd_pcm_state_t

    [LibraryImport(Library, EntryPoint = "snd_pcm_state")]
    public static partial int State(nint pcm);

    [LibraryImport(Library, EntryPoint = "snd_pcm_prepare")]
    public static partial int Prepare(nint pcm);

    [LibraryImport(Library, EntryPoint = "snd_pcm_drain")]
    public static partial int Drain(nint pcm);

    [LibraryImport(Library, EntryPoint = "snd_pcm_close")]
    public static partial int Close(nint pcm);

    [LibraryImport(Library, EntryPoint = "snd_strerror")]
    private static partial nint StrError(int errnum);

    public static string Error(int err) => Marshal.PtrToStringUTF8(StrError(err)) ?? $"error {err}";
}
