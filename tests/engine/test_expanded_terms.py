"""Fuzzy, prefix and wildcard terms are expanded once per segment, with Whoosh's answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import fields, index
from whoosh import query as wq
from whoosh.qparser import FuzzyTermPlugin, QueryParser

from corpus_tui.search.backends.expanded_terms import ExpansionCache, expand_multiterms

WORDS = [
    "harbour strike closes the port",
    "harbor pilots strike again",
    "the harvest came early",
    "harbours and ports of the north",
    "a strike at the harbour gates",
    "nothing to see here",
]


@pytest.fixture
def searcher(tmp_path: Path):  # noqa: ANN201
    """A Whoosh index of three segments (three commits, no merging)."""
    schema = fields.Schema(n=fields.ID(stored=True), body=fields.TEXT)
    ix = index.create_in(tmp_path, schema)
    for start in range(0, len(WORDS), 2):
        writer = ix.writer()
        for n, text in enumerate(WORDS[start : start + 2], start):
            writer.add_document(n=str(n), body=text)
        writer.commit(merge=False)
    searcher = ix.searcher()
    assert len(searcher.reader().leaf_readers()) == 3
    yield searcher
    searcher.close()


def _parse(text: str) -> wq.Query:
    parser = QueryParser("body", None)
    parser.add_plugin(FuzzyTermPlugin())
    return parser.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "harbor~",
        "harbour~2",
        "harb*",
        "h?rbour",
        "strike AND harbor~",
        "port OR harv*",
        "[harbour TO port]",
        "strike AND [a TO c]",
    ],
)
def test_an_expanded_query_finds_and_scores_what_whoosh_does(searcher, text: str) -> None:  # noqa: ANN001
    original = _parse(text)
    expanded = expand_multiterms(original, searcher)
    assert expanded != original or not any(isinstance(q, wq.MultiTerm) for q in original.leaves())
    before = [(hit["n"], round(hit.score, 6)) for hit in searcher.search(original, limit=None)]
    after = [(hit["n"], round(hit.score, 6)) for hit in searcher.search(expanded, limit=None)]
    assert after == before and before
    assert str(expanded) == str(original)


def test_a_fuzzy_term_walks_each_segment_once_per_search(searcher, monkeypatch) -> None:  # noqa: ANN001
    walks: list[object] = []
    walk = wq.FuzzyTerm._btexts

    def counted(self, reader):  # noqa: ANN001, ANN202
        walks.append(reader)
        return walk(self, reader)

    monkeypatch.setattr(wq.FuzzyTerm, "_btexts", counted)
    query = _parse("strike AND harbor~")
    searcher.search(query, limit=3)
    unexpanded = len(walks)
    walks.clear()
    cache = ExpansionCache()
    searcher.search(cache.expanded(query, searcher), limit=3)
    searcher.search(cache.expanded(query, searcher), limit=3)  # the snippets' pass, remembered
    assert len(walks) == 3 < unexpanded
