#!/usr/bin/env bash
# Issue 19: Tidings beside SmartReader and Readability.js on the same pages, each scored by Tidings' own scorers (the
# peers' output goes through `tidings eval extraction-* --predictions`), so the comparison differs only in the extractor.
#
#   bench/extraction-peers.sh
#
# Sets: trafilatura-eval (gold.json, the trafilatura-eval snippet rule) and wcxb-dev (the WCXB word-bag rule, all pages
# and its article pages), under $TIDINGS_DATA/extraction. Prints one table (set | extractor | text P | text R | text F1 |
# title exact), how long each part took, and the pages that break issue 19's rule: Tidings' recall below 0.5 where a
# peer's is above 0.9 (trafilatura-eval: snippet recall of each page with snippets to find; wcxb-dev: word recall of the
# pages labelled article). Predictions, details and outputs stay in $TIDINGS_BENCH_DIR/extraction-peers.
#
# Needs node (18 or later) and npm for Readability.js (bench/peers/readability, installed there from its lock file on
# first use) and the .NET SDK for bench/peers/SmartReaderRunner (not in Tidings.slnx, so CI never builds it).
# Timings are whole processes (lib.sh's `timed`); each extractor uses every core. The peers' figures include parsing
# with their own HTML parser (jsdom, AngleSharp), as Tidings' include its own.
source "$(dirname "$0")/lib.sh"

SETS_DIR="$DATA/extraction"
TRAF="$SETS_DIR/trafilatura-eval"
WCXB="$SETS_DIR/wcxb-dev"
[ -f "$TRAF/gold.json" ] || die "no trafilatura-eval at $TRAF (set TIDINGS_DATA to the shared data folder)"
[ -d "$WCXB/ground-truth" ] || die "no wcxb-dev at $WCXB (set TIDINGS_DATA to the shared data folder)"
command -v node >/dev/null 2>&1 || die "node (18 or later) is needed for Readability.js"
command -v npm >/dev/null 2>&1 || die "npm is needed to install Readability.js"

OUT="$BENCH_DIR/extraction-peers"
mkdir -p "$OUT"
READABILITY="$REPO/bench/peers/readability"
SMARTREADER="$REPO/bench/peers/SmartReaderRunner"
SMARTREADER_DLL="$SMARTREADER/bin/Release/net10.0/SmartReaderRunner.dll"

build_cli
if [ ! -d "$READABILITY/node_modules/@mozilla/readability" ] || [ ! -d "$READABILITY/node_modules/jsdom" ]; then
  echo "bench: installing Readability.js and jsdom into $READABILITY/node_modules (npm ci)" >&2
  (cd "$READABILITY" && npm ci --no-audit --no-fund >&2) || die "npm ci in $READABILITY failed"
fi
if [ "${TIDINGS_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$SMARTREADER_DLL" ]; then
  wait_for_quiet_machine
  echo "bench: building bench/peers/SmartReaderRunner (Release)" >&2
  dotnet build "$SMARTREADER" -c Release -nologo -v q >&2 || die "Release build of bench/peers/SmartReaderRunner failed"
fi

TIMES=()
ROWS=()
# step NAME COMMAND...: timed (lib.sh), output in $BENCH_DIR/NAME.out; notes the time for the summary.
step() {
  local name="$1"; shift
  echo "bench: $name" >&2
  timed "$name" "$@"
  TIMES+=("$(printf '  %-44s wall %7.1f s  cpu %7.1f s  peak RSS %5d MB%s' "$name" "$WALL" "$CPU" "$RSS_MB" "$CONTENDED")")
}

# row SET EXTRACTOR FILE LABEL: the text figures on FILE's line LABEL ("text", "all", "article") and the title accuracy.
row() {
  local figures title="-"
  figures=$(awk -v l="$4" '$1 == l { print $3, $5, $7; exit }' "$3")
  [ -n "$figures" ] || die "no '$4' line in $3"
  [ "$4" = article ] || title=$(awk '$1 == "title" { print $3; exit }' "$3")
  ROWS+=("$(printf '%-20s %-12s %6s %6s %6s %11s' "$1" "$2" $figures "$title")")
}

