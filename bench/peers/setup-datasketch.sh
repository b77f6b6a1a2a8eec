#!/usr/bin/env bash
# Makes the datasketch peer of bench/dedup-vs-datasketch.sh usable, and checks it. Idempotent: run it any number of
# times; it changes nothing that is already in place. Prints the two variables the peer runs with.
#
# What it needs (none of it is part of this repository, and none of it may be committed here):
#   1. A python3 with numpy: PEER_PYTHON (default /usr/bin/python3, Debian's). PyPI may be unreachable, so numpy
#      comes from Debian: `apt-get install -y python3-numpy python3-scipy`. When numpy is missing and this runs as
#      root with apt-get, it installs those two packages.
#   2. datasketch's source tree (github.com/ekzhu/datasketch, MIT): DATASKETCH_SRC, the folder that holds the
#      `datasketch/` package (default ../peers/datasketch beside the repository). If that folder is missing and
#      DATASKETCH_GIT names a clone or bare git directory of datasketch, its HEAD is exported there.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER_PYTHON="${PEER_PYTHON:-/usr/bin/python3}"
DATASKETCH_SRC="${DATASKETCH_SRC:-$REPO/../peers/datasketch}"

fail() { echo "setup-datasketch: $*" >&2; exit 1; }

[ -x "$PEER_PYTHON" ] || fail "no python at $PEER_PYTHON; set PEER_PYTHON to a python3 that has numpy"

if ! "$PEER_PYTHON" -c 'import numpy, scipy' 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ "$PEER_PYTHON" = /usr/bin/python3 ]; then
    echo "setup-datasketch: installing Debian's python3-numpy and python3-scipy" >&2
    { apt-get update -qq && apt-get install -y -qq python3-numpy python3-scipy; } >&2 \
      || fail "apt-get could not install python3-numpy python3-scipy; install numpy for $PEER_PYTHON by other means"
  fi
  "$PEER_PYTHON" -c 'import numpy, scipy' 2>/dev/null \
    || fail "$PEER_PYTHON has no numpy/scipy; on Debian run: apt-get install -y python3-numpy python3-scipy"
fi

if [ ! -f "$DATASKETCH_SRC/datasketch/__init__.py" ]; then
  if [ -n "${DATASKETCH_GIT:-}" ]; then
    echo "setup-datasketch: exporting datasketch from $DATASKETCH_GIT to $DATASKETCH_SRC" >&2
    mkdir -p "$DATASKETCH_SRC"
    git --git-dir="$(git -C "$DATASKETCH_GIT" rev-parse --absolute-git-dir 2>/dev/null || echo "$DATASKETCH_GIT")" archive HEAD \
      | tar -x -C "$DATASKETCH_SRC" || fail "could not export datasketch from $DATASKETCH_GIT"
  else
    fail "no datasketch source at $DATASKETCH_SRC: set DATASKETCH_SRC to a datasketch source tree (the folder holding datasketch/__init__.py), or DATASKETCH_GIT to a git clone of github.com/ekzhu/datasketch to export one there"
  fi
fi

case "$(cd "$DATASKETCH_SRC" && pwd)/" in
  "$REPO"/*) fail "DATASKETCH_SRC ($DATASKETCH_SRC) is inside the repository; keep peer code outside it" ;;
esac

DATASKETCH_SRC="$(cd "$DATASKETCH_SRC" && pwd)"
numpy=$(cd /tmp && PYTHONPATH="$DATASKETCH_SRC" "$PEER_PYTHON" -c 'import numpy; from datasketch import MinHash, MinHashLSH; print(numpy.__version__)') \
  || fail "datasketch at $DATASKETCH_SRC does not import with $PEER_PYTHON"
# A source tree's package reports no version of its own; its pyproject.toml does.
version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$DATASKETCH_SRC/pyproject.toml" 2>/dev/null | head -1)
echo "setup-datasketch: datasketch ${version:-?} (numpy $numpy) from $DATASKETCH_SRC with $PEER_PYTHON" >&2
echo "PEER_PYTHON=$PEER_PYTHON"
echo "DATASKETCH_SRC=$DATASKETCH_SRC"
