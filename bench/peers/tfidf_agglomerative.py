#!/usr/bin/env python3
"""The event-clustering baseline issue 16 names: TF-IDF over each article's title and text, average-link
agglomerative clustering on cosine distance, cut at the distance that scores best against the gold events (an oracle:
no real run knows the gold, so the baseline's figure is a ceiling for it).

    bench/peers/tfidf_agglomerative.py GOLD.jsonl        (records with "id", "title", "text", "event")

Needs numpy and scipy (Debian: python3-numpy python3-scipy; see setup-datasketch.sh). Tries cuts 0.01 apart, prints
pairwise P/R/F1 at every fifth and the best one, scored like `tidings eval clusters --level event`.
"""
import json
import math
import re
import sys
from collections import Counter

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix

WORD = re.compile(r"\b\w\w+\b")


def read(path):
    ids, docs, gold = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            ids.append(r["id"])
            docs.append(((r.get("title") or "") + "\n" + (r.get("text") or "")).lower())
            gold.append(str(r["event"]))
    return ids, docs, gold


def tfidf(docs):
    counts = [Counter(WORD.findall(d)) for d in docs]
    df = Counter(w for c in counts for w in c)
    vocab = {w: i for i, w in enumerate(sorted(df))}
    n = len(docs)
    rows, cols, vals = [], [], []
    for row, c in enumerate(counts):
        weights = {vocab[w]: (1 + math.log(k)) * (math.log((1 + n) / (1 + df[w])) + 1) for w, k in c.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        for col, v in weights.items():
            rows.append(row)
            cols.append(col)
            vals.append(v / norm)
    return csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))


def pairwise(gold, predicted):
    def pairs(labels):
        return sum(k * (k - 1) // 2 for k in Counter(labels).values())
    both = pairs(list(zip(gold, predicted)))
    p = both / max(1, pairs(predicted))
    r = both / max(1, pairs(gold))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    ids, docs, gold = read(sys.argv[1])
    x = tfidf(docs)
    similarity = (x @ x.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, None)
    condensed = distance[np.triu_indices(len(docs), k=1)]
    tree = linkage(condensed, method="average")
    best = None
    for step in range(1, 100):
        cut = step / 100
        labels = fcluster(tree, t=cut, criterion="distance")
        p, r, f1 = pairwise(gold, list(labels))
        if step % 5 == 0:
            print(f"cut {cut:.2f}  clusters {len(set(labels)):5d}  pairwise P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
        if best is None or f1 > best[3]:
            best = (cut, p, r, f1)
    print(f"best (oracle) cut {best[0]:.2f}: pairwise P {best[1]:.3f}  R {best[2]:.3f}  F1 {best[3]:.3f}  ({len(docs)} articles)")


if __name__ == "__main__":
    main()
