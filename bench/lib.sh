# Shared by the whole-process measurement scripts in bench/; sourced, not run.
# Every figure is of one `tidings` process from start to exit (runtime start, reading, parsing, output included), as
# a user of the CLI sees it, timed by GNU time: wall, user and system CPU seconds, peak resident set size.
#
# Environment:
#   TIDINGS_BENCH_DIR   where corpora, outputs and stores go (default /tmp/bench; keep it outside the repository)
#   TIDINGS_DATA        the shared data folder (default ../shared/data beside the repository)
#   TIDINGS_SKIP_BUILD  set to 1 to use the Release build already there instead of building it once per script

set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${TIDINGS_BENCH_DIR:-/tmp/bench}"
DATA="${TIDINGS_DATA:-$REPO/../shared/data}"
# The CLI as ./install.sh installs it (compiled to native code), into the bench folder: what a user who installs it runs.
CLI_DIR="$BENCH_DIR/cli"
TIDINGS="$CLI_DIR/tidings"
BENCH_TOOL_DLL="$REPO/bench/Tidings.Benchmarks/bin/Release/net10.0/Tidings.Benchmarks.dll"
mkdir -p "$BENCH_DIR"

die() { echo "bench: $*" >&2; exit 1; }

[ -x /usr/bin/time ] || die "GNU time is needed at /usr/bin/time (Debian: apt-get install time)"

# Another build or test run on the machine (a second worktree) would both slow the timed process and compete with our
# own build, so wait for it to finish (up to TIDINGS_BENCH_WAIT seconds, default 1800) and say so.
wait_for_quiet_machine() {
  local waited=0 limit="${TIDINGS_BENCH_WAIT:-1800}"
  while pgrep -f 'dotnet (build|test|publish|run)( |$)' >/dev/null; do
    [ "$waited" = 0 ] && echo "bench: waiting for another dotnet build/test to finish: $(pgrep -fa 'dotnet (build|test|publish|run)( |$)' | head -1 | cut -c1-100)" >&2
    [ "$waited" -ge "$limit" ] && { echo "bench: still busy after ${limit}s; measuring anyway (figures may be slow)" >&2; return; }
    sleep 5; waited=$((waited + 5))
  done
}

# Installs the CLI into $CLI_DIR once, as ./install.sh does for a user; the timed runs then start the installed command, so
# no build or restore is timed.
build_cli() {
  if [ "${TIDINGS_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$TIDINGS" ]; then
    wait_for_quiet_machine
    echo "bench: installing src/Tidings.Cli into $CLI_DIR as ./install.sh does" >&2
    "$REPO/install.sh" "$CLI_DIR" || die "installing src/Tidings.Cli failed"
  fi
}

# The corpus generator (bench/Tidings.Benchmarks make-corpus), built only when a corpus has to be made.
make_corpus() {
  if [ "${TIDINGS_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$BENCH_TOOL_DLL" ]; then
    if [ -z "${_BENCH_TOOL_BUILT:-}" ]; then
      wait_for_quiet_machine
      echo "bench: building bench/Tidings.Benchmarks (Release)" >&2
      dotnet build -c Release -nologo -v q "$REPO/bench/Tidings.Benchmarks" >&2 || die "Release build of bench/Tidings.Benchmarks failed"
      _BENCH_TOOL_BUILT=1
    fi
  fi
  dotnet "$BENCH_TOOL_DLL" make-corpus "$@"
}

# timed NAME COMMAND...: runs COMMAND under GNU time with stdout to $BENCH_DIR/NAME.out and stderr to
# $BENCH_DIR/NAME.err, and sets WALL, USER, SYS (seconds), CPU (user + sys) and RSS_MB (peak resident set).
timed() {
  local name="$1"; shift
  local times="$BENCH_DIR/$name.time" rc=0
  wait_for_quiet_machine
  # A build that starts while we measure slows the measured process; a watcher notes it so the figure is flagged.
  local busy="$BENCH_DIR/$name.busy"
  rm -f "$busy"
  ( while sleep 2; do pgrep -f 'dotnet (build|test|publish|run)( |$)' >/dev/null && { touch "$busy"; exit; }; done ) &
  local watcher=$!
  /usr/bin/time -f "%e %U %S %M" -o "$times" "$@" >"$BENCH_DIR/$name.out" 2>"$BENCH_DIR/$name.err" || rc=$?
  kill "$watcher" 2>/dev/null || true
  wait "$watcher" 2>/dev/null || true
  CONTENDED=""
  [ -f "$busy" ] && CONTENDED="  (another dotnet build/test ran meanwhile: slower than on a quiet machine)"
  if [ "$rc" != 0 ]; then
    tail -5 "$BENCH_DIR/$name.err" >&2
    die "$name exited with status $rc (full output in $BENCH_DIR/$name.err)"
  fi
  # GNU time writes a "Command exited with non-zero status" line first when it did; the figures are the last line.
  read -r WALL USER SYS RSS_KB < <(tail -1 "$times")
  CPU=$(awk -v u="$USER" -v s="$SYS" 'BEGIN { printf "%.2f", u + s }')
  RSS_MB=$(awk -v k="$RSS_KB" 'BEGIN { printf "%.0f", k / 1024 }')
}

# ratio A B [FORMAT]: A / B with awk, "inf" when B is zero.
ratio() { awk -v a="$1" -v b="$2" -v f="${3:-%.1f}" 'BEGIN { if (b == 0) print "inf"; else printf f "\n", a / b }'; }

report() { printf '  %-28s wall %7.2f s  user %7.2f s  sys %6.2f s  peak RSS %6d MB%s\n' "$1" "$WALL" "$USER" "$SYS" "$RSS_MB" "$CONTENDED"; }
