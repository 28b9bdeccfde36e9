"""The exploration views on a corpus with no articles answer with nothing, never a crash.

Whoosh opens an index without documents through its EmptyReader, which has no columns at all:
KWIC's and trends' article ordering used to raise NotImplementedError (a traceback on the CLI).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_tui.search.engine import Engine


@pytest.fixture()
def empty_engine(tmp_path: Path) -> Engine:
    corpus = tmp_path / "empty"
    corpus.mkdir()
    engine = Engine(corpus, tmp_path / "index")
    engine.update_index()
    return engine


def test_every_view_answers_nothing_on_an_empty_corpus(empty_engine: Engine) -> None:
    assert empty_engine.kwic("x").lines == []
    assert empty_engine.kwic("x", sort="1L").total == 0
    series = empty_engine.trends(["x"], by="year").series
    assert [(s.total, s.undated, s.points) for s in series] == [(0, 0, [])]
    assert empty_engine.speakers().speakers == []
    assert empty_engine.collocates("x").collocates == []


def test_kwic_on_an_empty_corpus_is_zero_lines_on_the_cli(tmp_path: Path) -> None:
    corpus = tmp_path / "empty"
    corpus.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "corpus_tui.search", "--corpus", str(corpus)]
        + ["--index", str(tmp_path / "index"), "kwic", "x", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout) == {"query": "x", "total": 0, "lines": []}
