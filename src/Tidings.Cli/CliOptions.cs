using System.CommandLine;

namespace Tidings.Cli;

/// <summary>Arguments and options shared by several commands, defined once so they read the same everywhere.</summary>
internal static class CliOptions
{
    public static Argument<string[]> Inputs() => new("INPUT")
    {
        Description = "Files or folders (recursively): .txt, .html/.htm, .jsonl, any of them .gz; '-' reads JSONL from standard input.",
        Arity = ArgumentArity.OneOrMore,
    };

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
}

/// <summary>Exit statuses from DESIGN.md's command-line contract.</summary>
internal static class ExitCode
{
    public const int Success = 0;
    public const int Usage = 1;
    public const int NothingRead = 2;
}
