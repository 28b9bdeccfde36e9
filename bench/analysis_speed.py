"""Time entity and quotation extraction per 5 KB of article text, on one core.

    python bench/analysis_speed.py [--rounds N]

Articles are the gold-set texts, cut or joined to about 5 KB each. The first call (which loads
the gazetteer) is timed separately in a fresh process; the per-article figures are warm.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus_tui.search.analysis import analyse

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "data" / "gold"
TARGET_BYTES = 5 * 1024
GOAL_MS = 10.0


def articles() -> list[str]:
    """Gold texts joined paragraph-wise into ~5 KB articles (each distinct)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(GOLD_DIR.rglob("*.txt"))]
    paragraphs = [para for text in texts for para in text.split("\n\n") if para.strip()]
    built: list[str] = []
    for offset in range(len(texts)):
        chosen: list[str] = []
        k = offset * 3
        while len("\n\n".join(chosen).encode()) < TARGET_BYTES:
            chosen.append(paragraphs[k % len(paragraphs)])
            k += 1
        built.append("\n\n".join(chosen))
    return built


def cold_start_ms() -> float:
    """First `analyse` call in a fresh interpreter: gazetteer and word lists loaded."""
    code = (
        "import time\n"
        "from corpus_tui.search.analysis import analyse\n"
        "t = time.perf_counter(); analyse('Lena Kowalski said: “Yes.”')\n"
        "print((time.perf_counter() - t) * 1000)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    docs = articles()
    analyse(docs[0])  # warm: load the lists once
    per_article: list[float] = []
    for _ in range(args.rounds):
        for doc in docs:
            start = time.perf_counter()
            analyse(doc)
            elapsed = (time.perf_counter() - start) * 1000
            per_article.append(elapsed * TARGET_BYTES / len(doc.encode()))
    per_article.sort()
    median = statistics.median(per_article)
    p95 = per_article[int(len(per_article) * 0.95) - 1]
    print(f"articles: {len(docs)} of ~5 KB, {args.rounds} rounds, one process")
    print(f"per 5 KB article: median {median:.2f} ms, p95 {p95:.2f} ms (goal < {GOAL_MS} ms)")
    print(f"first call in a fresh process (loads the lists): {cold_start_ms():.0f} ms")
    return 0 if median < GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
