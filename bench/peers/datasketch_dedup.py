#!/usr/bin/env python3
"""The datasketch peer of `tidings dedup`: MinHash LSH candidate pairs over a JSONL corpus.

Usage: datasketch_dedup.py CORPUS.jsonl PAIRS.tsv [--threshold 0.5] [--perms 128] [--ngram 5]

Reads {"id", "text"} records in order, builds a MinHash (128 permutations) of each article's word 5-gram shingles
(words = lower-cased \\w+ runs, the same tokens compare_pairs.py uses for the exact Jaccard), queries MinHashLSH for
the earlier articles it may copy, then inserts it. Writes one "earlier<TAB>later" line per candidate pair. This is the
usual datasketch near-duplicate recipe (as in text-dedup and many crawl pipelines), so the timing is what a user of
datasketch would see; candidates are not verified, which is datasketch's own output.

Needs numpy and datasketch on the path: see setup-datasketch.sh.
"""
import argparse
import json
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")


def shingles(text, n):
    words = WORD.findall(text.lower())
    if len(words) < n:
        # A text shorter than one shingle is its own single shingle, so it can still match an identical short text.
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + n]).encode("utf-8") for i in range(len(words) - n + 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("pairs")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--perms", type=int, default=128)
    parser.add_argument("--ngram", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    lsh = MinHashLSH(threshold=args.threshold, num_perm=args.perms)
    articles = pairs = 0
    with open(args.corpus, encoding="utf-8") as corpus, open(args.pairs, "w", encoding="utf-8") as out:
        for line in corpus:
            if not line.strip():
                continue
            record = json.loads(line)
            text = record.get("text")
            if not isinstance(text, str):
                continue
            key = str(record.get("id", articles))
            grams = shingles(text, args.ngram)
            if not grams:
                continue
            m = MinHash(num_perm=args.perms)
            m.update_batch(grams)
            for earlier in lsh.query(m):
                out.write(f"{earlier}\t{key}\n")
                pairs += 1
            # Ids are unique in the bench corpora; a repeated id would make insert raise, so keep the first.
            if key not in lsh:
                lsh.insert(key, m)
            articles += 1
    print(f"datasketch: {articles} articles, {pairs} candidate pairs, {time.perf_counter() - started:.1f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
