#!/usr/bin/env bash
# Issue 15 (b): `tidings run` over the Reuters-21578 set (21,578 articles), whole process: articles/s and peak RSS.
#
#   bench/run-speed.sh            the whole set, $TIDINGS_DATA/speed/reuters21578.jsonl.gz
#   bench/run-speed.sh N          its first N articles (a quick check; written to $TIDINGS_BENCH_DIR, default /tmp/bench)
#
# Output goes to a file in --format ${TIDINGS_RUN_FORMAT:-json}: printing the stories is part of the work measured.
source "$(dirname "$0")/lib.sh"

REUTERS="$DATA/speed/reuters21578.jsonl.gz"
[ -f "$REUTERS" ] || die "no Reuters set at $REUTERS (set TIDINGS_DATA to the shared data folder)"
build_cli
if [ -n "${1:-}" ]; then
  INPUT="$BENCH_DIR/reuters-first-$1.jsonl"
  [ -s "$INPUT" ] || make_corpus reuters-stream --in "$REUTERS" --copies 1 --articles "$1" --out "$INPUT"
  RECORDS=$(wc -l <"$INPUT")
else
  INPUT="$REUTERS"
  RECORDS=$(gzip -dc "$INPUT" | wc -l)
fi

echo "input: $INPUT ($RECORDS records), $(nproc) cores"
timed run-speed "$TIDINGS" run "$INPUT" --format "${TIDINGS_RUN_FORMAT:-json}"
# A rejected record (Reuters has one without text) is read but is no article.
REJECTED=$(grep -c '^tidings: ' "$BENCH_DIR/run-speed.err" || true)
ARTICLES=$((RECORDS - REJECTED))
report "tidings run"
echo "  $ARTICLES articles ($REJECTED records rejected): $(ratio "$ARTICLES" "$WALL" %.0f) articles/s (wall), $(ratio "$ARTICLES" "$CPU" %.0f) articles per CPU-second"
