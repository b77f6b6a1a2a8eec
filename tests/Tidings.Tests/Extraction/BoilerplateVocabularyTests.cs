using CsCheck;
using Tidings.Extraction;

namespace Tidings.Tests.Extraction;

/// <summary>
/// Lines without a cue skip the strong-phrase pattern, so every phrase the pattern matches must hold a cue; otherwise a
/// call to action would quietly stay in the article.
/// </summary>
public sealed class BoilerplateVocabularyTests
{
    /// <summary>One line per alternative of the pattern, and its optional parts.</summary>
    public static TheoryData<string> Phrases =>
    [
        "Get our newsletters", "Subscribe today", "For subscribers only", "Your subscription", "Sign up here",
        "Signing up is free", "Sign in to read", "Log in", "Logged in as", "Donate now", "Make a donation", "Our donations",
        "Start a free trial", "Turn on notifications", "Get breaking news alerts", "Manage alerts", "browser settings",
        "Browser preferences", "Privacy Policy", "Cookie Policy", "Terms of Use", "terms of service",
        "All rights reserved", "Leave a Reply", "Leave a comment", "the commenting forum",
        "Your email address will not be published", "Required fields are marked", "Akismet", "Thank you for registering",
        "Refresh the page", "refresh your browser", "ADVERTISEMENT", "Sponsored content", "Prime Video",
        "streaming of movies", "Dear readers,", "A message from the editor", "Remind me later",
        "a hand-picked selection", "in your inbox", "In your mailbox", "delivered to your inbox",
        "Your notification has been saved.", "Already have an account?", "Never miss a story", "Stay up to date",
        "Join our community", "thought-provoking conversations", "Unlimited access", "access unlimited", "Paywalls",
        "Download our app", "download the app", "Follow us", "Share this", "Click here", "Skip Advertisement",
        "Continue reading the main story", "Payment methods", "paiment methods", "Book now", "shop now", "Buy now",
        "Order now", "Limited-time offer", "limited time offer", "Save 20% today", "save 15 % on", "30% off", "10 % OFF",
    ];

    [Theory]
    [MemberData(nameof(Phrases))]
    public void Each_strong_phrase_is_found(string line) =>
        Assert.Equal(BoilerplateVocabulary.StrongPattern().Match(line).Value, BoilerplateVocabulary.FindStrong(line)?.Value);

    /// <summary>Words of the phrases, in any case and with any spacing, so that matches and near misses both occur.</summary>
    private static readonly Gen<string> Fragment = Gen.OneOf(
        Gen.OneOf<string>(
            "sign", "signing", "up", "in", "log", "logged", "news", "alerts", "breaking", "save", "20", "%", "off", "dear",
            "readers", "book", "now", "limited", "time", "offer", "-", "refresh", "your", "the", "page", "download",
            "app", "our", "terms", "of", "use", "subscriber", "donation", "paywall", "advertisement", "a", "message",
            "from", "join", "never", "miss", "x", ".", "\n"),
        Gen.String[Gen.Char["aeiouxyz %-"], 0, 4]);

    private static readonly Gen<string> Line =
        Gen.Select(Fragment, Gen.OneOf<string>(" ", "", "  ", " "), Gen.Bool, (fragment, gap, upper) =>
                (upper ? fragment.ToUpperInvariant() : fragment) + gap)
            .Array[0, 12].Select(parts => string.Concat(parts));

    [Fact]
    public void The_cues_never_hide_a_match_of_the_pattern() =>
        Line.Sample(line =>
            Assert.Equal(BoilerplateVocabulary.StrongPattern().Match(line).Value, BoilerplateVocabulary.FindStrong(line)?.Value ?? ""),
            iter: 20000);
}
