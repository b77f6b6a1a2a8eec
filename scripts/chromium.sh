#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (Playwright .NET drives it through its path: no browser download),
# and prints that path on standard output. Idempotent: a machine that has it installs nothing.
#
#   scripts/chromium.sh            install when missing (as root, with apt-get), then print the path
#
# Diagnostics go to standard error; the only line on standard output is the path.
set -euo pipefail

find_chromium() {
  for candidate in "${TIDINGS_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

if path="$(find_chromium)"; then
  echo "$path"
  exit 0
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium.sh: Chromium is not installed; as root on Debian run: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi

echo "chromium.sh: installing Debian's chromium" >&2
# Another apt run (a parallel test's setup script) holds the lock for a while: wait for it rather than fail.
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2

path="$(find_chromium)" || { echo "chromium.sh: installed, but no chromium binary found" >&2; exit 1; }
echo "$path"
