"""Where the tests' fixtures live, named once so a test file can move between folders."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLE_CORPUS = DATA / "sample_corpus"
MIXED_CORPUS = DATA / "mixed_corpus"
SEEDS = ROOT / "seeds"
BENCH = ROOT / "bench"
ENGINE = ROOT / "search"
