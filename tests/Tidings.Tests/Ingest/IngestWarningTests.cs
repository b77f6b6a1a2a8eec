using Tidings.Ingest;
using Tidings.Pipeline;

namespace Tidings.Tests.Ingest;

public sealed class IngestWarningTests
{
    [Fact]
    public void The_pipeline_keeps_warnings_apart_from_rejections()
    {
        var warning = new IngestWarning(new SourceLocation("feed.jsonl", 3_000_000_000), "\"published\" value 'soon' is not a date");
        var rejection = new Rejection(new SourceLocation("feed.jsonl", 4), "not valid JSON");
        var batch = new StoryPipeline().Extract([warning, rejection]);
        Assert.Equal([warning], batch.Warnings);
        Assert.Equal([rejection], batch.Rejections);
        Assert.Equal("feed.jsonl:3000000000: warning: \"published\" value 'soon' is not a date", warning.ToString());
    }
}
