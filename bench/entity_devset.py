"""Fast, in-process twin of the official entity scorer, for tuning rules.

    python bench/entity_devset.py [--errors FILE] [--set DIR]

Reads the development set from `../shared/devsets/conll-dev` (relative to the project root) at
run time; nothing of it is copied. Each article is read as the indexer reads it, analysed
directly, and scored as the official `score_entities.py` scores it (name, aliases and mention
texts matched against the gold names of the same type). Report the official scorer's figures;
this one only makes the inner loop a few seconds long.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

from corpus_tui.search.analysis import analyse
from corpus_tui.search.corpus_walk import walk_corpus
from corpus_tui.search.ingest import SourceFile, read_source

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT.parent / "shared" / "devsets" / "conll-dev"
TYPES = ("person", "org", "place")


def norm(text: str) -> str:
    """The official scorer's normalisation: ASCII, lower case, no leading "the", no punctuation."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", re.sub(r"^the\s+", "", text)).strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--errors", type=Path)
    args = parser.parse_args(argv)
    corpus, gold_path = args.set / "corpus", args.set / "gold.json"
    if not gold_path.exists():
        print(f"development set not found: {args.set}")
        return 0
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    stats = {t: [0, 0, 0, 0] for t in TYPES}
    errors: list[dict[str, str]] = []
    elapsed = 0.0
    for source in walk_corpus(corpus):
        if not isinstance(source, SourceFile) or source.rel not in gold:
            continue
        for doc in read_source(source).documents:
            began = time.perf_counter()
            entities, _ = analyse(doc.text, doc.title)
            elapsed += time.perf_counter() - began
            wanted = gold[source.rel]
            predicted: dict[str, list[tuple[str, set[str]]]] = {t: [] for t in TYPES}
            for entity in entities:
                if entity.type in stats:
                    forms = {norm(entity.name), *map(norm, entity.aliases)}
                    forms |= {norm(doc.text[s:e]) for s, e in entity.mentions}
                    predicted[entity.type].append((entity.name, forms))
            for kind in TYPES:
                names = set(wanted[kind])
                right = [n for n, f in predicted[kind] if f & names]
                found = [n for n in names if any(n in f for _, f in predicted[kind])]
                counts = stats[kind]
                counts[0] += len(right)
                counts[1] += len(predicted[kind])
                counts[2] += len(found)
                counts[3] += len(names)
                errors += [
                    {"file": source.rel, "kind": "false_positive", "type": kind, "name": n}
                    for n, f in predicted[kind]
                    if not f & names
                ]
                errors += [
                    {"file": source.rel, "kind": "missed", "type": kind, "name": n}
                    for n in sorted(names - set(found))
                ]
    total = [sum(v[i] for v in stats.values()) for i in range(4)]
    for kind, (tp, npred, found, ngold) in [*stats.items(), ("all", total)]:
        p, r = (tp / npred if npred else 0.0), (found / ngold if ngold else 0.0)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{kind:7s} P={p:.3f} R={r:.3f} F1={f1:.3f}  ({ngold} gold names)")
    print(f"analysis time {elapsed:.2f} s")
    if args.errors:
        args.errors.write_text(json.dumps(errors, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
