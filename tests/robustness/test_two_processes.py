"""Two processes at once: two writers end with a consistent index; readers never wait or fail."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from corpus_tui.search.engine import Engine

from .test_faults import cli_command, indexed_ids, small_batch_command, write_news_corpus

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("existing", [0, 100], ids=["fresh-index", "incremental"])
def test_two_index_runs_at_once_end_consistent(tmp_path: Path, existing: int) -> None:
    corpus = tmp_path / "corpus"
    index = tmp_path / "ix"
    names = write_news_corpus(corpus, existing) if existing else []
    if existing:
        Engine(corpus, index).update_index()
    # Committing every SMALL_BATCH articles (then doubling), as the real batches do at ten
    # times the size: a run holds the lock over several commits.
    names += write_news_corpus(corpus, 400, start=existing)
    runs = [
        subprocess.Popen(
            small_batch_command(corpus, index, "index"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outcomes = []
    for run in runs:
        out, err = run.communicate(timeout=180)
        outcomes.append((run.returncode, out, err))
    codes = sorted(code for code, _, _ in outcomes)
    assert codes in ([0, 0], [0, 1]), outcomes
    for code, _, err in outcomes:
        assert "Traceback" not in err
        if code == 1:
            assert "busy" in err and err.count("\n") == 1
    waited = [err for _, _, err in outcomes if "busy" in err]
    assert len(waited) == 1, "the runs did not overlap, or both waited"
    ids = indexed_ids(corpus, index)
    assert len(ids) == len(set(ids)) == len(names)
    assert sorted(ids) == sorted(names)
    assert not list(tmp_path.glob("ix.set-aside-*"))  # Neither run mistook the other's for foreign.


def test_readers_during_a_write_never_block_or_fail(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    index = tmp_path / "ix"
    first = write_news_corpus(corpus, 100)
    Engine(corpus, index).update_index()
    write_news_corpus(corpus, 500, start=100)
    events = tmp_path / "events.jsonl"
    with open(events, "w", encoding="utf-8") as sink:  # A file never fills up like a pipe.
        writer = subprocess.Popen(
            small_batch_command(corpus, index, "index", "--progress-json"),
            stdout=sink,
            stderr=subprocess.DEVNULL,
        )
    deadline = time.monotonic() + 60
    while not events.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.02)  # Until the first event: the writer holds the lock and reads files.
    engine = Engine(corpus, index)
    overlapped = 0
    totals: list[int] = []
    while writer.poll() is None:
        started = time.perf_counter()
        done = subprocess.run(
            cli_command(corpus, index, "search", "*", "--json", "--limit", "100000"),
            capture_output=True,
            text=True,
            timeout=60,
        )
        elapsed = time.perf_counter() - started
        assert done.returncode == 0, done.stderr
        assert elapsed < 10, "the reader waited for the writer"
        ids = [hit["id"] for hit in json.loads(done.stdout)["hits"]]
        assert len(ids) == len(set(ids))
        in_process = engine.search("*", limit=100_000)
        assert len({hit.id for hit in in_process.hits}) == in_process.total
        totals.append(len(ids))
        if writer.poll() is None:
            overlapped += 1
            human = subprocess.run(
                cli_command(corpus, index, "search", "council"),
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert human.returncode == 0, human.stderr
            if writer.poll() is None:
                assert "answering from what it has committed" in human.stderr
    assert writer.wait() == 0
    assert overlapped >= 1, "no search ran while the index was being written"
    assert all(len(first) <= total <= 600 for total in totals)
    assert totals == sorted(totals)  # Commits only ever add: no reader saw a shrinking index.
    assert len(indexed_ids(corpus, index)) == 600
