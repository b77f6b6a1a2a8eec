#!/usr/bin/env bash
# Makes a local PostgreSQL server ready for Tidings and prints its connection string on stdout (nothing else goes
# there; every diagnostic goes to stderr):
#
#   Host=localhost;Username=tidings;Password=tidings;Database=tidings
#
# Installs Debian's `postgresql` package when no server is installed, starts the cluster with pg_ctlcluster (no
# systemd needed, so it works as root in a container), waits until it accepts connections, and creates the role
# `tidings` (password `tidings`, allowed to create databases: the tests make one per test) and the database `tidings`.
# Idempotent: a second run finds everything in place and only prints the string.
set -euo pipefail

say() { echo "postgres.sh: $*" >&2; }
fail() { say "$*"; exit 1; }

# Debian's tools each install one major version under /usr/lib/postgresql/N; the newest is the one used.
installed_version() {
  local server
  for server in /usr/lib/postgresql/*/bin/postgres; do
    [ -x "$server" ] && basename "$(dirname "$(dirname "$server")")"
  done | sort -V | tail -n 1
  return 0   # none installed: an empty answer, not a failure
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    fail "needs root for: $*  (run this script as root, or run 'apt-get update && apt-get install -y postgresql' and 'pg_ctlcluster <version> main start' as root first)"
  fi
}

# Runs a command as the cluster's owner, who may connect over the local socket without a password (peer auth).
as_postgres() {
  if [ "$(id -un)" = postgres ]; then
    "$@"
  elif [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -u postgres "$@"
  else
    fail "needs to run '$*' as the postgres user: run this script as root"
  fi
}

# One run at a time: two test runs starting together would otherwise both install, or both create the role.
# (A lock file another user made and this one may not open is no reason to stop.) The commands that may start the
# server close the lock's descriptor first (9>&-): a server that inherited it would hold the lock as long as it runs.
if command -v flock >/dev/null 2>&1 && { exec 9>>"${TMPDIR:-/tmp}/tidings-postgres.lock"; } 2>/dev/null; then
  flock 9
fi

version=$(installed_version)
if [ -z "$version" ]; then
  say "PostgreSQL is not installed; installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q >&2
  as_root apt-get install -y -q postgresql >&2 9>&-
  version=$(installed_version)
  [ -n "$version" ] || fail "apt-get installed postgresql, yet no server is under /usr/lib/postgresql"
fi

# The package creates the cluster `main` as it installs; a machine where it was dropped gets it again.
cluster=main
if ! pg_lsclusters -h 2>/dev/null | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
  say "creating cluster $version/$cluster"
  as_root pg_createcluster --locale C.UTF-8 --encoding UTF8 "$version" "$cluster" >&2 9>&-
fi

port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $3 }')
status=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $4 }')
if [[ "$status" != online* ]]; then
  say "starting cluster $version/$cluster on port $port"
  as_root pg_ctlcluster "$version" "$cluster" start >&2 9>&-
fi

# pg_ctlcluster returns once the server runs; it may still be recovering. Up to 30 s.
for _ in $(seq 1 60); do
  if pg_isready -q -h localhost -p "$port"; then
    break
  fi
  sleep 0.5
done
pg_isready -q -h localhost -p "$port" || fail "the server on port $port does not accept connections; see /var/log/postgresql/postgresql-$version-$cluster.log"

psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres -tA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'tidings'")" != 1 ]; then
  say "creating role tidings"
  psql_admin -c "CREATE ROLE tidings LOGIN CREATEDB PASSWORD 'tidings'" >&2
elif [ "$(psql_admin -c "SELECT rolcanlogin AND rolcreatedb FROM pg_roles WHERE rolname = 'tidings'")" != t ]; then
  psql_admin -c "ALTER ROLE tidings LOGIN CREATEDB PASSWORD 'tidings'" >&2
fi

if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'tidings'")" != 1 ]; then
  say "creating database tidings"
  # UTF-8 whatever the cluster's default: article texts are in any language. The C.UTF-8 locale sorts by code point.
  psql_admin -c "CREATE DATABASE tidings OWNER tidings ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0" >&2
fi

connection="Host=localhost;Username=tidings;Password=tidings;Database=tidings"
if [ "$port" != 5432 ]; then
  connection="$connection;Port=$port"
fi
echo "$connection"
