"""What the benchmark modules share: where the project and its command are, the corpus and
query seeds, and the progress log (on stderr, so the tables on stdout stay clean)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
PYTHON = sys.executable
CORPUS_TUI = str(Path(PYTHON).with_name("corpus-tui"))
CORPUS_SEED = 7
QUERY_SEED = 11
QUERY_COUNT = 200
WARMUP_QUERIES = 10
"""The first queries only warm the searchers up; the rest are timed."""


def log(text: str) -> None:
    """Progress on stderr: the tables on stdout stay clean for a pipe."""
    print(text, file=sys.stderr, flush=True)
