"""The exploration views on the engine facade (a mixin of `Engine`): KWIC, trends, speakers,
related entities and collocates, with the per-index aggregates they share, kept in one place
apart from indexing, search and articles."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import query as wq

from .engine_workspace import WorkspaceViews
from .errors import QueryError
from .models import CorpusEntity
from .views.common import CanonicalNames, DocSummary, Summaries, SummaryCache

if TYPE_CHECKING:  # the views load when first asked for
    from .backends import SearchBackend
    from .views.collocates import CollocatesResult
    from .views.kwic import KwicResult
    from .views.related import RelatedResult
    from .views.speakers import SpeakersResult
    from .views.trends import TrendsResult


class ExplorationViews(WorkspaceViews):
    """The views; expects `index_path`, `backend`, the caches below, `_scope` and
    `_corpus_entities` from `Engine`."""

    index_path: Path
    _summaries: SummaryCache | None
    _names: tuple[tuple[str, str], CanonicalNames] | None

    @property
    def backend(self) -> SearchBackend:  # pragma: no cover - provided by Engine
        raise NotImplementedError

    def _scope(self, query: str | None, filters: list[str] | None) -> wq.Query:  # pragma: no cover
        raise NotImplementedError

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
        from .views.kwic import SORT_KEYS

        if sort not in SORT_KEYS:
            raise QueryError(f"unknown sort '{sort}'; use one of {', '.join(SORT_KEYS)}")
        parsed = self._scope(query, filters)
        with self._lock:
            return self.backend.kwic(query, parsed, width, sort, limit)

    def trends(
        self, queries: list[str], by: str = "month", filters: list[str] | None = None
    ) -> TrendsResult:
        """Articles matching each query per period, and their share of the period's articles."""
        parsed = [(text, self.parse(text)) for text in queries]
        scope = self._scope(None, filters)
        with self._lock:
            return self.backend.trends(parsed, scope, by)

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
        from .views.collocates import CollocatesRequest

        node = self.parse(word)
        scope = combine([node, self._scope(query, filters)])
        request = CollocatesRequest(word, node, scope, window, measure, limit, min_count)
        with self._lock:
            return self.backend.collocates(request)

    def _scoped_summaries(
        self, query: str | None, filters: list[str] | None
    ) -> tuple[Summaries, list[DocSummary]]:
        """All per-article summaries, and those of the articles a query and filters match."""
        scope = self._scope(query, filters)
        with self._lock:
            if self._summaries is None:
                self._summaries = SummaryCache(self.index_path)
            summaries = self._summaries.get(self.backend)
            if isinstance(scope, wq.Every):
                return summaries, list(summaries.docs.values())
            ids = self.backend.matching_ids(scope)
        return summaries, [summaries.docs[i] for i in ids if i in summaries.docs]

    def _view_names(self) -> CanonicalNames:
        """Corpus-wide entity names (corrected), kept in memory for the index generation and
        corrections they come from."""
        with self._lock:
            stamp = (self.backend.generation(), self.corrections_stamp())
            if self._names is None or self._names[0] != stamp:
                self._names = (stamp, CanonicalNames(self._corpus_entities()))
            return self._names[1]
