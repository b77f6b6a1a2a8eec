// Tidings' page: a front page of stories, a story page, an article page and search, drawn from the HTTP API and kept
// live by its event stream. Every text from the API goes into the page as text (textContent), never as markup, so an
// article's own HTML (a <script>, an <img onerror>) is shown, not run.
"use strict";

const main = document.getElementById("main");
const live = document.getElementById("live");
const searchForm = document.getElementById("search");
const searchBox = document.getElementById("q");
const orderBox = document.getElementById("order");

/** An element with attributes and children; strings become text nodes. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

const storyHref = id => `#/story/${encodeURIComponent(id)}`;
const evidenceHref = ev => `#/article/${encodeURIComponent(ev.article)}?o=${ev.offset}&l=${ev.length}`;

function days(start, end) {
  if (!start && !end) return "undated";
  return start === end || !end ? start : `${start} to ${end}`;
}

// ---------------------------------------------------------------- front page and search

async function showFront(params) {
  const q = params.get("q") || "";
  const order = params.get("order") || orderBox.value || "newest";
  searchBox.value = q;
  orderBox.value = order;
  const entity = q.startsWith("entity:") ? q.slice(7).trim() : "";
  const query = new URLSearchParams({ order, pageSize: "60" });
  if (entity) query.set("entity", entity);
  else if (q) query.set("q", q);
  const listing = await api(`/stories?${query}`);
  const stories = listing ? listing.stories : [];
  const view = el("section", { id: "front" });
  if (q) {
    view.append(el("h1", {}, `${listing.total} ${listing.total === 1 ? "story" : "stories"} for “`, q, "”"));
    view.append(cardList(stories));
  } else if (stories.length === 0) {
    view.append(el("h1", {}, "No stories yet"), el("p", { class: "muted" }, "POST articles to /articles (see /openapi.json); they appear here as they are stored."));
  } else {
    for (const [state, heading, note] of [
      ["growing", "Growing", "stories that stored articles are still joining"],
      ["new", "New", "stories that began among the latest articles"],
      ["fading", "Fading", "no recent articles"],
    ]) {
      const group = stories.filter(s => s.activity === state);
      if (group.length === 0) continue;
      view.append(el("h2", { class: `group ${state}` }, heading, el("small", {}, ` ${group.length}, ${note}`)), cardList(group));
    }
  }
  main.replaceChildren(view);
}

function cardList(stories) {
  return el("ol", { class: "cards" }, stories.map(s =>
    el("li", { class: `card ${s.activity}`, "data-story": s.id },
      el("a", { class: "title", href: storyHref(s.id) }, s.title || "(untitled)"),
      el("div", { class: "meta" },
        el("span", { class: `badge ${s.activity}` }, s.activity),
        ` ${s.articles} article${s.articles === 1 ? "" : "s"} · ${days(s.start, s.end)}`,
        s.storyline !== s.id ? el("a", { class: "storyline", href: storyHref(s.storyline) }, " · part of a storyline") : null),
      s.summary ? el("p", { class: "summary" }, s.summary.length > 320 ? s.summary.slice(0, 320) + "…" : s.summary) : null)));
}

// ---------------------------------------------------------------- story page

async function showStory(id) {
  const story = await api(`/stories/${encodeURIComponent(id)}`);
  if (!story) {
    main.replaceChildren(el("section", {}, el("h1", {}, "No such story"), el("a", { href: "#/" }, "Back to the front page")));
    return;
  }
  const articles = new Map(story.articles.map(a => [a.id, a]));
  const sourceName = articleId => {
    const a = articles.get(articleId);
    return a ? a.source || a.title || a.id : articleId;
  };
  const chips = (sources, evidence) => el("span", { class: "chips" }, sources.map(source => {
    const ev = (evidence || []).find(e => e.article === source);
    return el("a", { class: "chip", href: ev ? evidenceHref(ev) : `#/article/${encodeURIComponent(source)}`, title: source }, sourceName(source));
  }));
  const statement = (text, evidence) => {
    const ev = (evidence || [])[0];
    return ev ? el("a", { class: "statement", href: evidenceHref(ev) }, text) : el("span", { class: "statement" }, text);
  };

  const corroborated = story.facts.filter(f => f.corroborated);
  const single = story.facts.filter(f => !f.corroborated);
  const view = el("article", { id: "story", "data-story": story.id },
    el("p", { class: "crumbs" }, el("a", { href: "#/" }, "Stories"), " / ", story.id),
    el("h1", {}, story.title || "(untitled)"),
    el("p", { class: "meta" }, `${story.articles.length} article${story.articles.length === 1 ? "" : "s"} · ${days(story.start, story.end)}`),
    story.summary ? el("p", { class: "summary" }, story.summary) : null);

  view.append(section("Corroborated facts", "corroborated", corroborated.length === 0 ? el("p", { class: "muted" }, "No fact is stated by two independent sources yet.") :
    el("ul", { class: "facts" }, corroborated.map(f => el("li", {}, statement(f.text, f.evidence), " ",
      el("span", { class: "origins" }, `${f.origins} independent source${f.origins === 1 ? "" : "s"}`), chips(f.sources, f.evidence))))));
  view.append(section("Single-source facts", "single-source", single.length === 0 ? el("p", { class: "muted" }, "None.") :
    el("ul", { class: "facts single" }, single.slice(0, 40).map(f => el("li", {}, statement(f.text, f.evidence), chips(f.sources, f.evidence))))));
  if (story.disagreements.length > 0) {
    view.append(section("Disagreements", "disagreements", story.disagreements.map(d =>
      el("div", { class: "disagreement" },
        el("p", {}, el("strong", {}, d.detail), " — ", d.fact),
        el("div", { class: "sides" }, d.values.map(v => el("div", { class: "side" },
          el("p", { class: "value" }, v.value), chips(v.sources, v.evidence),
          el("ul", {}, (v.evidence || []).slice(0, 3).map(ev => el("li", {}, el("a", { href: evidenceHref(ev) }, `${sourceName(ev.article)}, sentence ${ev.sentence + 1}`)))))))))));
  }
  view.append(section("Timeline", "timeline", story.timeline.length === 0 ? el("p", { class: "muted" }, "No dated statements.") :
    el("ol", { class: "timeline" }, story.timeline.map(t => el("li", {}, el("time", { datetime: t.date }, t.date), " ", statement(t.text, t.evidence), chips(t.sources, t.evidence))))));
  view.append(section("People, places and organisations", "entities", el("ul", { class: "entities" }, story.entities.slice(0, 40).map(e =>
    el("li", {}, el("a", { href: `#/?q=${encodeURIComponent("entity:" + e.name)}` }, e.name), " ", el("span", { class: `kind ${e.kind}` }, e.kind),
      e.roles.length ? el("span", { class: "roles" }, " " + e.roles.join("; ")) : null,
      el("span", { class: "muted" }, ` · ${e.sources.length} source${e.sources.length === 1 ? "" : "s"}`))))));
  view.append(section("Coverage", "coverage", coverage(story)));
  view.append(section("Storyline", "storyline", await storyline(story)));
  main.replaceChildren(view);
}

function section(title, id, ...content) {
  return el("section", { id, class: "part" }, el("h2", {}, title), ...content);
}

/** Outlets, each original with the copies of it folded under it and marked as copies. */
function coverage(story) {
  const copies = new Map();
  for (const a of story.articles) if (a.copyOf) copies.set(a.copyOf, [...(copies.get(a.copyOf) || []), a]);
  const originals = story.articles.filter(a => !a.copyOf || !story.articles.some(o => o.id === a.copyOf));
  const line = a => [el("a", { href: `#/article/${encodeURIComponent(a.id)}` }, a.source || a.id), " — ", a.title || "(untitled)",
    a.published ? el("time", { datetime: a.published }, ` ${a.published.slice(0, 10)}`) : null];
  return el("ul", { class: "coverage" }, originals.map(a => el("li", { class: "original" }, line(a),
    copies.has(a.id) ? el("details", { open: true }, el("summary", {}, `${copies.get(a.id).length} cop${copies.get(a.id).length === 1 ? "y" : "ies"}`),
      el("ul", {}, copies.get(a.id).map(c => el("li", { class: "copy" }, el("span", { class: "badge copy" }, "copy"), " ", line(c))))) : null)));
}

