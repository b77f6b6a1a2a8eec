using System.Text;

namespace Tidings.Tests.Extraction.Html;

/// <summary>Small pages written for these tests, shaped like the news sites the extractor meets.</summary>
internal static class HtmlPages
{
    public const string Lead = "The Veldmark port authority reopened the northern quay on Monday after a three-week closure, officials said.";
    public const string Body1 = "Engineers replaced forty metres of the sea wall, which storms had undermined in March, and tested the new cranes.";
    public const string Body2 = "Shipping firms had diverted cargo to Harrowgate during the works, adding two days to deliveries, according to the chamber of commerce.";
    public const string Quote = "\"We are open, and we are stronger than before,\" the harbour master, Ilse Marren, told reporters.";

    public static byte[] NewsArticle(string? head = null) => Encoding.UTF8.GetBytes($$"""
        <!doctype html>
        <html lang="en"><head>
          <meta charset="utf-8">
          <title>Northern quay reopens after repairs | Veldmark Courier</title>
          <meta property="og:title" content="Northern quay reopens after repairs">
          <meta property="og:site_name" content="Veldmark Courier">
          <meta property="article:published_time" content="2024-05-06T09:30:00+02:00">
          <link rel="canonical" href="https://courier.example/2024/05/06/quay-reopens">
          {{head}}
        </head><body>
          <header class="site-header"><a href="/">Veldmark Courier</a>
            <nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
          </header>
          <div class="cookie-consent"><p>We use cookies to improve your experience on our site. By continuing you accept our policy.</p></div>
          <main>
            <article class="story">
              <h1>Northern quay reopens after repairs</h1>
              <p class="byline">By Anna Velde</p>
              <div class="article-body">
                <p>{{Lead}}</p>
                <p>{{Body1}}</p>
                <figure><img src="q.jpg"><figcaption>The rebuilt sea wall. Photo: Port of Veldmark</figcaption></figure>
                <p>{{Body2}}</p>
                <blockquote><p>{{Quote}}</p></blockquote>
                <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
              </div>
              <aside class="related-articles"><h3>Related</h3><ul>
                <li><a href="/a">Harbour dredging to begin in June</a></li>
                <li><a href="/b">Ferry timetable changes for summer</a></li>
                <li><a href="/c">Port workers vote on new contract</a></li></ul></aside>
            </article>
            <section class="comments"><h3>3 comments</h3>
              <div class="comment"><p>Finally! I have been waiting for this for weeks, the detour was a nightmare every single day.</p></div>
            </section>
          </main>
          <footer><p>© 2024 Veldmark Courier. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
        </body></html>
        """);
}
