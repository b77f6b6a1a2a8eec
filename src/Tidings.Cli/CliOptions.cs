using System.CommandLine;
using System.CommandLine.Parsing;

namespace Tidings.Cli;

/// <summary>Arguments and options shared by several commands, defined once so they read the same everywhere.</summary>
internal static class CliOptions
{
    public static Argument<string[]> Inputs()
    {
        var inputs = new Argument<string[]>("INPUT")
        {
            Description = "Files or folders (recursively): .txt, .html/.htm, .jsonl, .warc, any of them .gz; '-' reads JSONL from standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        inputs.Validators.Add(RejectOptionLikeInputs);
        return inputs;
    }

    /// <summary>
    /// A misspelled option (<c>--fromat json</c>) would otherwise be read as an input path, rejected as a missing file,
    /// and the run would exit 0 with the user's option silently ignored. A file whose name starts with '-' can still be
    /// named as <c>./-name</c>.
    /// </summary>
    private static void RejectOptionLikeInputs(ArgumentResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (token.Value.Length > 1 && token.Value[0] == '-')
                result.AddError($"unknown option '{token.Value}' (to read a file whose name starts with '-', write ./{token.Value})");
        }
    }

    public static Option<string> Format(params string[] formats)
    {
        var option = new Option<string>("--format")
        {
            Description = $"Output format: {string.Join(" or ", formats)}.",
            DefaultValueFactory = _ => formats[0],
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    public static Option<string?> Database(bool required) => new("--db")
    {
        Description = "SQLite file that keeps articles and stories across runs.",
        Required = required,
    };

    public static Option<bool> Meaning() => new("--meaning")
    {
        Description = "Facts: a sentence corroborates another only if a sentence encoder (all-MiniLM-L6-v2, shipped) also reads them as one statement. About 2 s to load and 5 ms a compared sentence. With --db, it applies to the stories this run writes.",
    };
}

/// <summary>Exit statuses from DESIGN.md's command-line contract.</summary>
internal static class ExitCode
{
    public const int Success = 0;
    public const int Usage = 1;
    public const int NothingRead = 2;

    /// <summary>Beyond DESIGN.md's three: the inputs were read but the store failed while saving (disk full, I/O
    /// error), so nothing of this run was stored; distinct from 2 so a script does not retry with other inputs.</summary>
    public const int StoreFailed = 3;

    /// <summary>A bug: an exception no command turned into a rejection. Never a usage error (1).</summary>
    public const int InternalError = 70;
}
