using System.Runtime.Versioning;
using Tidings.Ingest;

namespace Tidings.Tests.Ingest;

/// <summary>Folders as users have them: unreadable parts, link loops, pipes and site mirrors. Every case ends, names what it skipped, and reads the rest.</summary>
[SupportedOSPlatform("linux")]
public sealed class FolderWalkerTests : IDisposable
{
    private const string Article = "The harbour authority reopened the northern quay on Monday after two weeks of repairs.";

    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        foreach (var dir in Directory.EnumerateDirectories(_folder.Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _folder.Dispose();
    }

    private static List<IngestItem> Read(params string[] inputs) =>
        PosixTestSupport.WithinSeconds(10, () => new DocumentReader().Read(inputs).ToList());

    private static List<string> Ids(IEnumerable<IngestItem> items) => items.OfType<AcceptedDocument>().Select(d => d.Document.Id).ToList();

    [Fact]
    public void An_unreadable_subfolder_is_one_rejection_and_everything_else_is_read()
    {
        _folder.Write("a-good.txt", Article);
        _folder.Write("locked/inside.txt", Article + " Inside.");
        _folder.Write("z-good.txt", Article + " Later.");
        string locked = Path.Combine(_folder.Path, "locked");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        var (items, denied) = PosixTestSupport.WithPermissionsEnforced(() =>
            (new DocumentReader().Read([_folder.Path]).ToList(), PosixTestSupport.ListingDenied(locked)));
        Assert.True(denied || !OperatingSystem.IsLinux(), "with permissions enforced, a folder of mode 000 cannot be listed");
        if (denied)
        {
            Assert.Equal(["a-good", "z-good"], Ids(items));
            var rejection = Assert.Single(items.OfType<Rejection>());
            Assert.Equal(locked, rejection.Origin.Input);
            Assert.Contains("permission denied", rejection.Reason, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(["a-good", "locked/inside", "z-good"], Ids(items));
        }
    }

    [Fact]
    public void An_unreadable_file_is_one_rejection()
    {
        var good = _folder.Write("good.txt", Article);
        var secret = _folder.Write("secret.txt", Article + " Secret.");
        File.SetUnixFileMode(secret, UnixFileMode.None);
        var (items, denied) = PosixTestSupport.WithPermissionsEnforced(() =>
            (new DocumentReader().Read([_folder.Path]).ToList(), PosixTestSupport.OpeningDenied(secret)));
        Assert.True(denied || !OperatingSystem.IsLinux(), "with permissions enforced, a file of mode 000 cannot be opened");
        Assert.Equal(good, Assert.IsType<AcceptedDocument>(items[0]).Document.Origin.Input);
        if (!denied)
        {
            Assert.Equal(["good", "secret"], Ids(items));
            return;
        }
        var rejection = Assert.IsType<Rejection>(Assert.Single(items, i => i is not AcceptedDocument));
        Assert.Equal(secret, rejection.Origin.Input);
        Assert.Equal("cannot read: permission denied", rejection.Reason);
    }

    [Fact]
    public void Symbolic_link_loops_end_and_each_real_folder_is_read_once()
    {
        _folder.Write("loopdir/story.txt", Article);
        _folder.Write("sub/other.txt", Article + " Other.");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "loopdir", "self"), "../loopdir");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "sub", "up"), "..");
        var items = Read(_folder.Path);
        Assert.Equal(["loopdir/story", "sub/other"], Ids(items));
        var rejections = items.OfType<Rejection>().ToList();
        Assert.Equal([Path.Combine(_folder.Path, "loopdir", "self"), Path.Combine(_folder.Path, "sub", "up")], rejections.Select(r => r.Origin.Input));
        Assert.All(rejections, r => Assert.Contains("already read", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_link_to_a_file_already_read_is_not_read_twice()
    {
        _folder.Write("a.txt", Article);
        File.CreateSymbolicLink(Path.Combine(_folder.Path, "b.txt"), "a.txt");
        var items = Read(_folder.Path);
        Assert.Equal(["a"], Ids(items));
        Assert.Contains("same file as", Assert.Single(items.OfType<Rejection>()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_link_and_a_self_loop_link_are_named()
    {
        _folder.Write("good.txt", Article);
        File.CreateSymbolicLink(Path.Combine(_folder.Path, "gone.txt"), "nowhere.txt");
        File.CreateSymbolicLink(Path.Combine(_folder.Path, "me.txt"), "me.txt");
        var items = Read(_folder.Path);
        Assert.Equal(["good"], Ids(items));
        var reasons = items.OfType<Rejection>().ToDictionary(r => Path.GetFileName(r.Origin.Input), r => r.Reason);
        Assert.Equal("broken symbolic link: its target does not exist", reasons["gone.txt"]);
        Assert.StartsWith("symbolic link that cannot be followed", reasons["me.txt"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_pipe_in_a_folder_or_named_directly_is_skipped_without_being_opened()
    {
        _folder.Write("good.txt", Article);
        string pipe = Path.Combine(_folder.Path, "pipe.txt");
        PosixTestSupport.CreateFifo(pipe);
        var items = Read(_folder.Path, pipe);
        Assert.Equal(["good"], Ids(items));
        var rejections = items.OfType<Rejection>().ToList();
        Assert.Equal(2, rejections.Count);
        Assert.All(rejections, r => Assert.Equal(pipe, r.Origin.Input));
        Assert.All(rejections, r => Assert.Contains("named pipe", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_character_device_is_not_read()
    {
        var rejection = Assert.IsType<Rejection>(Assert.Single(Read("/dev/zero")));
        Assert.Contains("character device", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_mirror_keeps_every_index_page_under_its_own_path()
    {
        string mirror = Path.Combine(_folder.Path, "mirror");
        _folder.Write("mirror/index.html", "<html><body><p>Front page.</p></body></html>");
        _folder.Write("mirror/a/index.html", "<html><body><p>Page a.</p></body></html>");
        _folder.Write("mirror/news/2024/story.txt", Article);
        Assert.Equal(["a/index", "index", "news/2024/story"], Ids(Read(mirror)));
    }

    [Fact]
    public void A_file_named_directly_keeps_its_stem()
    {
        var path = _folder.Write("deep/er/story.final.txt", Article);
        Assert.Equal(["story.final"], Ids(Read(path)));
    }

    [Fact]
    public void Hidden_files_are_skipped()
    {
        _folder.Write(".hidden.txt", Article);
        _folder.Write("seen.txt", Article + " Seen.");
        Assert.Equal(["seen"], Ids(Read(_folder.Path)));
    }

    [Fact]
    public void Order_is_that_of_the_sorted_full_paths()
    {
        _folder.Write("a/x.txt", Article + " x");
        _folder.Write("a-b/y.txt", Article + " y");
        _folder.Write("a.txt", Article + " a");
        // Ordinal: "a-b/y.txt" < "a.txt" < "a/x.txt" ('-' < '.' < '/').
        Assert.Equal(["a-b/y", "a", "a/x"], Ids(Read(_folder.Path)));
    }
}
