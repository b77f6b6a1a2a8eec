using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tidings.Extraction;
using Tidings.Pipeline;
using Tidings.Storage;
using Tidings.Synthesis;
using Tidings.Tests.Pipeline;

namespace Tidings.Tests.Storage;

/// <summary>
/// Stored articles and stories are described at compile time, and the description writes and reads the same JSON as
/// the reflection one did: stores written before it must still read, and outputs must not change.
/// </summary>
public sealed class TidingsJsonTests
{
    /// <summary>
    /// The same conventions described by reflection alone, as every store before this one was written: every enum by
    /// its kebab-case name.
    /// </summary>
    private static readonly JsonSerializerOptions ByReflection = ReflectionOptions();

    private static readonly Lazy<(List<Article> Articles, List<Story> Stories)> Feed = new(() =>
    {
        var articles = new List<Article>();
        var engine = StoryEngine.Open(new EngineOptions(), store: null, new ArticleCollector(articles));
        engine.Run(SyntheticFeed.Items(SyntheticFeed.Make(seed: 5, topics: 6, happeningsPerTopic: 2, reportsPerHappening: 5)));
        return (articles, engine.Complete().ToList());
    });

    [Theory]
    [InlineData(typeof(Article))]
    [InlineData(typeof(Story))]
    [InlineData(typeof(List<StoryLink>))]
    public void Stored_types_are_described_at_compile_time(Type type) =>
        Assert.IsAssignableFrom<System.Text.Json.Serialization.JsonSerializerContext>(TidingsJson.Options.GetTypeInfo(type).OriginatingResolver);

    [Fact]
    public void Stories_read_and_write_as_reflection_did()
    {
        var stories = Feed.Value.Stories;
        Assert.Contains(stories, s => s.Facts.Count > 0 && s.Entities.Count > 0 && s.Related.Count > 0);
        foreach (var story in stories)
        {
            string generated = JsonSerializer.Serialize(story, TidingsJson.Options);
            Assert.Equal(JsonSerializer.Serialize(story, ByReflection), generated);
            string reread = JsonSerializer.Serialize(JsonSerializer.Deserialize<Story>(JsonSerializer.Serialize(story, ByReflection), TidingsJson.Options), ByReflection);
            Assert.Equal(generated, reread);
        }
    }

    [Fact]
    public void Articles_read_and_write_as_reflection_did()
    {
        var articles = Feed.Value.Articles;
        Assert.NotEmpty(articles);
        foreach (var article in articles)
        {
            string generated = JsonSerializer.Serialize(article, TidingsJson.Options);
            Assert.Equal(JsonSerializer.Serialize(article, ByReflection), generated);
            Assert.Equal(generated, JsonSerializer.Serialize(JsonSerializer.Deserialize<Article>(generated, ByReflection), TidingsJson.Options));
            Assert.Equal(generated, JsonSerializer.Serialize(JsonSerializer.Deserialize<Article>(generated, TidingsJson.Options), ByReflection));
        }
    }

    /// <summary>
    /// The options name each enum's converter, as native code cannot make one for any enum at run time: an enum added to
    /// a stored record without its converter would be written as a number.
    /// </summary>
    [Theory]
    [InlineData(typeof(Article))]
    [InlineData(typeof(Story))]
    public void Every_enum_a_stored_record_holds_is_written_by_name(Type type)
    {
        var enums = new HashSet<Type>();
        CollectEnums(TidingsJson.Options.GetTypeInfo(type), enums, []);
        if (type == typeof(Story))
            Assert.Contains(typeof(EntityKind), enums);
        foreach (var e in enums)
        {
            object first = Enum.GetValues(e).GetValue(0)!;
            Assert.Equal(JsonSerializer.Serialize(first, e, ByReflection), JsonSerializer.Serialize(first, TidingsJson.Options.GetTypeInfo(e)));
        }
    }

    private static void CollectEnums(JsonTypeInfo info, HashSet<Type> enums, HashSet<Type> seen)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (!seen.Add(type))
            return;
        if (type.IsEnum)
            enums.Add(type);
        var inner = info.Properties.Select(p => p.PropertyType).Append(info.ElementType).Append(info.KeyType).OfType<Type>();
        if (Nullable.GetUnderlyingType(info.Type) is { } underlying)
            inner = inner.Append(underlying);
        foreach (var t in inner)
            CollectEnums(TidingsJson.Options.GetTypeInfo(t), enums, seen);
    }

    private static JsonSerializerOptions ReflectionOptions()
    {
        var options = new JsonSerializerOptions(TidingsJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return options;
    }

    private sealed class ArticleCollector(List<Article> articles) : IEngineObserver
    {
        public void Extracted(Article article) => articles.Add(article);
    }
}
