"""Whoosh's lookups made cheaper answer exactly as Whoosh's own do."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import fields, index
from whoosh.filedb.filetables import OrderedHashReader
from whoosh.query import FuzzyTerm

from corpus_tui.search.backends.whoosh_speedups import (
    SEEK_STRIDE,
    seek_words_through_a_sparse_index,
)


def _vocabulary(count: int) -> list[str]:
    generator = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = {
        "".join(generator.choice(letters) for _ in range(generator.randint(2, 9)))
        for _ in range(count)
    }
    return sorted(words)


def _index(folder: Path, words: list[str]) -> index.Index:
    ix = index.create_in(str(folder), fields.Schema(body=fields.TEXT(), title=fields.TEXT()))
    writer = ix.writer()
    for start in range(0, len(words), 50):
        chunk = words[start : start + 50]
        writer.add_document(body=" ".join(chunk), title=" ".join(chunk[:5]))
    writer.commit()
    return ix


def test_the_sparse_seek_finds_the_same_word_as_the_whole_search(tmp_path: Path) -> None:
    """For words in the vocabulary, between its words, before the first and after the last
    (of each field, keys being field and word), both searches land on the same position."""
    seek_words_through_a_sparse_index()
    words = _vocabulary(3000)
    ix = _index(tmp_path, words)
    whole_search = OrderedHashReader.closest_key_pos.whole_search  # type: ignore[attr-defined]
    with ix.searcher() as searcher:
        terms = searcher.reader()._terms._tindex  # the segment's vocabulary on disk
        assert isinstance(terms, OrderedHashReader) and terms.indexlen > 3 * SEEK_STRIDE
        keys = [key for key, _ in terms.items()]
        probes = [b"", b"\x00", b"\xff\xff", *keys, *(key + b"a" for key in keys)]
        probes += [key[:-1] for key in keys if len(key) > 1]
        for probe in probes:
            assert terms.closest_key_pos(probe) == whole_search(terms, probe), probe


def test_fuzzy_terms_match_the_same_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fuzzy term's words, found through the sparse seek, are the ones Whoosh's own
    search of the vocabulary finds, at one and two edits."""
    seek_words_through_a_sparse_index()
    words = _vocabulary(3000)
    ix = _index(tmp_path, words)

    def fuzzy_words() -> list[set[str]]:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            return [
                {str(found) for found in FuzzyTerm("body", word, maxdist=edits)._btexts(reader)}
                for word in words[::37]
                for edits in (1, 2)
            ]

    sparse = fuzzy_words()
    assert sum(len(found) for found in sparse) > 2 * len(words[::37])  # neighbours, not just itself
    whole_search = OrderedHashReader.closest_key_pos.whole_search  # type: ignore[attr-defined]
    monkeypatch.setattr(OrderedHashReader, "closest_key_pos", whole_search)
    assert fuzzy_words() == sparse


def test_live_articles_are_whooshs_own_list_across_segments_and_deletions(tmp_path: Path) -> None:
    """Three segments, one with deletions: every live document number, in index order."""
    from corpus_tui.search.views.common import live_docnums

    ix = index.create_in(str(tmp_path), fields.Schema(n=fields.ID(stored=True, unique=True)))
    for start in (0, 40, 80):
        writer = ix.writer()
        for n in range(start, start + 40):
            writer.add_document(n=str(n))
        writer.commit(merge=False)
    writer = ix.writer()
    for n in (3, 41, 42, 79):
        writer.delete_by_term("n", str(n))
    writer.commit(merge=False)
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 3
        live = live_docnums(searcher)
        assert live == list(searcher.reader().all_doc_ids())
        assert len(live) == 116


def test_a_posting_list_skips_to_the_same_postings_by_bisection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Skipping through a word's postings (several blocks of 128) lands on the same document
    as Whoosh's step-by-step skip, for targets inside blocks, between them and past the end;
    the ids read from each block are the ones Whoosh's own reading gives."""
    from whoosh.codec.whoosh3 import W3LeafMatcher
    from whoosh.matching import ReadTooFar

    from corpus_tui.search.backends.whoosh_speedups import skip_inside_blocks_by_bisection

    skip_inside_blocks_by_bisection()
    ix = index.create_in(str(tmp_path), fields.Schema(body=fields.TEXT()))
    writer = ix.writer()
    generator = random.Random(3)
    for n in range(1500):
        writer.add_document(body="common" if generator.random() < 0.7 else f"other{n}")
    writer.commit()
    targets = sorted(generator.sample(range(1600), 300))

    def postings() -> tuple[list[int], list[int | None]]:
        """Every id of the word, then where each skip lands (None: past the end)."""
        with ix.searcher() as searcher:
            ids = list(searcher.postings("body", "common").all_ids())
            matcher = searcher.postings("body", "common")
            assert isinstance(matcher, W3LeafMatcher)
            found: list[int | None] = []
            for target in targets:
                try:
                    matcher.skip_to(target)
                except ReadTooFar:
                    found.append(None)
                    continue
                found.append(matcher.id() if matcher.is_active() else None)
            return ids, found

    ids, landings = postings()
    assert len(ids) > 3 * 128 and landings.count(None) < len(targets) // 2
    monkeypatch.setattr(W3LeafMatcher, "skip_to", W3LeafMatcher.skip_to.whole_steps)
    monkeypatch.setattr(W3LeafMatcher, "_read_ids", W3LeafMatcher._read_ids.one_by_one)
    assert postings() == (ids, landings)