/**
 * The story's storyline, its events in the order they began, each with the earlier one it continues or recurs (one
 * request for all of them), and the names several hold; then the story's looser links.
 */
async function storyline(story) {
  const line = await api(`/storylines/${encodeURIComponent(story.id)}`);
  const chapters = line && line.chapters.length > 1 ? line.chapters : [];
  const loose = story.related.filter(link => link.relation === "related");
  if (chapters.length === 0 && loose.length === 0) return el("p", { class: "muted" }, "No earlier or later events.");
  const parts = [];
  if (chapters.length > 0) {
    if (line.total > chapters.length) parts.push(el("p", { class: "muted" }, `The latest ${chapters.length} of its ${line.total} events.`));
    parts.push(el("ol", { class: "related chapters" }, chapters.map(c => el("li", { class: c.story === story.id ? "current" : null },
      c.follows ? [el("span", { class: `badge ${c.follows.relation}` }, c.follows.relation), " "] : null,
      c.story === story.id ? el("strong", {}, c.title || c.story, " (this story)") : el("a", { href: storyHref(c.story) }, c.title || c.story),
      el("span", { class: "muted" }, ` · ${days(c.start, c.end)} · ${c.articles} article${c.articles === 1 ? "" : "s"}`)))));
    if (line.entities.length > 0) {
      parts.push(el("p", { class: "recurring" }, "Named in several of its events: ",
        line.entities.slice(0, 12).flatMap((e, i) => [i > 0 ? ", " : null, el("a", { href: `#/?q=${encodeURIComponent("entity:" + e.name)}` }, e.name)])));
    }
  }
  if (loose.length > 0) {
    const linked = await Promise.all(loose.map(async link => ({ link, other: await api(`/stories/${encodeURIComponent(link.story)}`) })));
    parts.push(el("ul", { class: "related loose" }, linked.map(({ link, other }) => el("li", {},
      el("span", { class: `badge ${link.relation}` }, link.relation), " ",
      el("a", { href: storyHref(link.story) }, other ? other.title || link.story : link.story),
      other ? el("span", { class: "muted" }, ` · ${days(other.start, other.end)}`) : null))));
  }
  return parts;
}

