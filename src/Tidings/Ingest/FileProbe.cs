using System.Runtime.InteropServices;

namespace Tidings.Ingest;

/// <summary>What kind of thing a path names. Only regular files and folders are read.</summary>
internal enum EntryKind { Regular, Directory, SymbolicLink, NamedPipe, Socket, CharacterDevice, BlockDevice, Other }

/// <summary>The facts about one path that reading needs, got without opening it.</summary>
/// <param name="Kind">What the path names.</param>
/// <param name="Size">Its size in bytes; 0 for pipes, sockets and devices.</param>
/// <param name="Identity">The same for every path of one real file or folder (links, hard links, "a/../a"), so each is read once.</param>
internal readonly record struct EntryFacts(EntryKind Kind, long Size, string Identity);

/// <summary>
/// Asks the operating system what a path is without opening it: opening a named pipe blocks until a writer appears,
/// and .NET reports a pipe, a socket or a device as a normal file. On Linux this is one <c>statx</c> call, whose
/// result layout is the same on every architecture (x64, arm64 and the rest), unlike <c>struct stat</c>; elsewhere
/// it falls back to .NET's file information, where anything that is not a folder and holds no bytes is reported as
/// an empty regular file, which the reader refuses without opening.
/// </summary>
internal static partial class FileProbe
{
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7FF;

    /// <summary>The size of <c>struct statx</c> (linux/stat.h), fixed by the kernel's ABI.</summary>
    private const int StatxSize = 256;

    /// <summary>Offsets of the fields read, from linux/stat.h.</summary>
    private const int ModeOffset = 28, InodeOffset = 32, SizeOffset = 40, DeviceMajorOffset = 136, DeviceMinorOffset = 140;

    /// <summary>The reason given for a path that does not exist.</summary>
    public const string NoSuchEntryMessage = "no such file or folder";

    private const int TypeMask = 0xF000;
    private const int NoSuchEntry = 2, NoSystemCall = 38;

    /// <summary>
    /// The facts about <paramref name="path"/>, following symbolic links when <paramref name="followLinks"/> is set;
    /// null with a reason a person can act on ("permission denied", "no such file or folder") when it cannot be known.
    /// </summary>
    public static EntryFacts? Probe(string path, bool followLinks, out string? error)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return ProbeLinux(path, followLinks, out error);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // A C library without statx (musl before 1.2.5): the portable answer below still never opens a pipe.
            }
        }
        return ProbePortable(path, followLinks, out error);
    }

    private static unsafe EntryFacts? ProbeLinux(string path, bool followLinks, out string? error)
    {
        byte* buffer = stackalloc byte[StatxSize];
        if (StatX(AtCurrentDirectory, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == NoSystemCall)
                return ProbePortable(path, followLinks, out error);
            error = errno == NoSuchEntry ? NoSuchEntryMessage : Marshal.GetPInvokeErrorMessage(errno).ToLowerInvariant();
            return null;
        }
        var facts = new ReadOnlySpan<byte>(buffer, StatxSize);
        int mode = MemoryMarshal.Read<ushort>(facts[ModeOffset..]);
        var kind = (mode & TypeMask) switch
        {
            0x8000 => EntryKind.Regular,
            0x4000 => EntryKind.Directory,
            0xA000 => EntryKind.SymbolicLink,
            0x1000 => EntryKind.NamedPipe,
            0xC000 => EntryKind.Socket,
            0x2000 => EntryKind.CharacterDevice,
            0x6000 => EntryKind.BlockDevice,
            _ => EntryKind.Other,
        };
        ulong inode = MemoryMarshal.Read<ulong>(facts[InodeOffset..]);
        long size = MemoryMarshal.Read<long>(facts[SizeOffset..]);
        uint major = MemoryMarshal.Read<uint>(facts[DeviceMajorOffset..]), minor = MemoryMarshal.Read<uint>(facts[DeviceMinorOffset..]);
        error = null;
        return new EntryFacts(kind, size, $"{major}:{minor}:{inode}");
    }

    private static EntryFacts? ProbePortable(string path, bool followLinks, out string? error)
    {
        try
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                if (!followLinks)
                {
                    error = null;
                    return new EntryFacts(EntryKind.SymbolicLink, 0, Path.GetFullPath(path));
                }
                info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            }
            if (!info.Exists)
            {
                error = NoSuchEntryMessage;
                return null;
            }
            error = null;
            string identity = Path.GetFullPath(info.FullName);
            return info is FileInfo file
                ? new EntryFacts(EntryKind.Regular, file.Length, identity)
                : new EntryFacts(EntryKind.Directory, 0, identity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e is UnauthorizedAccessException ? "permission denied" : e.Message;
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatX(int directory, string path, int flags, uint mask, byte* buffer);
}
