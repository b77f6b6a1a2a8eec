using Tidings.Evaluation;

namespace Tidings.Tests.Evaluation;

public sealed class ExtractionPredictionsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Pages_are_found_by_file_name_with_or_without_gz_and_a_missing_title_is_null()
    {
        string path = _folder.Write("peer.jsonl", """
            {"file": "0001.html.gz", "title": "Quay reopens", "text": "The quay reopened.\nShips came in."}

            {"file": "0002.html", "text": "Second page."}
            {"file": "0003.html.gz", "title": null, "text": null, "error": "parse failed"}
            """);
        var predictions = ExtractionPredictions.Read(path);
        Assert.Equal(3, predictions.Count);
        Assert.Equal(new PredictedPage("Quay reopens", "The quay reopened.\nShips came in."), predictions.For("/data/wcxb/html/0001.html.gz"));
        Assert.Equal(new PredictedPage(null, "Second page."), predictions.For("/data/wcxb/html/0002.html.gz"));
        Assert.Equal(new PredictedPage(null, ""), predictions.For("0003.html.gz"));
    }

    [Fact]
    public void A_page_the_file_does_not_name_is_an_empty_prediction()
    {
        string path = _folder.Write("peer.jsonl", """{"file": "0001.html.gz", "title": "T", "text": "Body"}""");
        var predictions = ExtractionPredictions.Read(path);
        Assert.False(predictions.Names("html/0009.html.gz"));
        Assert.Equal(new PredictedPage(null, ""), predictions.For("html/0009.html.gz"));
        Assert.Equal(["0001.html"], predictions.Unmatched(["html/0009.html.gz"]));
        Assert.Empty(predictions.Unmatched(["html/0001.html.gz"]));
    }

    [Theory]
    [InlineData("""{"file": "0002.html.gz", "text": "cut off""", "not valid JSON")]
    [InlineData("""["0002.html.gz", "text"]""", "not a JSON object")]
    [InlineData("""{"title": "T", "text": "Body"}""", "no \"file\"")]
    [InlineData("""{"file": "0002.html.gz", "title": 7, "text": "Body"}""", "\"title\" is neither")]
    [InlineData("""{"file": "0002.html.gz", "text": ["Body"]}""", "\"text\" is neither")]
    [InlineData("""{"file": "0001.html", "text": "Again"}""", "already predicted on line 1")]
    public void A_line_that_is_not_a_prediction_is_an_error_naming_the_file_and_line(string bad, string reason)
    {
        string path = _folder.Write("peer.jsonl", "{\"file\": \"0001.html.gz\", \"text\": \"Body\"}\n\n" + bad + "\n");
        var error = Assert.Throws<PredictionFileException>(() => ExtractionPredictions.Read(path));
        Assert.Equal(path, error.Path);
        Assert.Equal(3, error.Line);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:3: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_an_error_naming_it()
    {
        string path = Path.Combine(_folder.Path, "absent.jsonl");
        var error = Assert.Throws<PredictionFileException>(() => ExtractionPredictions.Read(path));
        Assert.Equal(0, error.Line);
        Assert.StartsWith($"{path}: cannot be read", error.Message, StringComparison.Ordinal);
    }
}
