#!/usr/bin/env bash
# Issue 18's benchmark: the Reuters set (or any JSONL file) ingested by a Tidings cluster of 1, 2 and 3 silos on this
# machine (Redis for membership, PostgreSQL for the feed's store, both from scripts/), each silo the installed
# `tidings silo`; `tidings-cluster ingest` submits the file in batches of 500, four in flight, and waits until the
# stories are settled. Prints articles/s (acknowledged and settled) and each silo's peak memory, and which silo ran the
# feed's engine. STORIES_IN_ENGINE=1 has the feed's engine synthesise its stories itself, rather than story grains.
#
#   bench/cluster-speed.sh [SILO COUNTS] [FILE | N]      defaults: "1 2 3", ../shared/data/speed/reuters21578.jsonl.gz
#
# COPY_SHARDS=K cuts the feed's copy index into K shard grains (the silos' default, 8); COPY_SHARDS=0 keeps it in the
# feed's engine. EVENT_SHARDS=K does the same for the event-candidate index, LIVE_SHARDS=K for the live events, of which
# the engine holds HELD_LIVE=N between windows (the silos' default, 2,000). KEPT_WORDS=N keeps the words of the feed's N
# latest articles in its engine (the silos' default, 2,048), copies of older ones verified by their article grains;
# VERIFY_IN_ENGINE=1 verifies every copy in the engine.
#
# N instead of a file: the first N articles of the Reuters set replayed with new ids and dates three years later per
# replay (make-corpus reuters-stream, as bench/stream-memory.sh), a synthetic stream of any length.
source "$(dirname "$0")/lib.sh"

COUNTS="${1:-1 2 3}"; INPUT="${2:-$DATA/speed/reuters21578.jsonl.gz}"
if [[ "$INPUT" =~ ^[0-9]+$ ]]; then
  STREAM="$BENCH_DIR/reuters-stream-$INPUT.jsonl"
  [ -s "$STREAM" ] || make_corpus reuters-stream --in "$DATA/speed/reuters21578.jsonl.gz" --articles "$INPUT" --out "$STREAM" >&2
  INPUT="$STREAM"
fi
[ -f "$INPUT" ] || die "no input at $INPUT"
build_cli
HOST="${TIDINGS_CLUSTER_HOST:-$CLI_DIR/cluster/tidings-cluster}"
[ -x "$HOST" ] || die "no cluster host at $HOST; install without TIDINGS_CLUSTER=0"
REDIS="$("$REPO/scripts/redis.sh")"
POSTGRES="$("$REPO/scripts/postgres.sh")"
DATABASE=tidings_cluster_bench
CONN="${POSTGRES/Database=tidings/Database=$DATABASE}"
wait_for_quiet_machine

SILO_PIDS=()
stop_silos() {
  for pid in "${SILO_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${SILO_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  SILO_PIDS=()
}
trap stop_silos EXIT

for n in $COUNTS; do
  PGPASSWORD=tidings psql -q -h localhost -U tidings -d tidings -c "DROP DATABASE IF EXISTS $DATABASE" -c "CREATE DATABASE $DATABASE" >&2
  CLUSTER="bench-$n-$$-$RANDOM"
  for i in $(seq 1 "$n"); do
    "$HOST" silo --cluster "$REDIS" --cluster-id "$CLUSTER" --postgres "$CONN" \
      --silo-port $((11110 + i)) --gateway-port $((30000 + i)) ${COPY_SHARDS:+--copy-index-shards "$COPY_SHARDS"} ${EVENT_SHARDS:+--event-index-shards "$EVENT_SHARDS"} \
      ${LIVE_SHARDS:+--live-event-shards "$LIVE_SHARDS"} ${HELD_LIVE:+--held-live-events "$HELD_LIVE"} \
      ${STORIES_IN_ENGINE:+--stories-in-engine} ${KEPT_WORDS:+--kept-word-sequences "$KEPT_WORDS"} ${VERIFY_IN_ENGINE:+--verify-in-engine} \
      >"$BENCH_DIR/silo-$n-$i.log" 2>&1 &
    SILO_PIDS+=($!)
  done
  for i in $(seq 1 "$n"); do
    for _ in $(seq 1 600); do grep -q "Ctrl-C stops" "$BENCH_DIR/silo-$n-$i.log" && break; sleep 0.1; done
    grep -q "Ctrl-C stops" "$BENCH_DIR/silo-$n-$i.log" || die "silo $i of $n did not start: $(cat "$BENCH_DIR/silo-$n-$i.log")"
  done
  echo "== $n silo(s) on $(nproc) cores, copy index shards: ${COPY_SHARDS:-default}, event index shards: ${EVENT_SHARDS:-default}, live-event shards: ${LIVE_SHARDS:-default} holding ${HELD_LIVE:-default}, stories synthesised $([ -n "${STORIES_IN_ENGINE:-}" ] && echo "in the engine" || echo "by story grains"), copies verified $([ -n "${VERIFY_IN_ENGINE:-}" ] && echo "in the engine" || echo "in article grains past ${KEPT_WORDS:-2048} kept"): $(basename "$INPUT")"
  "$HOST" ingest --cluster "$REDIS" --cluster-id "$CLUSTER" "$INPUT" 2>"$BENCH_DIR/ingest-$n.err" \
    || die "ingest failed: $(tail -3 "$BENCH_DIR/ingest-$n.err")"
  for i in $(seq 1 "$n"); do
    pid="${SILO_PIDS[$((i - 1))]}"
    peak=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status")
    echo "silo $i (port $((11110 + i))): peak ${peak} MB"
  done
  stop_silos
done
