"""The benchmark corpus generator: deterministic bytes and news-like structure."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.paths import BENCH as BENCH_DIR

DATELINE = re.compile(
    r"^[A-Z][a-z]+, (January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d{1,2}(, \d{4})? \([A-Za-z]+\)",
    re.M,
)
ATTRIBUTED_QUOTE = re.compile(r'["“][^"”]{10,},["”] (said|[A-Z]\w+)')


@pytest.fixture(scope="module")
def make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_make_corpus", BENCH_DIR / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while building the class
    spec.loader.exec_module(module)
    return module


def _read_all(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.txt"))}


def test_same_seed_gives_identical_bytes_whatever_the_worker_count(
    make_corpus: ModuleType, tmp_path: Path
) -> None:
    make_corpus.make_corpus(40, tmp_path / "a", seed=5, workers=1)
    make_corpus.make_corpus(40, tmp_path / "b", seed=5, workers=2)
    first, second = _read_all(tmp_path / "a"), _read_all(tmp_path / "b")
    assert len(first) == 40
    assert first == second


def test_another_seed_gives_other_articles(make_corpus: ModuleType, tmp_path: Path) -> None:
    make_corpus.make_corpus(5, tmp_path / "a", seed=5)
    make_corpus.make_corpus(5, tmp_path / "b", seed=6)
    first, second = _read_all(tmp_path / "a"), _read_all(tmp_path / "b")
    assert first.keys() == second.keys()
    assert all(first[name] != second[name] for name in first)


def test_articles_look_like_wire_stories(make_corpus: ModuleType, tmp_path: Path) -> None:
    make_corpus.make_corpus(30, tmp_path, seed=3, workers=1)
    texts = [data.decode("utf-8") for data in _read_all(tmp_path).values()]
    for text in texts:
        lines = [line for line in text.splitlines() if line.strip()]
        assert len(lines[0].split()) <= 12, "the first line is a headline or a site banner"
        assert DATELINE.search(text), text[:300]
        assert len(ATTRIBUTED_QUOTE.findall(text)) >= 2, text
        assert 450 <= len(text.split()) <= 1000
    vocabulary = {w.strip('.,"“”').lower() for text in texts for w in text.split()}
    assert len(vocabulary) > 2000, "a realistic vocabulary, not a handful of repeated words"
    assert any("More news" in text for text in texts), "some pages carry web clutter"


def test_command_line_writes_the_requested_count(make_corpus: ModuleType, tmp_path: Path) -> None:
    assert make_corpus.main(["12", str(tmp_path / "out"), "--seed", "2", "--workers", "1"]) == 0
    assert len(_read_all(tmp_path / "out")) == 12
