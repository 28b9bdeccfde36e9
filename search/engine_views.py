"""The exploration views on the engine facade (a mixin of `Engine`): KWIC, trends, speakers,
related entities and collocates, with the per-index aggregates they share, kept in one place
apart from indexing, search and articles."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import query as wq
from whoosh.searching import Searcher

from .engine_workspace import WorkspaceViews
from .errors import QueryError
from .models import CorpusEntity
from .views.common import CanonicalNames, DocSummary, Summaries, SummaryCache
from .views.frequencies import FrequencyCache

if TYPE_CHECKING:  # the views load when first asked for
    from .views.collocates import CollocatesResult
    from .views.kwic import KwicMemo, KwicResult
    from .views.related import RelatedResult
    from .views.speakers import SpeakersResult
    from .views.trends import TrendsResult


class ExplorationViews(WorkspaceViews):
    """The views; expects `index_path`, the caches below and `_corpus_entities` from `Engine`."""

    index_path: Path
    _summaries: SummaryCache | None
    _names: tuple[tuple[int, str], CanonicalNames] | None
    _frequencies: FrequencyCache | None
    _kwic_memo: KwicMemo | None

    def _corpus_entities(self) -> list[CorpusEntity]:  # pragma: no cover - provided by Engine
        raise NotImplementedError

    def kwic(
        self,
        query: str,
        width: int = 40,
        sort: str = "date",
        limit: int | None = None,
        filters: list[str] | None = None,
    ) -> KwicResult:
        """Every occurrence of what the query matches, with `width` characters either side."""
        from .views.common import scope_query
        from .views.kwic import SORT_KEYS, KwicMemo, kwic

        if sort not in SORT_KEYS:
            raise QueryError(f"unknown sort '{sort}'; use one of {', '.join(SORT_KEYS)}")
        parsed = scope_query(query, filters, self.parse)
        with self._lock:
            searcher = self._open_searcher()
            if self._kwic_memo is None:
                self._kwic_memo = KwicMemo()
            return kwic(searcher, query, parsed, width, sort, limit, self._kwic_memo)

    def trends(
        self, queries: list[str], by: str = "month", filters: list[str] | None = None
    ) -> TrendsResult:
        """Articles matching each query per period, and their share of the period's articles."""
        from .views.common import scope_query
        from .views.trends import trends

        parsed = [(text, self.parse(text)) for text in queries]
        scope = scope_query(None, filters, self.parse)
        with self._lock:
            return trends(self._open_searcher(), parsed, scope, by)

    def speakers(
        self, query: str | None = None, limit: int | None = None, filters: list[str] | None = None
    ) -> SpeakersResult:
        """Who is quoted in the query's hits (or the corpus), most quotations first."""
        from .views.speakers import speakers

        _, docs = self._scoped_summaries(query, filters)
        corrections = self.corrections()
        correct = corrections.speaker if corrections else None
        return speakers(docs, self._view_names().person_names(), limit, correct)

    def related(
        self,
        name: str,
        type: str | None = None,
        limit: int | None = None,
        query: str | None = None,
        filters: list[str] | None = None,
    ) -> RelatedResult:
        """Entities named in the same articles as `name`, by log-likelihood (see views.related)."""
        from .views.related import related

        summaries, docs = self._scoped_summaries(query, filters)
        corrections = self.corrections()
        resolve = corrections.resolve if corrections else None
        names = self._view_names()
        return related(docs, summaries.keys, names, name, type, limit, resolve)

    def collocates(
        self,
        word: str,
        window: int = 5,
        limit: int | None = None,
        measure: str = "ll",
        query: str | None = None,
        filters: list[str] | None = None,
        min_count: int = 1,
    ) -> CollocatesResult:
        """Words within `window` words of `word` more often than chance (see views.collocates)."""
        from .query import combine
        from .views.collocates import collocates
        from .views.common import scope_query

        node = self.parse(word)
        scope = combine([node, scope_query(query, filters, self.parse)])
        with self._lock:
            searcher = self._open_searcher()
            frequencies = self._word_frequencies(searcher)
            return collocates(
                searcher, word, node, scope, window, measure, limit, min_count, frequencies
            )

    def _scoped_summaries(
        self, query: str | None, filters: list[str] | None
    ) -> tuple[Summaries, list[DocSummary]]:
        """All per-article summaries, and those of the articles a query and filters match."""
        from .views.common import doc_ids, matching_docnums, scope_query

        scope = scope_query(query, filters, self.parse)
        with self._lock:
            searcher = self._open_searcher()
            summaries = self._view_summaries(searcher)
            if isinstance(scope, wq.Every):
                return summaries, list(summaries.docs.values())
            ids = doc_ids(searcher, matching_docnums(searcher, scope))
        return summaries, [summaries.docs[i] for i in ids if i in summaries.docs]

    def _view_summaries(self, searcher: Searcher) -> Summaries:
        if self._summaries is None:
            self._summaries = SummaryCache(self.index_path)
        return self._summaries.get(searcher)

    def _word_frequencies(self, searcher: Searcher) -> dict[str, int]:
        if self._frequencies is None:
            self._frequencies = FrequencyCache(self.index_path)
        return self._frequencies.get(searcher)

    def _view_names(self) -> CanonicalNames:
        """Corpus-wide entity names (corrected), kept in memory for the index generation and
        corrections they come from."""
        with self._lock:
            stamp = (self._open_searcher().reader().generation(), self.corrections_stamp())
            if self._names is None or self._names[0] != stamp:
                self._names = (stamp, CanonicalNames(self._corpus_entities()))
            return self._names[1]
