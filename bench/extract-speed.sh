#!/usr/bin/env bash
# Issue 15 (c): `tidings extract` over the 990 trafilatura-eval pages, whole process: pages/s per core and peak RSS.
#
#   bench/extract-speed.sh        every page of $TIDINGS_DATA/extraction/trafilatura-eval/html
#   bench/extract-speed.sh N      its first N pages (a quick check; linked from $TIDINGS_BENCH_DIR, default /tmp/bench)
#
# Per core two ways: pages / wall / cores (what the machine gives when extraction uses every core) and pages / (user +
# sys) (what one CPU-second gives, whatever the parallelism).
source "$(dirname "$0")/lib.sh"

PAGES_DIR="$DATA/extraction/trafilatura-eval/html"
[ -d "$PAGES_DIR" ] || die "no pages at $PAGES_DIR (set TIDINGS_DATA to the shared data folder)"
build_cli
INPUT="$PAGES_DIR"
if [ -n "${1:-}" ]; then
  # A folder of links to the first N pages: the data stays where it is, and file names with spaces survive.
  INPUT="$BENCH_DIR/trafilatura-first-$1"
  rm -rf "$INPUT" && mkdir -p "$INPUT"
  mapfile -d '' -t all < <(find "$PAGES_DIR" -type f -print0 | sort -z)
  for page in "${all[@]:0:$1}"; do
    ln -s "$page" "$INPUT/$(basename "$page")"
  done
fi
PAGES=$(find -L "$INPUT" -type f | wc -l)
CORES=$(nproc)

echo "input: $INPUT ($PAGES pages), $CORES cores"
timed extract-speed "$TIDINGS" extract "$INPUT" --format jsonl
report "tidings extract"
echo "  $(wc -l <"$BENCH_DIR/extract-speed.out") records; $(ratio "$PAGES" "$WALL" %.0f) pages/s (wall), $(ratio "$PAGES" "$(awk -v w="$WALL" -v c="$CORES" 'BEGIN { print w * c }')" %.1f) pages/s per core (wall x $CORES cores), $(ratio "$PAGES" "$CPU" %.1f) pages per CPU-second"
