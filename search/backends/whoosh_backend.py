"""The embedded default backend: a Whoosh index in a local folder.

One searcher is kept open and reused; it is refreshed when another process has committed, and
`reload()` drops it. Whoosh's document numbers never leave this module: the engine speaks ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from whoosh import query as wq
from whoosh.collectors import TimeLimitCollector
from whoosh.searching import Results, Searcher, TimeLimit
from whoosh.sorting import FieldFacet, MultiFacet

from .. import index as indexing
from ..errors import IndexUnavailable, QueryError, SearchStopped
from ..models import IndexSummary
from ..query import matched_terms, suggest
from ..views.common import column, live_docnums, matching_docnums
from .base import (
    BackendHit,
    BackendPage,
    MatchedTerms,
    SearchBackend,
    Stored,
    UpdateOptions,
)
from .expanded_terms import ExpansionCache
from .whoosh_speedups import (
    seek_words_through_a_sparse_index,
    share_fuzzy_automata,
    skip_inside_blocks_by_bisection,
)

if TYPE_CHECKING:
    from ..views.collocates import CollocatesRequest, CollocatesResult
    from ..views.frequencies import FrequencyCache
    from ..views.kwic import KwicMemo, KwicResult
    from ..views.trends import TrendsResult

SEARCH_SECONDS = 10.0
"""A query still running after this long is stopped with a message rather than left to hang."""


def _newest_first() -> MultiFacet:
    return MultiFacet([FieldFacet("datekey", reverse=True), FieldFacet("id")])


class WhooshBackend(SearchBackend):
    """A Whoosh index folder (with the manifest and caches beside it)."""

    name = "whoosh"

    def __init__(self, index_path: Path, corpus: Path) -> None:
        self.index_path = index_path
        self._corpus = corpus
        self._searcher: Searcher | None = None
        self._kwic_memo: KwicMemo | None = None
        self._frequencies: FrequencyCache | None = None
        self._date_order: tuple[Searcher, list[int]] | None = None
        """Every article's document number, newest first, for the searcher it was read from."""
        self._expansions = ExpansionCache()

    # Lifecycle ---------------------------------------------------------------------------------

    def is_available(self) -> bool:
        try:
            self._open()
        except IndexUnavailable:
            return False
        return True

    def generation(self) -> str:
        return str(self._open().reader().generation())

    def latest_generation(self) -> str | None:
        generation = indexing.latest_generation(self.index_path)
        return None if generation is None else str(generation)

    def reload(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def is_stale(self, corpus: Path, ignore: Callable[[str], bool] | None) -> bool:
        return indexing.is_stale(corpus, self.index_path, ignore)

    def update(self, corpus: Path, **options: Unpack[UpdateOptions]) -> IndexSummary:
        self.reload()
        return indexing.update_index(corpus, self.index_path, **options)

    def _open(self) -> Searcher:
        """The shared searcher, refreshed when another process has committed since."""
        if self._searcher is None:
            if not indexing.manifest_is_current(self.index_path):
                raise IndexUnavailable(
                    f"no current index for {self._corpus}: run `corpus-tui index` first"
                )
            self._searcher = indexing.open_searcher(self.index_path)
        elif not self._searcher.up_to_date():
            if self._searcher.reader().generation() is None:
                # An index with no documents reads through Whoosh's EmptyReader, which has no
                # generation (so it is never "up to date") and no segments to refresh from:
                # `refresh()` fails on it with a TypeError. Reopening costs a few milliseconds.
                self.reload()
                self._searcher = indexing.open_searcher(self.index_path)
            else:
                self._searcher = self._searcher.refresh()
        return self._searcher

    # Searching and articles ----------------------------------------------------------------

    def search(
        self,
        q: wq.Query,
        offset: int,
        limit: int,
        by_date: bool,
        count: bool = True,
        stop: Callable[[], bool] | None = None,
    ) -> BackendPage:
        searcher = self._open()
        if by_date and isinstance(q, wq.Every):
            order = self._newest_first_order(searcher)
            page = order[offset : offset + limit]
            hits = [BackendHit(dict(searcher.stored_fields(n)), 0.0) for n in page]
            return BackendPage(total=len(order), hits=hits)
        q = self._expansions.expanded(q, searcher)
        results = _search_within_time(
            searcher, q, offset + limit, _newest_first() if by_date else None, stop
        )
        hits = [BackendHit(hit.fields(), _score(hit.score)) for hit in results[offset:]]
        if count or results.has_exact_length():
            return BackendPage(total=len(results), hits=hits[:limit])
        if results.scored_length() < offset + limit:
            # Fewer hits than were asked for: the collector saw every match, none was skipped.
            return BackendPage(total=results.scored_length(), hits=hits[:limit])
        # Counting runs the whole query a second time (Whoosh skips the blocks that cannot
        # reach the top hits, so the first pass does not count): about half a search's time.
        estimate = max(_estimated_hits(searcher, q), offset + len(hits))
        return BackendPage(total=estimate, hits=hits[:limit], exact=False)

    def count(self, q: wq.Query) -> int:
        searcher = self._open()
        if isinstance(q, wq.Every):
            return searcher.doc_count()
        return sum(1 for _ in searcher.docs_for_query(self._expansions.expanded(q, searcher)))

    def _newest_first_order(self, searcher: Searcher) -> list[int]:
        """Every article newest first (then by id), sorted once per searcher.

        The full list by date is what the app shows with an empty query, at start and every
        time the query is cleared; Whoosh's sorting collector built a key per article each time
        (45 ms at 10,000 articles), a slice of this list takes none.
        """
        if self._date_order is None or self._date_order[0] is not searcher:
            dates, ids = column(searcher, "datekey"), column(searcher, "id")
            live = live_docnums(searcher)
            live.sort(key=lambda n: (-dates[n], ids[n]))
            self._date_order = (searcher, live)
        return self._date_order[1]

    def matching_ids(self, q: wq.Query, by_date: bool = False) -> list[str]:
        searcher = self._open()
        if by_date and isinstance(q, wq.Every):
            ids = column(searcher, "id")
            return [str(ids[n]) for n in self._newest_first_order(searcher)]
        q = self._expansions.expanded(q, searcher)
        if by_date:
            results = searcher.search(q, limit=None, sortedby=_newest_first())
            docnums = [docnum for _, docnum in results.top_n]  # `docs()` is a set: unordered
        else:
            docnums = matching_docnums(searcher, q)
        ids = column(searcher, "id")
        return [str(ids[n]) for n in docnums]

    def hit_ids_or_rest(self, q: wq.Query) -> tuple[list[str], bool]:
        """For a query matching most articles, the ids of the few it does not: looking up an
        id costs a column read each (40-80 ms for 9,000 hits at 10,000 articles)."""
        searcher = self._open()
        docnums = matching_docnums(searcher, self._expansions.expanded(q, searcher))
        ids = column(searcher, "id")
        if 2 * len(docnums) > searcher.doc_count():
            matched = set(docnums)
            return [str(ids[n]) for n in live_docnums(searcher) if n not in matched], True
        return [str(ids[n]) for n in docnums], False

    def stored(self, ids: Sequence[str]) -> list[Stored]:
        searcher = self._open()
        found = []
        for doc_id in ids:
            docnum = searcher.document_number(id=doc_id)
            if docnum is not None:
                found.append(dict(searcher.stored_fields(docnum)))
        return found

    def all_stored(self) -> Iterator[Stored]:
        for stored in self._open().all_stored_fields():
            yield dict(stored)

    def document(self, doc_id: str) -> Stored | None:
        stored = self._open().document(id=doc_id)
        return None if stored is None else dict(stored)

    def ids_with_prefix(self, prefix: str, limit: int) -> list[str]:
        matches = self._open().search(wq.Prefix("id", prefix), limit=limit, sortedby="id")
        return [str(hit["id"]) for hit in matches]

    def existing_ids(self, ids: set[str]) -> set[str]:
        searcher = self._open()
        return {doc_id for doc_id in ids if searcher.document_number(id=doc_id) is not None}

    def matched_terms(self, q: wq.Query) -> MatchedTerms:
        searcher = self._open()
        return matched_terms(self._expansions.expanded(q, searcher), searcher)

    def suggest(self, text: str) -> str | None:
        return suggest(text, self._open())

    # Views ---------------------------------------------------------------------------------

    def kwic(self, query: str, q: wq.Query, width: int, sort: str, limit: int | None) -> KwicResult:
        from ..views.kwic import KwicMemo, kwic

        if self._kwic_memo is None:
            self._kwic_memo = KwicMemo()
        return kwic(self._open(), query, q, width, sort, limit, self._kwic_memo)

    def trends(self, queries: list[tuple[str, wq.Query]], scope: wq.Query, by: str) -> TrendsResult:
        from ..views.trends import trends

        return trends(self._open(), queries, scope, by)

    def collocates(self, request: CollocatesRequest) -> CollocatesResult:
        from ..views.collocates import collocates
        from ..views.frequencies import FrequencyCache

        searcher = self._open()
        if self._frequencies is None:
            self._frequencies = FrequencyCache(self.index_path)
        frequencies = self._frequencies.get(searcher)
        r = request
        return collocates(
            searcher,
            r.word,
            r.node,
            r.scope,
            r.window,
            r.measure,
            r.limit,
            r.min_count,
            frequencies,
        )


share_fuzzy_automata()
seek_words_through_a_sparse_index()
skip_inside_blocks_by_bisection()


class StoppableCollector(TimeLimitCollector):
    """Whoosh's time-limited collector that also gives up once `stop()` says so.

    A search that matches most articles takes Whoosh seconds at 100,000 of them; when a newer
    keystroke has superseded it, nobody wants its answer, and the newer search would wait for it.
    `stop()` is asked as each segment starts and every STOP_CHECK_DOCS collected articles.
    """

    def __init__(self, child: Any, timelimit: float, stop: Callable[[], bool]) -> None:
        super().__init__(child, timelimit=timelimit, use_alarm=False)
        self.stop = stop

    def _stop_if_asked(self) -> None:
        if self.stop():
            raise SearchStopped("a newer search superseded this one")

    def set_subsearcher(self, subsearcher: Any, offset: int) -> None:
        self._stop_if_asked()  # before building the next segment's matcher, which can be slow
        super().set_subsearcher(subsearcher, offset)

    def collect_matches(self) -> None:
        child = self.child
        self._stop_if_asked()
        for collected, sub_docnum in enumerate(child.matches(), 1):
            if self.timedout:
                raise TimeLimit
            child.collect(sub_docnum)
            if collected % STOP_CHECK_DOCS == 0:
                self._stop_if_asked()


STOP_CHECK_DOCS = 256
"""Articles collected between two questions to `stop()` (each costs a function call)."""


def _search_within_time(
    searcher: Searcher,
    query: wq.Query,
    limit: int,
    sortedby: MultiFacet | None,
    stop: Callable[[], bool] | None = None,
) -> Results:
    """`searcher.search`, stopped with a QueryError if it runs past SEARCH_SECONDS, and with
    SearchStopped once `stop()` says the answer is no longer wanted."""
    child = searcher.collector(limit=limit, sortedby=sortedby)
    collector = (
        StoppableCollector(child, SEARCH_SECONDS, stop)
        if stop is not None
        # use_alarm: SIGALRM works only in the main thread; the app searches in workers.
        else TimeLimitCollector(child, timelimit=SEARCH_SECONDS, use_alarm=False)
    )
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit as error:
        raise QueryError(
            f"the query ran for more than {SEARCH_SECONDS:g} s and was stopped; make it more specific"
        ) from error
    return collector.results()


def _estimated_hits(searcher: Searcher, q: wq.Query) -> int:
    """Whoosh's `estimated_length`, segment by segment.

    Whoosh estimates on the whole-index reader, which expands a fuzzy term by comparing every
    word sharing its first letter with it in Python (2 s for `broonly~` at 10,000 articles);
    each segment's own reader expands it with an automaton. The sum is the same number.
    """
    return sum(q.estimate_size(reader) for reader, _ in searcher.reader().leaf_readers())


def _score(value: object) -> float:
    """Relevance score; date-sorted hits carry their sort key instead, so they score 0."""
    return round(float(value), 4) if isinstance(value, int | float) else 0.0
