"""The corpus-wide aggregate written at index time: the same answers as aggregating the articles,
kept right by incremental updates, and read without loading the articles' stored fields."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from corpus_tui.search import merging
from corpus_tui.search.aggregate import AGGREGATE_NAME, AggregateReader
from corpus_tui.search.engine import Engine
from corpus_tui.search.manifest import JOURNAL_NAME, MANIFEST_NAME, Manifest
from tests.paths import SAMPLE_CORPUS, SEEDS
from tests.stored_reads import count_stored_reads


def _answers(engine: Engine) -> dict[str, Any]:
    """Every corpus-wide listing the aggregate can answer, as JSON-ready data."""
    return {
        "entities": engine.entities().model_dump(),
        "places": engine.entities(type="place", limit=3, offset=1).model_dump(),
        "quotes": engine.quotes().model_dump(),
        "quote page": engine.quotes(limit=4, offset=2).model_dump(),
        "speakers": engine.speakers().model_dump(),
    }


def _from_articles(engine: Engine) -> dict[str, Any]:
    """The same listings aggregated from the articles themselves (no aggregate file)."""
    aggregate = engine.index_path / AGGREGATE_NAME
    aside = aggregate.with_name("aggregate-aside")
    aggregate.rename(aside)
    try:
        fresh = Engine(engine.corpus_path, engine.index_path)
        answers = _answers(fresh)
        fresh.close()
    finally:
        aside.rename(aggregate)
    for cache in engine.index_path.glob("corpus-tui-entities.json"):
        cache.unlink()
    return answers


def _aggregate_in_step(engine: Engine) -> bool:
    generation = engine.index_generation()
    reader = AggregateReader.open(engine.index_path, str(generation))
    if reader is None:
        return False
    reader.close()
    return True


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, folder)
    return folder


def test_the_aggregate_answers_as_the_articles_do_after_changes(
    corpus: Path, tmp_path: Path
) -> None:
    engine = Engine(corpus, tmp_path / "ix")
    engine.update_index()
    assert _aggregate_in_step(engine)
    assert _answers(engine) == _from_articles(engine)

    # One article changed (another's text under a new headline), one added, one removed.
    seeds = sorted(SEEDS.glob("*.txt"))
    changed = sorted(corpus.glob("*.txt"))[0]
    changed.write_text("A changed headline\n\n" + seeds[0].read_text(encoding="utf-8"), "utf-8")
    shutil.copy(seeds[1], corpus / "zz-added.txt")
    sorted(corpus.glob("*.txt"))[2].unlink()
    before = _answers(engine)
    summary = engine.update_index()
    assert (summary.changed, summary.new, summary.removed) == (1, 1, 1)
    assert _aggregate_in_step(engine)
    after = _answers(engine)
    assert after != before
    assert after == _from_articles(engine)
    engine.close()


def test_a_corpus_listing_reads_no_stored_articles(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(corpus, tmp_path / "ix")
    engine.update_index()
    reads = count_stored_reads(engine, monkeypatch)
    assert engine.entities(limit=50).entities
    assert engine.quotes(limit=50).quotes
    assert engine.entities(type="person", limit=5, offset=1).entities
    assert reads == []
    engine.close()


def test_an_aggregate_out_of_step_is_not_used_and_the_next_update_rebuilds_it(
    corpus: Path, tmp_path: Path
) -> None:
    engine = Engine(corpus, tmp_path / "ix")
    engine.update_index()
    expected = _answers(engine)
    aggregate = tmp_path / "ix" / AGGREGATE_NAME
    aggregate.unlink()  # as if the run had died between the index's commit and the aggregate's
    assert not _aggregate_in_step(engine)
    assert _answers(engine) == expected  # from the articles meanwhile
    (corpus / "zz-added.txt").write_text(
        'Harbour board vote\n\nThe harbour board met. "We will dredge," said Ana Costa.\n',
        encoding="utf-8",
    )
    engine.update_index()
    assert _aggregate_in_step(engine)
    assert _answers(engine) == _from_articles(engine)
    engine.close()


def test_a_small_update_appends_to_the_manifest_journal(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    engine = Engine(corpus, index)
    engine.update_index()
    whole = (index / MANIFEST_NAME).read_bytes()
    (corpus / "zz-added.txt").write_text("A new headline\n\nSome body text.\n", encoding="utf-8")
    sorted(corpus.glob("0*.txt"))[0].unlink()
    engine.update_index()
    assert (index / MANIFEST_NAME).read_bytes() == whole  # not rewritten
    manifest = Manifest.load(index)
    assert manifest is not None
    assert "zz-added.txt" in manifest.files
    assert not any(rel.startswith("001") for rel in manifest.files)
    # A line cut short by a kill is ignored: the records before it stand.
    with open(index / JOURNAL_NAME, "a", encoding="utf-8") as journal:
        journal.write('{"path": "zz-added.txt", "rec')
    reloaded = Manifest.load(index)
    assert reloaded is not None and reloaded.files == manifest.files
    assert not engine.is_stale()
    engine.close()


class _Segment:
    def __init__(self, docs: int) -> None:
        self.docs = docs

    def doc_count_all(self) -> int:
        return self.docs


class _Writer:
    storage = schema = None

    def __init__(self) -> None:
        self.merged: list[int] = []

    def add_reader(self, reader: Any) -> None:
        self.merged.append(reader.docs)


def test_a_small_update_never_merges_large_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merging, "SegmentReader", lambda storage, schema, seg: _FakeReader(seg))
    big = [_Segment(merging.SMALL_SEGMENT_DOCS) for _ in range(30)]
    tiny = [_Segment(1) for _ in range(merging.TIER_WIDTH - 1)]
    writer = _Writer()
    assert merging.merge_small_tiers(writer, big + tiny) == big + tiny  # nothing to merge yet
    assert writer.merged == []
    kept = merging.merge_small_tiers(writer, [*big, *tiny, _Segment(2), _Segment(50)])
    assert writer.merged == [1] * (merging.TIER_WIDTH - 1) + [2]
    assert [s.docs for s in kept] == [merging.SMALL_SEGMENT_DOCS] * 30 + [50]
    assert merging.merge_policy(5) is merging.merge_small_tiers
    assert merging.merge_policy(merging.SMALL_SEGMENT_DOCS) is not merging.merge_small_tiers


class _FakeReader:
    def __init__(self, segment: _Segment) -> None:
        self.docs = segment.docs

    def close(self) -> None:
        pass


def _story(day: int, quote: str) -> str:
    return f"Channel news {day}\n\nPORTVALE, 2024-03-{day:02d} (Coast Wire) - {quote} Fishers were glad.\n"


def test_a_lone_surname_joins_and_leaves_its_full_name_as_articles_come_and_go(
    tmp_path: Path,
) -> None:
    """The merge after an update reaches names the update did not mention itself: the one
    full name a surname belongs to changes when another article brings a second one."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "b.txt").write_text(_story(5, '"The channel is ready," Costa said.'), "utf-8")
    engine = Engine(corpus, tmp_path / "ix")
    engine.update_index()

    def costa() -> list[tuple[str, list[str]]]:
        people = engine.entities(type="person").entities
        return sorted((e.name, e.aliases) for e in people if "Costa" in e.name)

    assert costa() == [("Costa", [])]
    (corpus / "a.txt").write_text(
        _story(2, '"We will dredge," said board chair Ana Costa.'), "utf-8"
    )
    engine.update_index()
    assert costa() == [("Ana Costa", ["Costa"])]
    assert _answers(engine) == _from_articles(engine)
    (corpus / "c.txt").write_text(_story(7, '"Not yet," said harbour master Luis Costa.'), "utf-8")
    engine.update_index()
    assert costa() == [("Ana Costa", []), ("Costa", []), ("Luis Costa", [])]
    assert _answers(engine) == _from_articles(engine)
    (corpus / "c.txt").unlink()
    engine.update_index()
    assert costa() == [("Ana Costa", ["Costa"])]
    assert _answers(engine) == _from_articles(engine)
    engine.close()
