using System.Runtime.InteropServices;

namespace ActionPerception.IO;

/// <summary>
/// The type of a path's target read without opening it: opening a named pipe for reading blocks until a writer
/// appears, so a pipe given as an input must be recognised by its inode, not by a read.
/// </summary>
internal static unsafe partial class FileKind
{
    public enum Kind { Unknown, Regular, Folder, Pipe, Device, Socket, Missing }

    // .NET's own portable stat shim (libSystem.Native ships with every runtime): its FileStatus begins with
    // int Flags, int Mode on every OS and architecture, unlike libc's struct stat. The buffer is larger than the record.
    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, byte* status);

    private const int TypeMask = 0xF000, Fifo = 0x1000, CharDevice = 0x2000, Directory = 0x4000, BlockDevice = 0x6000, RegularFile = 0x8000, SocketFile = 0xC000;

    /// <summary>What <paramref name="path"/> is after following links; <see cref="Kind.Unknown"/> where stat cannot be asked (Windows).</summary>
    public static Kind Of(string path)
    {
        if (OperatingSystem.IsWindows()) return Kind.Unknown;
        byte* status = stackalloc byte[512];
        int rc;
        try { rc = Stat(path, status); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return Kind.Unknown; }
        if (rc != 0) return Marshal.GetLastPInvokeError() == 2 /* ENOENT */ ? Kind.Missing : Kind.Unknown;
        return (*(int*)(status + 4) & TypeMask) switch
        {
            RegularFile => Kind.Regular,
            Directory => Kind.Folder,
            Fifo => Kind.Pipe,
            CharDevice or BlockDevice => Kind.Device,
            SocketFile => Kind.Socket,
            _ => Kind.Unknown,
        };
    }
}
