using Tidings.Extraction;

namespace Tidings.Tests.Extraction;

public sealed class LanguageIdentifierTests
{
    private readonly LanguageIdentifier _identifier = new();

    [Theory]
    [InlineData("en", "The minister said on Monday that the new terminal would open in the spring, and that the port has been waiting for it for years.")]
    [InlineData("de", "Der Minister sagte am Montag, dass das neue Terminal im Frühjahr eröffnet wird und der Hafen seit Jahren darauf wartet.")]
    [InlineData("nl", "De minister zei maandag dat de nieuwe terminal in het voorjaar opent en dat de haven er al jaren op wacht, maar niet iedereen is blij.")]
    [InlineData("fr", "Le ministre a déclaré lundi que le nouveau terminal ouvrira au printemps et que le port l'attend depuis des années, mais pas tous.")]
    [InlineData("es", "El ministro dijo el lunes que la nueva terminal abrirá en la primavera y que el puerto la espera desde hace años, pero no todos.")]
    [InlineData("da", "Ministeren sagde mandag, at den nye terminal åbner til foråret, og at havnen har ventet på den i årevis, men ikke alle er glade for det.")]
    [InlineData("sv", "Ministern sade på måndagen att den nya terminalen öppnar i vår och att hamnen har väntat på den i flera år, men inte alla är nöjda med det.")]
    [InlineData("ru", "Министр заявил в понедельник, что новый терминал откроется весной и что порт ждал его много лет, но не все этому рады.")]
    public void Identifies_the_language_of_news_prose(string expected, string text)
    {
        Assert.Equal(expected, _identifier.Identify(text));
    }

    [Fact]
    public void Text_too_short_to_tell_keeps_the_declared_language()
    {
        Assert.Equal("pt", _identifier.Identify("OK 12", "pt-BR"));
        Assert.Null(_identifier.Identify("OK 12"));
    }

    [Fact]
    public void Texts_that_start_alike_share_their_sample()
    {
        string start = new('a', 400);
        Assert.True(LanguageIdentifier.SameSample(start + " one ending", start + " another"));
        Assert.True(LanguageIdentifier.SameSample("short", "short"));
        Assert.False(LanguageIdentifier.SameSample("short", "short, then more"));
        Assert.False(LanguageIdentifier.SameSample("Banner. " + start, start));
    }
}
