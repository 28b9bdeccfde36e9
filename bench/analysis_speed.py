"""Time entity and quotation extraction per 5 KB of article text, on one core.

    python bench/analysis_speed.py [--rounds N]

Articles are the gold-set texts, cut or joined to about 5 KB each. The first call (which loads
the gazetteer) is timed separately in a fresh process; the per-article figures are warm.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus_tui.search.analysis import analyse

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "data" / "gold"
DOC_PATH = ROOT / "docs" / "analysis.md"
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
    parser.add_argument("--write", action="store_true", help="update docs/analysis.md")
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
    lines = [
        f"{len(docs)} articles of ~5 KB, {args.rounds} rounds, one process, "
        f"{platform.python_implementation()} {platform.python_version()}:",
        "",
        "| measure | ms |",
        "| --- | ---: |",
        f"| per 5 KB article, median | {median:.2f} |",
        f"| per 5 KB article, p95 | {p95:.2f} |",
        f"| first call in a fresh process (loads the lists) | {cold_start_ms():.0f} |",
        "",
        f"Goal: under {GOAL_MS:.0f} ms per 5 KB article.",
    ]
    report = "\n".join(lines)
    print(report)
    if args.write:
        write_section(report)
    return 0 if median < GOAL_MS else 1


def write_section(markdown: str) -> None:
    """Replace the speed figures between the markers in docs/analysis.md."""
    start_mark, end_mark = "<!-- speed:start -->", "<!-- speed:end -->"
    text = DOC_PATH.read_text(encoding="utf-8")
    if start_mark not in text or end_mark not in text:
        raise SystemExit(f"{DOC_PATH}: speed markers not found")
    head, rest = text.split(start_mark, 1)
    _, tail = rest.split(end_mark, 1)
    DOC_PATH.write_text(f"{head}{start_mark}\n{markdown}\n{end_mark}{tail}", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
