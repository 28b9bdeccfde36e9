"""Incremental indexing: only new, changed and removed files are touched, each article once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from corpus_tui.search import index as indexing
from corpus_tui.search import index_folder, ingest, pool
from corpus_tui.search.engine import Engine
from corpus_tui.search.errors import IndexBusy
from corpus_tui.search.manifest import MANIFEST_NAME
from tests.paths import SAMPLE_CORPUS


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, target)
    return target


def index_is_current(index_dir: Path) -> bool:
    """An index with this schema and analysis exists, has a manifest, and can be read."""
    return index_folder.manifest_is_current(index_dir) and index_folder.inspect_index(
        index_dir
    ) == (True, None)


def ids_in_index(engine: Engine) -> list[str]:
    return sorted(hit.id for hit in engine.search("*", limit=1000).hits)


def test_first_build_then_nothing_to_do(corpus_copy: Path, tmp_path: Path) -> None:
    engine = Engine(corpus_copy, tmp_path / "ix")
    first = engine.update_index()
    assert (first.documents, first.new, first.unchanged) == (6, 6, 0)
    assert not engine.is_stale()
    second = engine.update_index()
    assert (second.documents, second.new, second.changed, second.unchanged) == (6, 0, 0, 6)
    assert engine.has_index() and not engine.is_stale()


def test_edit_delete_rename(corpus_copy: Path, tmp_path: Path) -> None:
    engine = Engine(corpus_copy, tmp_path / "ix")
    engine.update_index()
    edited = corpus_copy / "002_veltrix-gdansk-expansion.txt"
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nQuokkaword appears now.\n", encoding="utf-8"
    )
    (corpus_copy / "005_steel-tariffs-defence-industry.txt").unlink()
    (corpus_copy / "006_kyiv-coproduction-deal.txt").rename(corpus_copy / "007_renamed.txt")
    assert engine.is_stale()
    summary = engine.update_index()
    assert (summary.new, summary.changed, summary.removed, summary.unchanged) == (1, 1, 2, 3)
    assert summary.documents == 5
    ids = ids_in_index(engine)
    assert "007_renamed.txt" in ids and "006_kyiv-coproduction-deal.txt" not in ids
    assert len(ids) == len(set(ids)) == 5
    assert [h.id for h in engine.search("quokkaword").hits] == ["002_veltrix-gdansk-expansion.txt"]


def test_touched_but_unchanged_file_is_not_reindexed(corpus_copy: Path, tmp_path: Path) -> None:
    engine = Engine(corpus_copy, tmp_path / "ix")
    engine.update_index()
    target = corpus_copy / "001_nato-ammunition-fund.txt"
    target.write_bytes(target.read_bytes())
    summary = engine.update_index()
    assert (summary.changed, summary.unchanged) == (0, 6)
    assert not engine.is_stale()


def test_rebuild_after_schema_change(corpus_copy: Path, tmp_path: Path, monkeypatch) -> None:
    engine = Engine(corpus_copy, tmp_path / "ix")
    engine.update_index()
    monkeypatch.setattr(index_folder, "SCHEMA_VERSION", index_folder.SCHEMA_VERSION + 1)
    assert not index_is_current(tmp_path / "ix")
    summary = indexing.update_index(corpus_copy, tmp_path / "ix")
    assert (summary.new, summary.documents) == (6, 6)


def test_rebuild_after_analysis_rules_change(
    corpus_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    """Unchanged files are analysed again when the rules that analyse them change."""
    engine = Engine(corpus_copy, tmp_path / "ix")
    engine.update_index()
    assert not engine.is_stale()
    monkeypatch.setattr(index_folder, "ANALYSIS_VERSION", index_folder.ANALYSIS_VERSION + 1)
    assert engine.is_stale()
    assert not index_is_current(tmp_path / "ix")
    notices: list[str] = []
    summary = indexing.update_index(corpus_copy, tmp_path / "ix", notice=notices.append)
    assert (summary.new, summary.unchanged, summary.documents) == (6, 0, 6)
    assert any("analysis version" in notice for notice in notices)
    assert index_is_current(tmp_path / "ix")


def test_manifest_without_analysis_version_is_rebuilt(corpus_copy: Path, tmp_path: Path) -> None:
    """An index written before analysis versions were recorded counts as stale."""
    engine = Engine(corpus_copy, tmp_path / "ix")
    engine.update_index()
    manifest_path = tmp_path / "ix" / MANIFEST_NAME
    data = json.loads(manifest_path.read_text(encoding="utf-8"))
    del data["analysis_version"]
    manifest_path.write_text(json.dumps(data), encoding="utf-8")
    assert engine.is_stale()
    assert engine.update_index().new == 6


def test_second_writer_waits_then_reports_busy(corpus_copy: Path, tmp_path: Path) -> None:
    engine = Engine(corpus_copy, tmp_path / "ix")
    engine.update_index()
    holder = whoosh_index.open_dir(str(tmp_path / "ix")).writer()
    try:
        (corpus_copy / "new.txt").write_text(
            "A new headline\n\nSome body text here.\n", encoding="utf-8"
        )
        notices: list[str] = []
        with pytest.raises(IndexBusy, match="busy"):
            engine.update_index(lock_wait=0.3, notice=notices.append)
        assert notices and "busy" in notices[0]
    finally:
        holder.cancel()
    assert engine.update_index().new == 1


def test_foreign_directory_is_set_aside(corpus_copy: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    index_dir.mkdir()
    (index_dir / "notes.txt").write_text("somebody's file", encoding="utf-8")
    notices: list[str] = []
    summary = Engine(corpus_copy, index_dir).update_index(notice=notices.append)
    assert summary.documents == 6
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("ix.set-aside-")]
    assert (
        len(aside) == 1
        and (aside[0] / "notes.txt").read_text(encoding="utf-8") == "somebody's file"
    )
    assert notices and "moved" in notices[0]


def test_parallel_build_matches_serial(corpus_copy: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pool, "POOL_THRESHOLD", 1)
    parallel = Engine(corpus_copy, tmp_path / "p")
    parallel.update_index(processes=2)
    serial = Engine(corpus_copy, tmp_path / "s")
    serial.update_index(processes=1)
    assert ids_in_index(parallel) == ids_in_index(serial)
    assert parallel.article("003").model_dump() == serial.article("003").model_dump()


def test_an_overlong_article_is_refused_and_its_neighbours_kept(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(ingest, "MAX_ARTICLE_CHARS", 2_000)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    long_body = "The harbour board met again. " * 100
    (corpus / "long.txt").write_text(f"A long report\n\n{long_body}\n", encoding="utf-8")
    rows = [{"title": "Short", "text": "Brief harbour note."}, {"title": "Long", "text": long_body}]
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    summary = Engine(corpus, tmp_path / "ix").update_index(processes=1)
    reasons = {item.path: item.reason for item in summary.skipped}
    assert "article too long" in reasons["long.txt"] and "2,000" in reasons["long.txt"]
    assert summary.documents == 1
    assert [h.id for h in Engine(corpus, tmp_path / "ix").search("harbour").hits] == [
        "feed.jsonl#1"
    ]


def test_articles_committed_but_missing_from_the_manifest_are_not_doubled(
    corpus_copy: Path, tmp_path: Path
) -> None:
    """A kill between a batch's commit and its manifest save: the next run must not add twice."""
    from corpus_tui.search.manifest import Manifest

    engine = Engine(corpus_copy, tmp_path / "ix")
    engine.update_index()
    manifest = Manifest.load(tmp_path / "ix")
    assert manifest is not None
    del manifest.files["003_buy-european-rule-dispute.txt"]
    manifest.save(tmp_path / "ix")
    summary = engine.update_index()
    assert (summary.new, summary.documents) == (1, 6)
    ids = ids_in_index(engine)
    assert len(ids) == len(set(ids)) == 6
