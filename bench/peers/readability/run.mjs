// Readability.js (Firefox's reader view) as a peer extractor for bench/extraction-peers.sh.
//
//   node run.mjs DIR > readability.jsonl
//
// Reads every *.html.gz / *.html page in DIR (and in DIR/html when it exists), parses it with jsdom and runs
// `new Readability(document).parse()` on it, one worker thread per core (jsdom spends about half a second on a page),
// writing one JSON line per page in file order: {"file", "title", "text"}, the file named
// as in the folder, so that `tidings eval extraction-* --predictions` scores it with Tidings' own scorers. A page that
// throws is written as {"file", "title": null, "text": "", "error"} and the run goes on. Install first with
// `npm ci --no-audit --no-fund` in this folder (versions pinned in package.json: jsdom 27 throws on some pages).
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { availableParallelism } from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";

const dir = isMainThread ? process.argv[2] : workerData.dir;
if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
  console.error("usage: node run.mjs DIR  (a folder of *.html.gz or *.html pages, or with them under DIR/html)");
  process.exit(1);
}

const folders = [dir, join(dir, "html")].filter((d) => existsSync(d) && statSync(d).isDirectory());
const pages = folders.flatMap((folder) =>
  readdirSync(folder)
    .filter((name) => /\.html?(\.gz)?$/i.test(name))
    .sort()
    .map((name) => ({ name, path: join(folder, name) })),
);

// Pages log CSS and script noise to jsdom's console; none of it is ours to report.
const quiet = new VirtualConsole();

// The page's own address when it declares one (canonical link, else og:url), so that relative links resolve as on
// the site; otherwise a dummy. Read from the raw bytes as Latin-1, which keeps every ASCII URL intact whatever the charset.
function pageUrl(bytes) {
  const head = bytes.subarray(0, 200_000).toString("latin1");
  const found =
    /<link\b[^>]*\brel=["']?canonical["']?[^>]*\bhref=["']([^"'\s>]+)/i.exec(head) ??
    /<link\b[^>]*\bhref=["']([^"'\s>]+)["'][^>]*\brel=["']?canonical/i.exec(head) ??
    /<meta\b[^>]*\bproperty=["']og:url["'][^>]*\bcontent=["']([^"'\s>]+)/i.exec(head);
  if (found) {
    try {
      const url = new URL(found[1].replaceAll("&amp;", "&"));
      if (url.protocol === "http:" || url.protocol === "https:") return url.href;
    } catch {
      // not an absolute URL: fall through to the dummy
    }
  }
  return "https://example.invalid/page.html";
}

const blocks = new Set([
  "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "BR", "CAPTION", "DD", "DETAILS", "DIV", "DL", "DT", "FIELDSET",
  "FIGCAPTION", "FIGURE", "FOOTER", "FORM", "H1", "H2", "H3", "H4", "H5", "H6", "HEADER", "HR", "LI", "MAIN", "NAV",
  "OL", "P", "PRE", "SECTION", "SUMMARY", "TABLE", "TD", "TH", "TR", "UL",
]);

// article.textContent, but with a line break at every block boundary: textContent runs "end.</p><p>Next" together as
// "end.Next", which would merge words for the WCXB word bag and snippets for trafilatura-eval. Spaces and tabs collapse
// within a line; blank lines go, so paragraphs are separated by one "\n".
function text(node) {
  const parts = [];
  const walk = (n) => {
    if (n.nodeType === 3) {
      parts.push(n.nodeValue);
      return;
    }
    if (n.nodeType !== 1 && n.nodeType !== 11) return;
    const block = n.nodeType === 1 && blocks.has(n.tagName);
    if (block) parts.push("\n");
    for (const child of n.childNodes) walk(child);
    if (block) parts.push("\n");
  };
  walk(node);
  return parts
    .join("")
    .split("\n")
    .map((line) => line.replace(/[\s\u00a0]+/g, " ").trim())
    .filter((line) => line.length > 0)
    .join("\n");
}

function extract(page) {
  try {
    let bytes = readFileSync(page.path);
    if (/\.gz$/i.test(page.name)) bytes = gunzipSync(bytes);
    // Bytes, not a string: jsdom then finds the charset as a browser does (BOM, <meta charset>, else windows-1252).
    const dom = new JSDOM(bytes, { url: pageUrl(bytes), contentType: "text/html", virtualConsole: quiet });
    try {
      // The serializer hands back the article's element itself, so its text is read without serialising and reparsing.
      const article = new Readability(dom.window.document, { serializer: (element) => element }).parse();
      return { file: page.name, title: article?.title || null, text: article?.content ? text(article.content) : "" };
    } finally {
      dom.window.close();
    }
  } catch (e) {
    return { file: page.name, title: null, text: "", error: String(e?.message ?? e).slice(0, 300) };
  }
}

if (isMainThread) {
  const started = Date.now();
  const threads = Math.max(1, Math.min(availableParallelism(), pages.length));
  const records = new Array(pages.length);
  // Lane w takes pages w, w + threads, ...; the lines are written in file order once all are done. A worker that dies
  // (out of memory on a huge page) costs that page alone: it is recorded as failed and a fresh worker goes on after it.
  const lane = (first) => new Promise((resolve) => {
    let current = first;
    const worker = new Worker(new URL(import.meta.url), { workerData: { dir, first, step: threads } });
    worker.on("message", ({ index, record }) => {
      if (record) records[index] = record;
      else current = index;
    });
    let why = "";
    worker.on("error", (e) => { why = String(e?.message ?? e).slice(0, 300); });
    worker.on("exit", (code) => {
      if (code === 0 || current >= pages.length) return resolve();
      records[current] ??= { file: pages[current].name, title: null, text: "", error: `worker stopped: ${why || `exit ${code}`}` };
      resolve(lane(current + threads));
    });
  });
  await Promise.all(Array.from({ length: threads }, (_, w) => lane(w)));
  for (const [index, record] of records.entries())
    process.stdout.write(JSON.stringify(record ?? { file: pages[index].name, title: null, text: "", error: "no result" }) + "\n");
  const failed = records.filter((r) => !r || r.error).length;
  console.error(
    `readability: ${pages.length} pages in ${((Date.now() - started) / 1000).toFixed(1)} s on ${threads} threads` +
      (failed ? `, ${failed} failed (their "error" says why)` : ""),
  );
} else {
  for (let index = workerData.first; index < pages.length; index += workerData.step) {
    parentPort.postMessage({ index });
    parentPort.postMessage({ index, record: extract(pages[index]) });
    // jsdom frees a closed window only once the event loop turns: without this pause a worker kept every page it had
    // read (about 5 MB a page) and ran out of memory within a thousand pages.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
