namespace Tidings.Ingest;

/// <summary>What walking a folder finds: a file to read, or an entry that cannot be read.</summary>
internal abstract record WalkEntry;

/// <summary>A file found in a folder, with the folder path (relative to the input, '/'-separated) that its id starts with.</summary>
internal sealed record FoundFile(string Path, string RelativeFolder, EntryFacts Facts) : WalkEntry;

/// <summary>An entry that is not read, and why.</summary>
internal sealed record UnreadEntry(Rejection Rejection) : WalkEntry;

/// <summary>
/// Walks a folder named on the command line, depth first in ordinal order of the paths (a folder sorts as its name
/// plus '/', which gives exactly the order of the sorted full paths). Symbolic links are followed, but each real
/// folder is entered once and each real file read once (by device and inode), so link loops end; a folder or entry
/// that cannot be read, a broken link and anything that is not a regular file (a named pipe, a socket, a device)
/// become rejections without being opened, and the rest is read. Names starting with '.' are hidden files: skipped.
/// </summary>
internal static class FolderWalker
{
    private sealed record Child(string Path, string Name, EntryFacts? Facts, string? Error)
    {
        public string SortKey => Facts?.Kind == EntryKind.Directory ? Name + "/" : Name;
    }

    private sealed class Frame(string path, string relative, List<Child> children)
    {
        public string Path { get; } = path;
        public string Relative { get; } = relative;
        public List<Child> Children { get; } = children;
        public int Next { get; set; }
    }

    /// <summary>Yields files to read and rejections, in path order; an explicit stack keeps deep trees off the call stack.</summary>
    public static IEnumerable<WalkEntry> Walk(string root, EntryFacts rootFacts)
    {
        var folders = new Dictionary<string, string>(StringComparer.Ordinal) { [rootFacts.Identity] = root };
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var stack = new Stack<Frame>();
        var (rootChildren, rootError) = List(root);
        if (rootError is not null)
        {
            yield return Unread(new SourceLocation(root), rootError);
            yield break;
        }
        stack.Push(new Frame(root, "", rootChildren));
        while (stack.Count > 0)
        {
            var frame = stack.Peek();
            if (frame.Next == frame.Children.Count)
            {
                stack.Pop();
                continue;
            }
            var child = frame.Children[frame.Next++];
            if (child.Facts is not { } facts)
            {
                yield return Unread(new SourceLocation(child.Path), child.Error!);
                continue;
            }
            switch (facts.Kind)
            {
                case EntryKind.Directory:
                    if (folders.TryGetValue(facts.Identity, out var firstFolder))
                    {
                        yield return Unread(new SourceLocation(child.Path),
                            $"folder already read as {firstFolder} (a symbolic link loop, or a second link to it): not read again");
                        break;
                    }
                    folders[facts.Identity] = child.Path;
                    var (children, error) = List(child.Path);
                    if (error is not null)
                        yield return Unread(new SourceLocation(child.Path), error);
                    else
                        stack.Push(new Frame(child.Path, frame.Relative.Length == 0 ? child.Name : $"{frame.Relative}/{child.Name}", children));
                    break;
                case EntryKind.Regular:
                    if (files.TryGetValue(facts.Identity, out var firstFile))
                    {
                        yield return Unread(new SourceLocation(child.Path), $"same file as {firstFile} (a link to it): not read again");
                        break;
                    }
                    files[facts.Identity] = child.Path;
                    yield return new FoundFile(child.Path, frame.Relative, facts);
                    break;
                default:
                    yield return Unread(new SourceLocation(child.Path), NotRegular(facts.Kind));
                    break;
            }
        }
    }

    private static UnreadEntry Unread(SourceLocation origin, string reason) => new(new Rejection(origin, reason));

    /// <summary>Why a path that is neither a regular file nor a folder is not read.</summary>
    public static string NotRegular(EntryKind kind) => kind switch
    {
        EntryKind.NamedPipe => "a named pipe (FIFO), not a regular file: skipped without opening it",
        EntryKind.Socket => "a socket, not a regular file: skipped",
        EntryKind.CharacterDevice => "a character device, not a regular file: skipped without opening it",
        EntryKind.BlockDevice => "a block device, not a regular file: skipped without opening it",
        _ => "not a regular file: skipped without opening it",
    };

    /// <summary>A folder's visible entries with their facts, sorted; or why the folder cannot be listed.</summary>
    private static (List<Child> Children, string? Error) List(string folder)
    {
        List<string> paths;
        try
        {
            paths = [.. Directory.EnumerateFileSystemEntries(folder)];
        }
        catch (UnauthorizedAccessException)
        {
            return ([], "cannot read folder: permission denied");
        }
        catch (IOException e)
        {
            return ([], $"cannot read folder: {e.Message}");
        }
        var children = new List<Child>(paths.Count);
        foreach (var path in paths)
        {
            string name = Path.GetFileName(path);
            var facts = FileProbe.Probe(path, followLinks: true, out var error);
            bool hidden = name.StartsWith('.');
            if (hidden && facts?.Kind != EntryKind.Directory)
                continue;
            if (facts is null)
                error = DescribeUnreadable(path, error!);
            children.Add(new Child(path, name, facts, error));
        }
        children.Sort((a, b) => string.CompareOrdinal(a.SortKey, b.SortKey));
        return (children, null);
    }

    /// <summary>Names what went wrong with a path: missing, a broken link, a loop of links, or the system's reason.</summary>
    public static string DescribeUnreadable(string path, string error)
    {
        var link = FileProbe.Probe(path, followLinks: false, out _);
        if (link?.Kind == EntryKind.SymbolicLink)
        {
            return error == FileProbe.NoSuchEntryMessage
                ? "broken symbolic link: its target does not exist"
                : $"symbolic link that cannot be followed: {error}";
        }
        return error == FileProbe.NoSuchEntryMessage ? error : $"cannot read: {error}";
    }
}