// ---------------------------------------------------------------- article page

async function showArticle(id, params) {
  const article = await api(`/articles/${encodeURIComponent(id)}`);
  if (!article) {
    main.replaceChildren(el("section", {}, el("h1", {}, "No such article")));
    return;
  }
  const offset = Number(params.get("o"));
  const length = Number(params.get("l"));
  const text = article.text || "";
  const body = el("div", { class: "text" });
  if (params.has("o") && offset >= 0 && length > 0 && offset + length <= text.length) {
    body.append(text.slice(0, offset), el("mark", { id: "cited" }, text.slice(offset, offset + length)), text.slice(offset + length));
  } else {
    body.append(text);
  }
  const url = article.url && /^https?:\/\//i.test(article.url) ? el("a", { href: article.url, rel: "noopener noreferrer nofollow", target: "_blank" }, article.url) : article.url;
  main.replaceChildren(el("article", { id: "article" },
    el("p", { class: "crumbs" }, el("a", { href: "#/" }, "Stories"), " / article ", article.id),
    el("h1", {}, article.title || "(untitled)"),
    el("p", { class: "meta" }, [article.source, article.byline, article.published].filter(Boolean).join(" · ")),
    url ? el("p", { class: "url" }, url) : null,
    body,
    article.boilerplate && article.boilerplate.length ? el("details", {}, el("summary", {}, `${article.boilerplate.length} line(s) removed as boilerplate`),
      el("ul", {}, article.boilerplate.map(b => el("li", {}, b.text, el("span", { class: "muted" }, ` (${b.reason})`))))) : null));
  const cited = document.getElementById("cited");
  if (cited) cited.scrollIntoView({ block: "center" });
}

// ---------------------------------------------------------------- routing and live updates

let current = "";

async function route() {
  const hash = location.hash || "#/";
  const [path, query] = hash.slice(1).split("?");
  const params = new URLSearchParams(query || "");
  current = path;
  try {
    if (path.startsWith("/story/")) await showStory(decodeURIComponent(path.slice(7)));
    else if (path.startsWith("/article/")) await showArticle(decodeURIComponent(path.slice(9)), params);
    else await showFront(params);
  } catch (error) {
    main.replaceChildren(el("p", { class: "error" }, `Could not load: ${error.message}`));
  }
}

searchForm.addEventListener("submit", event => {
  event.preventDefault();
  location.hash = `#/?q=${encodeURIComponent(searchBox.value.trim())}&order=${orderBox.value}`;
});
orderBox.addEventListener("change", () => searchForm.requestSubmit());
window.addEventListener("hashchange", route);

let refresh = null;
const touched = new Set();

/** Redraws the page a moment after changes arrive (a batch brings many at once), and marks the stories they touched. */
function changed(update) {
  touched.add(update.story);
  if (update.other) touched.add(update.other);
  const onStory = current.startsWith("/story/") ? decodeURIComponent(current.slice(7)) : null;
  if (current.startsWith("/article/")) return;
  if (onStory && !touched.has(onStory)) return;
  clearTimeout(refresh);
  refresh = setTimeout(async () => {
    await route();
    for (const id of touched) for (const node of document.querySelectorAll(`[data-story="${CSS.escape(id)}"]`)) node.classList.add("updated");
    touched.clear();
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  }, 250);
}

function listen() {
  const events = new EventSource("/events");
  events.onopen = () => { live.textContent = "live"; live.className = "live on"; };
  events.onerror = () => { live.textContent = "reconnecting"; live.className = "live"; };
  for (const kind of ["story-new", "article-joined", "stories-merged", "storyline-linked"]) {
    events.addEventListener(kind, message => changed(JSON.parse(message.data)));
  }
}

listen();
route();
