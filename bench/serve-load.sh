#!/usr/bin/env bash
# Issue 17's load test: `tidings serve` (the installed native program) on loopback, fed the Reuters set by POST at a
# fixed rate while 50 readers poll stories, on SQLite and on PostgreSQL; then the same with the server killed with -9
# halfway and started again. bench/Tidings.LoadTest does the work and prints ingest rate, read latencies (as the client
# waited, and as the server timed them) and how many acknowledged articles are missing afterwards.
#
#   bench/serve-load.sh [sqlite|postgres|both] [SECONDS] [RATE]      defaults: both, 60, 250
source "$(dirname "$0")/lib.sh"

STORES="${1:-both}"; SECONDS_RUN="${2:-60}"; RATE="${3:-250}"
REUTERS="$DATA/speed/reuters21578.jsonl.gz"
[ -f "$REUTERS" ] || die "no Reuters set at $REUTERS (set TIDINGS_DATA to the shared data folder)"
build_cli
wait_for_quiet_machine
dotnet build -c Release -nologo -v q "$REPO/bench/Tidings.LoadTest" >&2 || die "building bench/Tidings.LoadTest failed"
LOAD=(dotnet "$REPO/bench/Tidings.LoadTest/bin/Release/net10.0/Tidings.LoadTest.dll" --tidings "$TIDINGS" --input "$REUTERS"
      --seconds "$SECONDS_RUN" --rate "$RATE" --readers 50 --batch 5)

sqlite_store() { rm -f "$BENCH_DIR/load.db"*; STORE=(--store-arg --db --store-arg "$BENCH_DIR/load.db"); }
postgres_store() {
  local conn; conn="$("$REPO/scripts/postgres.sh")"
  PGPASSWORD=tidings psql -q -h localhost -U tidings -d tidings -c 'DROP DATABASE IF EXISTS tidings_load' -c 'CREATE DATABASE tidings_load' >&2
  STORE=(--store-arg --postgres --store-arg "${conn/Database=tidings/Database=tidings_load}")
}

for store in sqlite postgres; do
  [ "$STORES" = both ] || [ "$STORES" = "$store" ] || continue
  for kill in no yes; do
    "${store}_store"
    KILL=(); [ "$kill" = yes ] && KILL=(--kill-at $((SECONDS_RUN / 2)))
    echo "== $store$([ "$kill" = yes ] && echo ", killed with -9 at $((SECONDS_RUN / 2)) s"), $(nproc) cores"
    "${LOAD[@]}" "${STORE[@]}" "${KILL[@]}" | grep -v '^load: [0-9,]* records'
  done
done