# evaluate SET COMMAND GOLD DIR: Tidings' own run, then each peer's predictions through the same command.
evaluate() {
  local set="$1" command="$2" gold="$3" dir="$4"
  step "peers-$set-tidings" "$TIDINGS" eval "$command" --gold "$gold" --details "$OUT/$set-tidings.details.jsonl" "$dir"
  cp "$BENCH_DIR/peers-$set-tidings.out" "$OUT/$set-tidings.out"
  step "peers-$set-readability-extract" node "$READABILITY/run.mjs" "$dir"
  cp "$BENCH_DIR/peers-$set-readability-extract.out" "$OUT/$set-readability.jsonl"
  step "peers-$set-smartreader-extract" dotnet "$SMARTREADER_DLL" "$dir"
  cp "$BENCH_DIR/peers-$set-smartreader-extract.out" "$OUT/$set-smartreader.jsonl"
  for peer in readability smartreader; do
    step "peers-$set-$peer-score" "$TIDINGS" eval "$command" --gold "$gold" --predictions "$OUT/$set-$peer.jsonl" \
      --details "$OUT/$set-$peer.details.jsonl" "$dir"
    cp "$BENCH_DIR/peers-$set-$peer-score.out" "$OUT/$set-$peer.out"
    grep -h "failed" "$BENCH_DIR/peers-$set-$peer-extract.err" >&2 || true
  done
}

evaluate trafilatura-eval extraction-snippets "$TRAF/gold.json" "$TRAF"
evaluate wcxb-dev extraction-wcxb "$WCXB" "$WCXB"

for x in tidings readability smartreader; do row trafilatura-eval "$x" "$OUT/trafilatura-eval-$x.out" text; done
for x in tidings readability smartreader; do row wcxb-dev "$x" "$OUT/wcxb-dev-$x.out" all; done
for x in tidings readability smartreader; do row "wcxb-dev articles" "$x" "$OUT/wcxb-dev-$x.out" article; done

echo
printf '%-20s %-12s %6s %6s %6s %11s\n' set extractor "text P" "text R" "F1" "title exact"
printf '%s\n' "${ROWS[@]}"
echo "(trafilatura-eval: snippets micro-averaged; wcxb-dev: word bags averaged over pages; title exact over all labelled"
echo " pages of the set, so not given for the article subset; outputs in $OUT)"
echo
echo "time per part (each a whole process on $(nproc) cores; a peer's -score is Tidings scoring its predictions):"
printf '%s\n' "${TIMES[@]}"
echo

# Issue 19's rule, page by page from the details: Tidings' recall below 0.5 where either peer's is above 0.9.
node - "$OUT" <<'EOF'
const { readFileSync } = require("node:fs");
const { basename } = require("node:path");
const out = process.argv[2];
// Recall per page file: trafilatura-eval's details give snippet counts (pages without snippets to find are left
// out), wcxb-dev's give the word-bag recall and the page type (only article pages count).
function recalls(set, extractor) {
  const map = new Map();
  for (const line of readFileSync(`${out}/${set}-${extractor}.details.jsonl`, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const d = JSON.parse(line);
    const file = basename(d.PagePath);
    if (set === "trafilatura-eval") {
      if (d.tp + d.fn > 0) map.set(file, d.tp / (d.tp + d.fn));
    } else if (d.type === "article") {
      map.set(file, d.Recall);
    }
  }
  return map;
}
for (const set of ["trafilatura-eval", "wcxb-dev"]) {
  const tidings = recalls(set, "tidings");
  const readability = recalls(set, "readability");
  const smartreader = recalls(set, "smartreader");
  const bad = [...tidings]
    .filter(([file, r]) => r < 0.5 && Math.max(readability.get(file) ?? 0, smartreader.get(file) ?? 0) > 0.9)
    .map(([file, r]) => `    ${file}  tidings ${r.toFixed(2)}  readability ${(readability.get(file) ?? 0).toFixed(2)}  smartreader ${(smartreader.get(file) ?? 0).toFixed(2)}`)
    .sort();
  const scope = set === "wcxb-dev" ? `${tidings.size} article pages` : `${tidings.size} pages with snippets`;
  console.log(`${set}: ${bad.length} of ${scope} where Tidings' recall < 0.5 and a peer's > 0.9${bad.length ? ":" : ""}`);
  for (const line of bad) console.log(line);
}
EOF
