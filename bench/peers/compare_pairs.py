#!/usr/bin/env python3
"""Compares the pairs `tidings dedup --format jsonl` reports with the datasketch peer's candidate pairs.

Usage: compare_pairs.py CORPUS.jsonl TIDINGS.jsonl DATASKETCH.tsv [--ngram 5] [--threshold 0.5]

A pair is unordered ({a, b}). Prints how many datasketch pairs Tidings also reports, and, for every pair either tool
reports, the exact Jaccard of the two articles' word 5-gram sets (the same lower-cased \\w+ tokens as
datasketch_dedup.py): how many pairs at or above the threshold each found. Pairs neither tool reports are not
scored, so "true pairs" below means true pairs in the union of the two reports, not in the whole corpus.
Plain Python; numpy is not needed.
"""
import argparse
import json
import re

WORD = re.compile(r"\w+")


def shingles(text, n):
    words = WORD.findall(text.lower())
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def pair(a, b):
    return (a, b) if a <= b else (b, a)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("tidings")
    parser.add_argument("datasketch")
    parser.add_argument("--ngram", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()

    tidings = set()
    kinds = {}
    with open(args.tidings, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                p = pair(r["a"], r["b"])
                tidings.add(p)
                kinds[r.get("relation", "?")] = kinds.get(r.get("relation", "?"), 0) + 1
    datasketch = set()
    with open(args.datasketch, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                a, b = line.rstrip("\n").split("\t")
                datasketch.add(pair(a, b))

    union = tidings | datasketch
    needed = {i for p in union for i in p}
    texts = {}
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                if r.get("id") in needed and isinstance(r.get("text"), str):
                    texts[r["id"]] = shingles(r["text"], args.ngram)

    def jaccard(p):
        a, b = texts.get(p[0]), texts.get(p[1])
        if not a or not b:
            return 0.0
        return len(a & b) / len(a | b)

    true = {p for p in union if jaccard(p) >= args.threshold}
    both = tidings & datasketch
    share = len(both) / len(datasketch) if datasketch else 1.0
    print(f"tidings pairs            {len(tidings):8d}  ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
    print(f"datasketch pairs         {len(datasketch):8d}")
    print(f"datasketch pairs found by tidings {len(both):8d}  ({share:.1%})")
    print(f"pairs with exact {args.ngram}-gram Jaccard >= {args.threshold} among the {len(union)} reported: {len(true)}")
    for name, found in (("tidings", tidings), ("datasketch", datasketch)):
        hit = len(found & true)
        print(f"  found by {name:<11} {hit:8d}  ({hit / len(true) if true else 1:.1%});"
              f" {len(found - true)} reported pairs below the threshold")
    missed = sorted(datasketch - tidings, key=jaccard, reverse=True)[:5]
    if missed:
        print("  highest-Jaccard datasketch pairs tidings missed: "
              + ", ".join(f"{a}-{b} {jaccard((a, b)):.2f}" for a, b in missed))
    print(f"FOUND_SHARE {share:.4f}")


if __name__ == "__main__":
    main()
