"""The first page kept beside the index: written when the engine lists every article, read
without the engine, and ignored once another commit makes it stale."""

from __future__ import annotations

import shutil
from pathlib import Path

from corpus_tui.search.engine import Engine
from corpus_tui.search.first_page import FIRST_PAGE_FILE, index_location, load_first_page


def test_listing_every_article_keeps_its_first_page_and_a_commit_makes_it_stale(
    sample_corpus: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus, corpus)
    index = tmp_path / "ix"
    engine = Engine(corpus, index)
    engine.update_index()
    assert load_first_page(index) is None  # nothing listed yet
    listed = engine.search("*", limit=3, sort="date")
    page = load_first_page(index)
    assert page is not None and page.total == listed.total
    assert [hit.id for hit in page.hits] == [hit.id for hit in listed.hits]
    assert [hit.title for hit in page.hits] == [hit.title for hit in listed.hits]
    (corpus / "late.txt").write_text("Late news\n\nA ferry ran late today.\n", encoding="utf-8")
    engine.update_index()
    assert load_first_page(index) is None  # written for the commit before
    engine.search("*", limit=3, sort="date")
    assert load_first_page(index).total == listed.total + 1  # type: ignore[union-attr]
    engine.close()


def test_a_damaged_page_is_ignored(sample_index: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    shutil.copytree(sample_index, index)
    Engine(None, index).close()
    (index / FIRST_PAGE_FILE).write_text('{"format": 1, "generation": "x", "hits": [', "utf-8")
    assert load_first_page(index) is None


def test_the_page_is_found_where_the_engine_keeps_its_index(tmp_path: Path) -> None:
    assert index_location(tmp_path, None) == Engine(tmp_path).index_path
    assert index_location(None, tmp_path / "ix") == Engine(None, tmp_path / "ix").index_path
