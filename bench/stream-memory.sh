#!/usr/bin/env bash
# Issue 15 (d) and (e): memory and incremental cost of `tidings run --db` over a long stream.
#
#   bench/stream-memory.sh [SIZE...]      default 100000 200000
#
# The stream is the Reuters set replayed with new ids and dates three years later per replay (make-corpus
# reuters-stream), so replays make new events rather than late reports of old ones.
# (d) For each SIZE: `run --db` into a fresh store over the stream's first SIZE articles; peak RSS of each, and the
#     difference between the largest and the smallest, which should stay small if memory follows live events and not
#     the stream.
# (e) With the first SIZE's articles stored (the store (d) just wrote), `run --db` on the next 10 new articles, then on
#     the 10 after them, and so on (RUNS runs, default 8, each on the store the one before left), as a feed updated every
#     few minutes runs it: CPU seconds (user + sys) and wall of each. A run during which the events' periodic sweep (every
#     1,000 articles) falls costs more, and writes the state so that the runs after it do not repeat the sweep.
source "$(dirname "$0")/lib.sh"

if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(100000 200000); fi
REUTERS="$DATA/speed/reuters21578.jsonl.gz"
[ -f "$REUTERS" ] || die "no Reuters set at $REUTERS (set TIDINGS_DATA to the shared data folder)"
build_cli
FORMAT="${TIDINGS_RUN_FORMAT:-json}"

fresh_store() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; }

stream() {
  local file="$BENCH_DIR/reuters-stream-$1.jsonl"
  [ -s "$file" ] || make_corpus reuters-stream --in "$REUTERS" --articles "$1" --out "$file" >&2
  echo "$file"
}

echo "(d) run --db over the replayed Reuters stream, a fresh store each, $(nproc) cores"
declare -A RSS
for size in "${SIZES[@]}"; do
  input=$(stream "$size")
  store="$BENCH_DIR/stream-$size.db"
  fresh_store "$store"
  timed "stream-$size" "$TIDINGS" run "$input" --db "$store" --format "$FORMAT"
  RSS[$size]=$RSS_MB
  report "$size articles"
  echo "    $(ratio "$size" "$WALL" %.0f) articles/s (wall); store $(du -m "$store" | cut -f1) MB"
done
smallest=${SIZES[0]} largest=${SIZES[-1]}
if [ "$smallest" != "$largest" ]; then
  echo "  peak RSS at $largest minus at $smallest: $((RSS[$largest] - RSS[$smallest])) MB"
fi

# (e): the articles after the first SIZE of one stream are new ids with new dates, 10 a run.
base=${SIZES[0]}
RUNS="${RUNS:-8}"
echo "(e) run --db on 10 new articles at a time, $RUNS successive runs, with $base stored"
all=$(stream $((base + 10 * RUNS)))
store="$BENCH_DIR/stream-$base.db"
cpus=()
for run in $(seq 1 "$RUNS"); do
  new="$BENCH_DIR/reuters-stream-$base-next10-$run.jsonl"
  head -n $((base + 10 * run)) "$all" | tail -n 10 >"$new"
  timed "incremental-$base-$run" "$TIDINGS" run "$new" --db "$store" --format "$FORMAT"
  report "10 new articles, run $run"
  cpus+=("$CPU")
done
echo "  CPU seconds (user + sys) per run: ${cpus[*]}"
echo "  median: $(printf '%s\n' "${cpus[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
