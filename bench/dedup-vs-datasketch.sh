#!/usr/bin/env bash
# Issue 15 (a): `tidings dedup` against datasketch MinHashLSH on one synthetic corpus, both timed as whole processes.
#
#   bench/dedup-vs-datasketch.sh [ARTICLES]      (default 20000)
#
# The corpus (made once, under $TIDINGS_BENCH_DIR, default /tmp/bench): Zipf vocabulary, 250-700 words, 20%
# near-copies at 2-10% word edits plus rewrites and partial copies, lower-cased (no capital starts a sentence).
# The peer: datasketch MinHashLSH, threshold 0.5, 128 permutations, word 5-grams (bench/peers/datasketch_dedup.py);
# it needs Debian's numpy and a datasketch source tree, see bench/peers/setup-datasketch.sh.
# Targets: Tidings >= 20x faster (wall, whole process) and finds >= 90% of the pairs datasketch finds.
source "$(dirname "$0")/lib.sh"

ARTICLES="${1:-20000}"
CORPUS="$BENCH_DIR/synthetic-lc-$ARTICLES.jsonl"

# The setup's own failure (no numpy, no datasketch source) stops the script here, not at the first use of its variables.
peer_env=$("$REPO/bench/peers/setup-datasketch.sh") || die "the datasketch peer is not set up (see the message above)"
eval "$peer_env"
build_cli
[ -s "$CORPUS" ] || make_corpus synthetic --articles "$ARTICLES" --lowercase --out "$CORPUS"

echo "corpus: $CORPUS ($ARTICLES articles, $(du -m "$CORPUS" | cut -f1) MB), $(nproc) cores"
timed dedup-tidings "$TIDINGS" dedup "$CORPUS" --format jsonl
T_WALL=$WALL T_CPU=$CPU; report "tidings dedup"
timed dedup-datasketch env PYTHONPATH="$DATASKETCH_SRC" "$PEER_PYTHON" "$REPO/bench/peers/datasketch_dedup.py" "$CORPUS" "$BENCH_DIR/dedup-datasketch.tsv"
D_WALL=$WALL D_CPU=$CPU; report "datasketch MinHashLSH"
echo "  speed ratio (datasketch / tidings): wall $(ratio "$D_WALL" "$T_WALL")x, CPU $(ratio "$D_CPU" "$T_CPU")x   (target >= 20x wall)"

"$PEER_PYTHON" "$REPO/bench/peers/compare_pairs.py" "$CORPUS" "$BENCH_DIR/dedup-tidings.out" "$BENCH_DIR/dedup-datasketch.tsv" \
  | tee "$BENCH_DIR/dedup-compare.txt" | grep -v '^FOUND_SHARE'
share=$(sed -n 's/^FOUND_SHARE //p' "$BENCH_DIR/dedup-compare.txt")
speed=$(ratio "$D_WALL" "$T_WALL" %.4f)
verdict() { awk -v x="$1" -v t="$2" 'BEGIN { print (x != "inf" && x + 0 < t) ? "MISSED" : "met" }'; }
echo "  targets: speed $(verdict "$speed" 20) (>= 20x), pairs found $(verdict "$share" 0.9) (>= 90%)"
