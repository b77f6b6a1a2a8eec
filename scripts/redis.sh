#!/usr/bin/env bash
# Makes a local Redis server ready for an Orleans cluster's membership table and prints its address on stdout
# (nothing else goes there; every diagnostic goes to stderr):
#
#   localhost:6379
#
# Installs Debian's `redis-server` package when no server is installed, starts it as a daemon (no systemd needed, so it
# works as root in a container) and waits until it answers PING. Idempotent: a second run finds it answering and only
# prints the address. TIDINGS_REDIS_PORT chooses another port.
set -euo pipefail

say() { echo "redis.sh: $*" >&2; }
fail() { say "$*"; exit 1; }
PORT="${TIDINGS_REDIS_PORT:-6379}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    fail "needs root for: $*  (run this script as root, or run 'apt-get update && apt-get install -y redis-server' as root first)"
  fi
}

answers() { redis-cli -p "$PORT" ping 2>/dev/null | grep -q PONG; }

if ! command -v redis-server >/dev/null 2>&1; then
  say "installing Debian's redis-server"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || fail "apt-get update failed"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2 || fail "installing redis-server failed"
fi

if ! answers; then
  say "starting redis-server on port $PORT"
  # Membership rows only: nothing to persist across a restart of the server (silos write theirs again as they start).
  redis-server --port "$PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
    --logfile "${TMPDIR:-/tmp}/tidings-redis-$PORT.log" >&2 || fail "redis-server did not start"
  for _ in $(seq 1 100); do
    answers && break
    sleep 0.1
  done
  answers || fail "redis-server on port $PORT does not answer PING (log: ${TMPDIR:-/tmp}/tidings-redis-$PORT.log)"
fi
echo "localhost:$PORT"
