"""The main screen's searching and reading: the query, its results page by page, the open
article and the words the current query marks in it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from corpus_tui.search.wording import counted
from corpus_tui.tui.engine_session import EVERYTHING
from corpus_tui.tui.messages import (
    ArticleLoaded,
    MatchesFound,
    SearchCounted,
    SearchFailed,
    SearchFinished,
    SearchRequest,
)
from corpus_tui.tui.workers import run_engine_call

if TYPE_CHECKING:
    from textual.timer import Timer

    from corpus_tui.search.models import Article
    from corpus_tui.tui.engine_session import EngineSession
    from corpus_tui.tui.messages import Scope
    from corpus_tui.tui.widgets.reader import Reader
    from corpus_tui.tui.widgets.results_list import ResultsList
    from corpus_tui.tui.widgets.search_bar import SearchBar
    from corpus_tui.tui.widgets.status_bar import StatusBar, Suggestion


REMARK_DELAY = 0.25
"""Seconds without a keystroke before the open article is re-marked for the typed query."""
FOLLOW_UP_DELAY = REMARK_DELAY
"""Seconds without a keystroke before a typed search's follow-up calls (count, tags) run."""
SIDEBAR_DELAY = 0.05
"""The sidebar lists an opened article's entities this long after the reader shows it, so the
reader's frame does not wait on the sidebar's."""


