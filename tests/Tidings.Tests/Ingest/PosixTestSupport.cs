using System.Runtime.InteropServices;

namespace Tidings.Tests.Ingest;

/// <summary>
/// What the folder tests need of Linux that .NET does not offer: named pipes, and running code on the current thread
/// without the capabilities that let root read any file (tests run as root, where mode 000 denies nothing). Linux
/// capabilities belong to a thread, so dropping them here affects no other test.
/// </summary>
internal static class PosixTestSupport
{
    private const uint CapabilityVersion3 = 0x20080522;
    private const uint DacOverride = 1u << 1, DacReadSearch = 1u << 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct CapabilityHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapabilityData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    [DllImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static extern int CapabilityGet(ref CapabilityHeader header, [In, Out] CapabilityData[] data);

    [DllImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static extern int CapabilitySet(ref CapabilityHeader header, [In] CapabilityData[] data);

    public static void CreateFifo(string path)
    {
        if (MakeFifo(path, Convert.ToUInt32("644", 8)) != 0)
            throw new IOException($"mkfifo {path}: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Runs <paramref name="action"/> with file permissions enforced even for root; restores them afterwards.</summary>
    public static T WithPermissionsEnforced<T>(Func<T> action)
    {
        var header = new CapabilityHeader { Version = CapabilityVersion3 };
        var data = new CapabilityData[2];
        if (!OperatingSystem.IsLinux() || CapabilityGet(ref header, data) != 0)
            return action();
        uint saved = data[0].Effective;
        data[0].Effective &= ~(DacOverride | DacReadSearch);
        bool dropped = CapabilitySet(ref header, data) == 0;
        bool restored = true;
        T result;
        try
        {
            result = action();
        }
        finally
        {
            if (dropped)
            {
                data[0].Effective = saved;
                restored = CapabilitySet(ref header, data) == 0;
            }
        }
        Assert.True(restored, "could not restore this thread's capabilities");
        return result;
    }

    /// <summary>True when listing <paramref name="folder"/> is refused (checked under the same rules as the code under test).</summary>
    public static bool ListingDenied(string folder)
    {
        try
        {
            _ = Directory.EnumerateFileSystemEntries(folder).Any();
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>True when opening <paramref name="file"/> for reading is refused.</summary>
    public static bool OpeningDenied(string file)
    {
        try
        {
            File.OpenRead(file).Dispose();
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Runs a read on another thread and fails the test if it does not end in time (a blocked open never would).</summary>
    public static T WithinSeconds<T>(double seconds, Func<T> action)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(TimeSpan.FromSeconds(seconds)), $"did not finish within {seconds} s");
        return task.Result;
    }
}
