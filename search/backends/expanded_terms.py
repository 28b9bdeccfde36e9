"""Wildcard, prefix and fuzzy terms expanded once per query and index generation.

Whoosh expands such a term (walks the vocabulary for the words it stands for) in every pass of
a search and in every segment: once to order the clauses of an AND, once to match, once more
for the estimated total, and again when the snippets ask which words matched. `broonly~` took
260 ms at 10,000 articles in 9 segments, 46 ms in one. Here each term is expanded once per
segment and replaced by the fixed lists of words it stood for, so the passes after the first
only look words up: the same matches and the same scores, since Whoosh's own matcher is used
on the list.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

KEPT_QUERIES = 32
"""Expanded queries remembered per searcher (the app re-asks one query's count and snippets)."""


class ExpandedTerms(wq.MultiTerm):
    """A multi-term query whose words were found already, segment by segment.

    Each segment keeps its own list: Whoosh scores a term that stands for one word in a segment
    as that word, and one that stands for several with a constant score, so a merged list
    would change the scores.
    """

    def __init__(self, original: wq.MultiTerm, found: list[tuple[Any, list[bytes]]]) -> None:
        self.original = original
        self.fieldname = original.fieldname
        self.text = getattr(original, "text", None)  # a range has two ends instead
        self.boost = original.boost
        self.constantscore = original.constantscore
        self.found = found
        """(segment reader, its words) for each segment of the searcher it was expanded on."""

    def _btexts(self, ixreader: Any) -> list[bytes]:
        for reader, words in self.found:
            if reader is ixreader:
                return words
        # Another reader (the whole index's, for an estimate): the words it holds.
        every = sorted({word for _, words in self.found for word in words})
        return [word for word in every if (self.fieldname, word) in ixreader]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ExpandedTerms) and self.original == other.original

    def __hash__(self) -> int:
        return hash(self.original)

    def __repr__(self) -> str:
        return f"ExpandedTerms({self.original!r})"

    def __str__(self) -> str:
        return str(self.original)


def expand_multiterms(q: wq.Query, searcher: Searcher) -> wq.Query:
    """`q` with every vocabulary-walking term replaced by the words it matches in the index."""
    readers = [reader for reader, _ in searcher.reader().leaf_readers()]

    def expand(node: wq.Query) -> wq.Query:
        if not isinstance(node, wq.MultiTerm) or isinstance(node, ExpandedTerms):
            return node
        try:
            found = [(reader, list(node._btexts(reader))) for reader in readers]
        except Exception:  # Whoosh raises plain Exceptions on odd terms: leave it to Whoosh.
            return node
        return ExpandedTerms(node, found)

    return q.accept(expand)


class ExpansionCache:
    """Expanded queries for the current searcher; a new searcher (a new index generation)
    starts afresh, since its vocabulary may differ."""

    def __init__(self) -> None:
        self._searcher: Searcher | None = None
        self._queries: dict[str, wq.Query] = {}

    def expanded(self, q: wq.Query, searcher: Searcher) -> wq.Query:
        """`expand_multiterms(q, searcher)`, from memory when the same query came before."""
        if searcher is not self._searcher:
            self._searcher, self._queries = searcher, {}
        key = repr(q)
        found = self._queries.get(key)
        if found is None:
            found = expand_multiterms(q, searcher)
            if len(self._queries) >= KEPT_QUERIES:
                self._queries.pop(next(iter(self._queries)))
            self._queries[key] = found
        return found