class SearchState:
    """The query, sort and suggestion, the open article, and the calls that fill them.

    A mixin of MainScreen; searches are numbered so a slow answer to an old query is dropped.
    """

    session: EngineSession
    show_timings: bool
    query_text: str
    sort_override: str | None
    scope: Scope
    article: Article | None
    reader_query: str | None
    suggestion: str | None
    indexing: bool
    engine_open: bool
    index_warning: str | None
    _generation: int
    _remark_timer: Timer | None
    _counted_line: tuple[str, str, bool]
    _opened_first: bool
    results: ResultsList
    reader: Reader
    search_bar: SearchBar
    status_bar: StatusBar

    if TYPE_CHECKING:  # the screen's and the other mixins', used here

        @property
        def default_sort(self) -> str: ...
        @property
        def filter_clauses(self) -> tuple[str, ...]: ...
        def _status(self, text: str, error: bool = False) -> None: ...
        def refresh_entities(self) -> None: ...
        def first_results_shown(self) -> None: ...
        def _screen(self) -> Any: ...

    @property
    def sort(self) -> str:
        """The user's choice, else newest first for the full list and relevance for a query."""
        if self.sort_override:
            return self.sort_override
        return "date" if self.query_text == EVERYTHING else self.default_sort

    def _show_sort(self) -> None:
        self.status_bar.show_sort(f"sorted by {self.sort} (s)")

    # -- searching -------------------------------------------------------------------------

    def run_search(self, focus_results: bool = False, typed: bool = False) -> None:
        """Search with the current query, filters and sort; newer searches supersede older."""
        if not self.engine_open:
            return
        self._generation += 1
        request = SearchRequest(
            query=self.query_text,
            sort=self.sort,
            filters=self.filter_clauses,
            generation=self._generation,
            focus_results=focus_results,
            typed=typed,
        )
        self._show_sort()
        self._fetch(request, "search")

    def _fetch(self, request: SearchRequest, group: str) -> None:
        """A page of hits; `group` keeps the next page (`more`) from cancelling a new search.

        A search's first page is what fills the results pane, not a whole page: each hit costs
        its stored text and a snippet, and a keystroke waits for all of them. The full list
        (no query) keeps whole pages, as the page kept from the last run has.
        """
        limit = None
        if request.offset == 0 and (request.query != EVERYTHING or request.filters):
            limit = self.results.hits_that_fit()
        run_engine_call(
            self._screen(),
            lambda: self.session.search(
                request.query, request.sort, request.filters, request.offset, limit
            ),
            lambda result: SearchFinished(request, result),
            what="Search failed",
            group=group,
            failed=lambda error: SearchFailed(request, error),
        )

    def on_search_finished(self, message: SearchFinished) -> None:
        request, result = message.request, message.result
        if request.generation != self._generation:
            return
        append = request.offset > 0
        if append:
            self.results.show_hits(result.hits, self.results.total, append=True)
            return
        self.results.show_hits(
            result.hits, result.total, exact=result.total_exact, page_in_later=True
        )
        self._screen().paint_soon(self.results)
        self.follow_up(request, self.results.resume_paging)
        self.first_results_shown()
        self._report(
            request,
            result.total,
            result.took_ms,
            result.suggestion,
            result.warning if result.partial else None,
            exact=result.total_exact,
        )
        if not result.total_exact:
            # After the frame that shows the hits: a count running in its thread meanwhile
            # would take turns with the event loop and double the frame's time.
            self.follow_up(request, lambda: self._count(request))
        if not result.hits:
            self._show_no_hits(request)
        elif not self._opened_first:
            self._opened_first = True
            self.open_article(result.hits[0].id)
        elif self.article is not None and self.reader_query != request.query:
            self._mark_open_article(request.typed)
        if self.scope == "results":
            self._screen().after_paint(self.refresh_entities)

    def follow_up(self, request: SearchRequest, call: Callable[[], object]) -> None:
        """Run `call` (a count, the rows' tags, the next page) once the search's hits are drawn,
        and for a keystroke's search once typing pauses; not at all once a newer search has
        started.

        Each follow-up runs in a thread, which takes turns with the event loop: started at
        once, it slowed the frame showing the hits, and while typing the next keystroke's.
        """

        def run() -> None:
            if request.generation == self._generation:
                call()

        def painted() -> None:
            if request.typed:
                self._screen().set_timer(FOLLOW_UP_DELAY, run)
            else:
                run()

        self._screen().after_paint(painted)

    def _show_no_hits(self, request: SearchRequest) -> None:
        """Say why the list is empty, offer the suggestion, and close the article.

        A keystroke's search leaves the article open: a word being typed often has no hits
        until it is whole ("minis" on the way to "minister"), and closing the reader at each
        such prefix made it flicker, and the next key pay for opening an article again.
        """
        everything = request.query == EVERYTHING and not request.filters
        if everything:
            text = f"No articles in {self.session.corpus_path}."
        else:
            text = "No articles match " + (
                "the filters" if request.query == EVERYTHING else f"“{request.query}”"
            )
            if request.filters and request.query != EVERYTHING:
                text += f" with {counted(len(request.filters), 'filter')}"
            text += "."
            if self.suggestion:
                text += f"\n\nDid you mean “{self.suggestion}”? Ctrl+Y searches for it."
        self.results.show_nothing(text)
        if request.typed and self.article is not None:
            return
        self.article = None
        self.reader_query = None
        self._opened_first = False  # the next search with hits opens its first article
        self.reader.clear(
            "No article open: the corpus has none."
            if everything
            else "No article open: the search found none."
        )
        if self.scope == "article":
            self.refresh_entities()

    def _count(self, request: SearchRequest) -> None:
        """Count the hits exactly, after their first page is on screen."""
        run_engine_call(
            self._screen(),
            lambda: self.session.count(request.query, request.filters),
            lambda total: SearchCounted(request, total),
            what="Cannot count the hits",
            group="count",
        )

    def on_search_counted(self, message: SearchCounted) -> None:
        if message.request.generation != self._generation:
            return
        self.results.show_total(message.total)
        estimate, rest, error = self._counted_line
        if estimate.startswith("about "):
            self._status(self._count_text(message.request, message.total) + rest, error=error)

    def _count_text(self, request: SearchRequest, total: int, exact: bool = True) -> str:
        """ "12 hits", "about 40 hits" (until counted), or "6 articles" for the full list."""
        everything = request.query == EVERYTHING and not request.filters
        text = counted(total, "article" if everything else "hit")
        return text if exact else f"about {text}"

    def _report(
        self,
        request: SearchRequest,
        total: int,
        took_ms: float,
        suggestion: str | None,
        partial: str | None = None,
        exact: bool = True,
    ) -> None:
        everything = request.query == EVERYTHING and not request.filters
        count = self._count_text(request, total, exact)
        text = count
        if self.show_timings:
            text += f" · {took_ms:.1f} ms"
        if request.filters:
            text += f" · {counted(len(request.filters), 'filter')}"
        if everything and total == 0 and not self.indexing:
            text = f"No articles in {self.session.corpus_path}: open a folder with --corpus DIR"
        if self.index_warning is not None:
            text += f" · {self.index_warning}"
            self.index_warning = None
        if partial is not None:  # some shard of a search cluster did not answer
            text += f" · partial answer, some articles may be missing: {partial}"
        self._status(text, error=partial is not None)
        # The figure the exact count replaces, and the rest of the line it keeps.
        self._counted_line = (count, text[len(count) :], partial is not None)
        offered = self.suggestion is not None
        self.suggestion = suggestion if suggestion and suggestion != request.query else None
        self.status_bar.show_suggestion(self.suggestion)
        if offered != (self.suggestion is not None):
            self._screen().refresh_bindings()  # the footer rebuilds on this: only on a change

    def on_search_failed(self, message: SearchFailed) -> None:
        if message.request.generation != self._generation:
            return
        self.first_results_shown()
        self.results.resume_paging()  # the hits still shown may be scrolled on
        self._status(f"Query error: {message.error}", error=True)
        self.suggestion = None
        self.status_bar.show_suggestion(None)
        if message.request.focus_results:
            self.search_bar.input.focus()

    def on_search_bar_query_changed(self, message: SearchBar.QueryChanged) -> None:
        self.query_text = message.query.strip() or EVERYTHING
        self.run_search(typed=True)

    def on_search_bar_query_submitted(self, message: SearchBar.QuerySubmitted) -> None:
        self.query_text = message.query.strip() or EVERYTHING
        self._screen().focus_now(self.results)
        self.run_search(focus_results=True)

    def on_results_list_more_wanted(self, message: ResultsList.MoreWanted) -> None:
        if not self.engine_open:
            return
        request = SearchRequest(
            query=self.query_text,
            sort=self.sort,
            filters=self.filter_clauses,
            offset=message.offset,
            generation=self._generation,
        )
        self._fetch(request, "more")

    def on_suggestion_accepted(self, message: Suggestion.Accepted) -> None:
        self._use_query(message.query)

    def _use_query(self, query: str) -> None:
        self.query_text = query.strip() or EVERYTHING
        self.search_bar.set_query("" if self.query_text == EVERYTHING else self.query_text)
        self.run_search()

    def action_accept_suggestion(self) -> None:
        if self.suggestion:
            self._use_query(self.suggestion)

    def action_toggle_sort(self) -> None:
        self.sort_override = "relevance" if self.sort == "date" else "date"
        self.run_search()

    # -- reading ---------------------------------------------------------------------------

    def open_article(self, doc_id: str, focus: bool = False, keep_place: bool = False) -> None:
        """Read an article; with `focus`, the reader takes the focus once it shows it; with
        `keep_place`, the open article is shown again where the reader was."""
        query = self.query_text
        run_engine_call(
            self._screen(),
            lambda: self.session.article(doc_id, query),
            lambda loaded: ArticleLoaded(loaded[0], loaded[1], query, focus, keep_place),
            what="Cannot open the article",
            group="article",
        )

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        self.article = message.article
        self.reader_query = message.query
        self.reader.show_article(message.article, message.match_spans, message.keep_place)
        self._screen().paint_soon(self.reader)
        if message.focus:
            # The article first, the focus a frame later: moving it restyles the results
            # pane, both scrollbars and the footer, which doubled the frame with the article.
            self._screen().after_paint(self._focus_reader)
        if message.query != self.query_text:
            self._find_matches(message.article, self.query_text)
        if self.scope == "article":
            # A frame after the reader's: the article is what the user waits for.
            self._screen().set_timer(SIDEBAR_DELAY, self.refresh_entities)

    def _focus_reader(self) -> None:
        """From the results into the reader; not if the user has moved the focus elsewhere
        while the article loaded (`/` to type a new query, say)."""
        if self._screen().focused in (self.results, None):
            self._screen().focus_now(self.reader)

    def _mark_open_article(self, typed: bool) -> None:
        """Mark the current query's words in the open article: at once, or for a keystroke's
        search once typing pauses (REMARK_DELAY), so each keystroke pays only for its results."""
        if self._remark_timer is not None:
            self._remark_timer.stop()
            self._remark_timer = None
        if not typed:
            if self.article is not None:
                self._find_matches(self.article, self.query_text)
            return

        def mark() -> None:
            self._remark_timer = None
            if self.article is not None and self.reader_query != self.query_text:
                self._find_matches(self.article, self.query_text)

        self._remark_timer = self._screen().set_timer(REMARK_DELAY, mark)

    def _find_matches(self, article: Article, query: str) -> None:
        """Mark another query's words in the open article; a query that fails to parse marks
        none (the search itself reports the error)."""
        run_engine_call(
            self._screen(),
            lambda: self.session.match_spans(article, query),
            lambda spans: MatchesFound(article.id, query, spans),
            what="Cannot mark the matches",
            group="matches",
            failed=lambda _error: MatchesFound(article.id, query, []),
        )

    def on_matches_found(self, message: MatchesFound) -> None:
        """The search changed under an open article: mark the new query's words (or none)."""
        if self.article is None or self.article.id != message.doc_id:
            return
        if message.query != self.query_text:
            return
        self.reader_query = message.query
        self.reader.show_matches(message.match_spans)
