"""The main screen: search bar, results | reader | entities, status line, footer.

It owns the UI state (query, filters, sort, scope), runs engine calls in workers, and hands
results down to the widgets. Widgets report up with messages and never call each other.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState, get_current_worker

from corpus_tui.search.errors import EngineError
from corpus_tui.search.textclean import escape_control_chars
from corpus_tui.search.wording import counted
from corpus_tui.tui.commands import MainCommands
from corpus_tui.tui.engine_session import EVERYTHING, EngineSession, entity_filter
from corpus_tui.tui.keys import GLOBAL_KEYS, bindings
from corpus_tui.tui.messages import (
    ArticleFailed,
    ArticleLoaded,
    EngineFailed,
    EngineOpened,
    EntitiesLoaded,
    IndexFinished,
    IndexProgress,
    MatchesFound,
    SearchFailed,
    SearchFinished,
    SearchRequest,
    StalenessChecked,
)
from corpus_tui.tui.screens.workspace import WorkspaceActions
from corpus_tui.tui.widgets.entity_sidebar import SCOPES, EntitySidebar, Scope
from corpus_tui.tui.widgets.reader import Reader
from corpus_tui.tui.widgets.results_list import ResultsList
from corpus_tui.tui.widgets.search_bar import FilterChip, SearchBar
from corpus_tui.tui.widgets.status_bar import StatusBar, Suggestion

if TYPE_CHECKING:
    from corpus_tui.search.models import Article

NARROW_WIDTH = 100
"""Below this many columns the entity sidebar folds away behind `e`."""
COMPACT_HEIGHT = 30
"""Below this many rows results start one line each (`c` switches)."""

PROGRESS_INTERVAL = 0.05
"""Seconds between indexing progress updates sent to the UI."""
INDEX_POLL_SECONDS = 2.0
"""How often the app checks whether another process committed to the index."""


def first_line(error: BaseException) -> str:
    """A one-line message for an exception, never a traceback."""
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


class MainScreen(WorkspaceActions, Screen[None]):
    """Search, read and follow entities."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(GLOBAL_KEYS)
    COMMANDS = {MainCommands}
    AUTO_FOCUS = "#results"

    def __init__(self, session: EngineSession, show_timings: bool = True) -> None:
        super().__init__()
        self.session = session
        self.show_timings = show_timings
        self.query_text = EVERYTHING
        self.filters: list[tuple[str, str]] = []
        """(chip label, query clause) of each active entity filter."""
        self.sort_override: str | None = None
        self.scope: Scope = "article"
        self.article: Article | None = None
        self.reader_query: str | None = None
        """The query whose matches the reader marks (the search may have moved on since)."""
        self.suggestion: str | None = None
        self.indexing = False
        self.engine_open = False
        self._generation = 0
        self._opened_first = False
        self._sidebar_toggled = False
        self._compact_toggled = False
        self.known_generation: int | None = None
        """The index commit the app last loaded; another one means another process wrote."""
        self.reload_offered = False
        self.index_warning: str | None = None
        """The last index run's warnings in one line, shown once with the search that follows."""

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search")
        with Horizontal(id="panes"):
            yield ResultsList(id="results")
            yield Reader(id="reader")
            yield EntitySidebar(id="entities")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_width(self.app.size.width)
        self._apply_height(self.app.size.height)
        self._status("Opening the index …")
        self._show_sort()
        self.call_after_refresh(self._open_engine)

    def on_resize(self) -> None:
        self._apply_width(self.size.width)
        self._apply_height(self.size.height)

    # -- small helpers ---------------------------------------------------------------------

    @property
    def results(self) -> ResultsList:
        return self.query_one(ResultsList)

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def sidebar(self) -> EntitySidebar:
        return self.query_one(EntitySidebar)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def sort(self) -> str:
        """The user's choice, else newest first for the full list and relevance for a query."""
        if self.sort_override:
            return self.sort_override
        return "date" if self.query_text == EVERYTHING else self.default_sort

    @property
    def filter_clauses(self) -> tuple[str, ...]:
        return tuple(clause for _, clause in self.filters)

    def _status(self, text: str, error: bool = False) -> None:
        self.status_bar.show_text(text, error=error)

    def _show_sort(self) -> None:
        self.status_bar.show_sort(f"sorted by {self.sort} (s)")

    def _apply_width(self, width: int) -> None:
        self.set_class(width < NARROW_WIDTH, "-narrow")
        self._sync_sidebar()

    def _apply_height(self, height: int) -> None:
        """Short terminals list one line per hit unless the user switched (`c`)."""
        self.results.set_compact((height < COMPACT_HEIGHT) != self._compact_toggled)

    @property
    def sidebar_visible(self) -> bool:
        return self.has_class("-narrow") == self._sidebar_toggled

    def _sync_sidebar(self) -> None:
        self.set_class(self._sidebar_toggled, "-sidebar-toggled")
        if not self.sidebar_visible and self.focused is self.sidebar:
            self.results.focus()

    # -- engine start and indexing ---------------------------------------------------------

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def _open_engine(self) -> None:
        try:
            has_index = self.session.open()
        except EngineError as error:
            self.post_message(EngineFailed(first_line(error)))
            return
        self.post_message(EngineOpened(has_index))

    def on_engine_opened(self, message: EngineOpened) -> None:
        self.engine_open = True
        self.known_generation = self.session.index_generation()
        self.set_interval(INDEX_POLL_SECONDS, self._poll_index)
        if message.has_index:
            self.run_search()
            self.call_after_refresh(self._check_staleness)
        else:
            self.start_indexing(rebuild=False)

    def on_engine_failed(self, message: EngineFailed) -> None:
        self._status(f"Cannot open the corpus: {message.error}", error=True)

    @work(thread=True, exclusive=True, group="stale", exit_on_error=False)
    def _check_staleness(self) -> None:
        try:
            stale = self.session.is_stale()
        except EngineError as error:
            self.post_message(IndexFinished(None, first_line(error)))
            return
        self.post_message(StalenessChecked(stale))

    def on_staleness_checked(self, message: StalenessChecked) -> None:
        if message.stale:
            self.start_indexing(rebuild=False)

    def start_indexing(self, rebuild: bool) -> None:
        if self.indexing or not self.engine_open:
            return
        self.indexing = True
        self._status("Rebuilding the index …" if rebuild else "Indexing new and changed files …")
        self.status_bar.show_progress(0, 0)
        self._build_index(rebuild)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _build_index(self, rebuild: bool) -> None:
        last = 0.0

        def progress(done: int, total: int, path: str) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_INTERVAL or done >= total:
                last = now
                self.post_message(IndexProgress(done, total, path))

        try:
            summary = self.session.build_index(rebuild, progress, self._index_notice)
        except EngineError as error:
            self.post_message(IndexFinished(None, first_line(error)))
            return
        self.post_message(IndexFinished(summary))

    def _index_notice(self, text: str) -> None:
        """Called from the indexing thread, e.g. while another process holds the index lock."""
        self.app.call_from_thread(self._status, text[:1].upper() + text[1:])

    def on_index_progress(self, message: IndexProgress) -> None:
        self.status_bar.show_progress(message.done, message.total)
        self._status(f"Indexing {message.done:,}/{message.total:,}")

    def on_index_finished(self, message: IndexFinished) -> None:
        self.indexing = False
        self.status_bar.hide_progress()
        if message.summary is None:
            self._status(f"Index not updated: {message.error}", error=True)
            return
        summary = message.summary
        self.known_generation = self.session.index_generation()
        changes = f"{summary.new:,} new, {summary.changed:,} changed, {summary.removed:,} removed"
        skipped = f", {len(summary.skipped):,} skipped" if summary.skipped else ""
        self.notify(f"Index ready: {counted(summary.documents, 'article')} ({changes}{skipped}).")
        if summary.warnings:
            first = summary.warnings[0]
            self.index_warning = escape_control_chars(
                f"{counted(len(summary.warnings), 'warning')}: {first.path}: {first.message}"
            )
        self.run_search()

    # -- searching -------------------------------------------------------------------------

    def run_search(self, focus_results: bool = False) -> None:
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
        )
        self._show_sort()
        self._search_worker(request)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search_worker(self, request: SearchRequest) -> None:
        self._fetch(request)

    @work(thread=True, exclusive=True, group="more", exit_on_error=False)
    def _more_worker(self, request: SearchRequest) -> None:
        self._fetch(request)

    def _fetch(self, request: SearchRequest) -> None:
        try:
            result = self.session.search(
                request.query, request.sort, request.filters, request.offset
            )
        except EngineError as error:
            self.post_message(SearchFailed(request, first_line(error)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(SearchFinished(request, result))

    def on_search_finished(self, message: SearchFinished) -> None:
        request, result = message.request, message.result
        if request.generation != self._generation:
            return
        append = request.offset > 0
        self.results.show_hits(result.hits, result.total, append=append)
        if append:
            return
        self._report(request, result.total, result.took_ms, result.suggestion)
        if not result.hits:
            self._show_no_hits(request)
        elif not self._opened_first:
            self._opened_first = True
            self.open_article(result.hits[0].id)
        elif self.article is not None and self.reader_query != request.query:
            self._matches_worker(self.article, request.query)
        if self.scope == "results":
            self.refresh_entities()

    def _show_no_hits(self, request: SearchRequest) -> None:
        """Say why the list is empty, offer the suggestion, and close the article."""
        if request.query == EVERYTHING and not request.filters:
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
        self.article = None
        self.reader_query = None
        self._opened_first = False  # the next search with hits opens its first article
        self.reader.clear("No article open: the search found none.")
        if self.scope == "article":
            self.refresh_entities()

    def _report(
        self, request: SearchRequest, total: int, took_ms: float, suggestion: str | None
    ) -> None:
        everything = request.query == EVERYTHING and not request.filters
        noun = "article" if everything else "hit"
        text = counted(total, noun)
        if self.show_timings:
            text += f" · {took_ms:.1f} ms"
        if request.filters:
            text += f" · {counted(len(request.filters), 'filter')}"
        if everything and total == 0 and not self.indexing:
            text = f"No articles in {self.session.corpus_path}: open a folder with --corpus DIR"
        if self.index_warning is not None:
            text += f" · {self.index_warning}"
            self.index_warning = None
        self._status(text)
        offered = self.suggestion is not None
        self.suggestion = suggestion if suggestion and suggestion != request.query else None
        self.status_bar.show_suggestion(self.suggestion)
        if offered != (self.suggestion is not None):
            self.refresh_bindings()  # the footer rebuilds itself on this: only when it changes

    def on_search_failed(self, message: SearchFailed) -> None:
        if message.request.generation != self._generation:
            return
        self._status(f"Query error: {message.error}", error=True)
        self.suggestion = None
        self.status_bar.show_suggestion(None)
        if message.request.focus_results:
            self.search_bar.input.focus()

    @on(SearchBar.QueryChanged)
    def _query_changed(self, message: SearchBar.QueryChanged) -> None:
        self.query_text = message.query.strip() or EVERYTHING
        self.run_search()

    @on(SearchBar.QuerySubmitted)
    def _query_submitted(self, message: SearchBar.QuerySubmitted) -> None:
        self.query_text = message.query.strip() or EVERYTHING
        self.results.focus()
        self.run_search(focus_results=True)

    @on(ResultsList.MoreWanted)
    def _more_wanted(self, message: ResultsList.MoreWanted) -> None:
        if not self.engine_open:
            return
        request = SearchRequest(
            query=self.query_text,
            sort=self.sort,
            filters=self.filter_clauses,
            offset=message.offset,
            generation=self._generation,
        )
        self._more_worker(request)

    @on(Suggestion.Accepted)
    def _suggestion_accepted(self, message: Suggestion.Accepted) -> None:
        self._use_query(message.query)

    def _use_query(self, query: str) -> None:
        self.query_text = query.strip() or EVERYTHING
        self.search_bar.set_query("" if self.query_text == EVERYTHING else self.query_text)
        self.run_search()

    # -- reading ---------------------------------------------------------------------------

    def open_article(self, doc_id: str) -> None:
        self._article_worker(doc_id, self.query_text)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _article_worker(self, doc_id: str, query: str) -> None:
        try:
            article, spans = self.session.article(doc_id, query)
        except EngineError as error:
            self.post_message(ArticleFailed(first_line(error)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ArticleLoaded(article, spans, query))

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        self.article = message.article
        self.reader_query = message.query
        self.reader.show_article(message.article, message.match_spans)
        if message.query != self.query_text:
            self._matches_worker(message.article, self.query_text)
        if self.scope == "article":
            self.refresh_entities()

    @work(thread=True, exclusive=True, group="matches", exit_on_error=False)
    def _matches_worker(self, article: Article, query: str) -> None:
        try:
            spans = self.session.match_spans(article, query)
        except EngineError:
            spans = []  # the query failed to parse: the search reports it; just unmark
        if not get_current_worker().is_cancelled:
            self.post_message(MatchesFound(article.id, query, spans))

    def on_matches_found(self, message: MatchesFound) -> None:
        """The search changed under an open article: mark the new query's words (or none)."""
        if self.article is None or self.article.id != message.doc_id:
            return
        if message.query != self.query_text:
            return
        self.reader_query = message.query
        self.reader.show_matches(message.match_spans)

    def on_article_failed(self, message: ArticleFailed) -> None:
        self._status(f"Cannot open the article: {message.error}", error=True)

    @on(ResultsList.Opened)
    def _result_opened(self, message: ResultsList.Opened) -> None:
        if self.has_class("-narrow") and self._sidebar_toggled:
            self._sidebar_toggled = False
            self._sync_sidebar()
        self.open_article(message.doc_id)
        self.reader.focus()

    # -- entities --------------------------------------------------------------------------

    def refresh_entities(self) -> None:
        if self.scope == "article":
            rows = self.session.entity_rows("article", self.article, self.query_text, ())
            self.sidebar.show_entities("article", rows)
            return
        if self.engine_open:
            self._entities_worker(self.scope, self.query_text, self.filter_clauses)

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def _entities_worker(self, scope: Scope, query: str, filters: tuple[str, ...]) -> None:
        try:
            rows = self.session.entity_rows(scope, None, query, filters)
        except EngineError as error:
            self.post_message(ArticleFailed(first_line(error)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(EntitiesLoaded(scope, rows))

    def on_entities_loaded(self, message: EntitiesLoaded) -> None:
        if message.scope == self.scope:
            self.sidebar.show_entities(message.scope, message.rows)

    @on(EntitySidebar.Chosen)
    def _entity_chosen(self, message: EntitySidebar.Chosen) -> None:
        clause = entity_filter(message.name, message.type)
        if clause not in self.filter_clauses:
            self.filters.append((f"{message.type}: {message.name}", clause))
            self._filters_changed()

    @on(FilterChip.Removed)
    def _chip_removed(self, message: FilterChip.Removed) -> None:
        if 0 <= message.index < len(self.filters):
            del self.filters[message.index]
            self._filters_changed()

    def _filters_changed(self) -> None:
        self.search_bar.set_filters([label for label, _ in self.filters])
        self.run_search()

    # -- actions ---------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.search_bar.input.focus()

    def action_help(self) -> None:
        from corpus_tui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_toggle_sort(self) -> None:
        self.sort_override = "relevance" if self.sort == "date" else "date"
        self.run_search()

    def action_toggle_compact(self) -> None:
        self._compact_toggled = not self._compact_toggled
        self._apply_height(self.size.height)

    def action_cycle_scope(self) -> None:
        self.action_set_scope(SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)])

    def action_set_scope(self, scope: str) -> None:
        if scope not in SCOPES:
            return
        self.scope = scope  # type: ignore[assignment]
        if not self.sidebar_visible:
            self._sidebar_toggled = not self._sidebar_toggled
            self._sync_sidebar()
        self.refresh_entities()

    def action_toggle_sidebar(self) -> None:
        self._sidebar_toggled = not self._sidebar_toggled
        self._sync_sidebar()
        if self.sidebar_visible:
            self.sidebar.focus()

    def action_clear_filters(self) -> None:
        if self.filters:
            self.filters.clear()
            self._filters_changed()

    # -- exploration views -----------------------------------------------------------------

    def _view_subject(self) -> str:
        """What a view is about: the sidebar's entity when the sidebar has focus, else the search."""
        if self.focused is self.sidebar:
            row = self.sidebar.highlighted_row
            if row is not None:
                return entity_filter(row.name, row.type)
        return self.query_text

    def action_show_kwic(self) -> None:
        from corpus_tui.tui.screens.kwic import KwicScreen

        subject = self._view_subject()
        if subject.strip() in ("", EVERYTHING):
            self.notify("Search for something first, or pick an entity in the sidebar.")
            return
        self.app.push_screen(KwicScreen(self.session, subject, self.filter_clauses))

    def action_show_trends(self) -> None:
        from corpus_tui.tui.screens.trends import TrendsScreen

        self.app.push_screen(
            TrendsScreen(self.session, [self._view_subject()], self.filter_clauses)
        )

    def action_show_speakers(self) -> None:
        from corpus_tui.tui.screens.speakers import SpeakersScreen

        self.app.push_screen(SpeakersScreen(self.session, self.query_text, self.filter_clauses))

    def action_show_related(self) -> None:
        from corpus_tui.tui.screens.related import RelatedScreen

        row = self.sidebar.highlighted_row
        if row is None:
            self.notify("Pick an entity in the sidebar first (e shows it).")
            return
        self.app.push_screen(
            RelatedScreen(self.session, row.name, self.query_text, self.filter_clauses)
        )

    def action_accept_suggestion(self) -> None:
        if self.suggestion:
            self._use_query(self.suggestion)

    def action_back(self) -> None:
        """Esc steps back: reader to results; in the search box clear it; else drop a filter."""
        focused = self.focused
        if focused is self.reader:
            self.results.focus()
            return
        if isinstance(focused, Input):
            if focused.value:
                self._use_query("")
            else:
                self.results.focus()
            return
        if self.filters:
            self.filters.pop()
            self._filters_changed()
        elif self.query_text != EVERYTHING:
            self._use_query("")
        elif focused is not self.results:
            self.results.focus()

    def action_copy(self) -> None:
        """Copy the quotation under the reader's cursor, else the whole article."""
        if self.article is None:
            self.notify("No article open.", severity="warning")
            return
        quote = self.reader.current_quote
        if quote is not None:
            speaker = self.reader.current_speaker
            text = f"“{quote}”" + (f" — {speaker}" if speaker else "")
            what = "quotation"
        else:
            title = self.article.title or ""
            text = f"{title}\n\n{self.article.text}" if title else self.article.text
            what = "article"
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied the {what} ({len(text):,} characters).", timeout=3)

    def action_open_in_pager(self) -> None:
        """Show the article's file in $PAGER, handing the terminal over until it exits."""
        if self.article is None:
            self.notify("No article open.", severity="warning")
            return
        path = self.session.file_path(self.article)
        command = shlex.split(os.environ.get("PAGER") or "less") + [str(path)]
        try:
            with self.app.suspend():
                subprocess.run(command, check=False)
        except OSError as error:
            self.notify(f"Cannot run {command[0]}: {first_line(error)}", severity="error")
        except SuspendNotSupported as error:
            self.notify(f"Cannot open a pager here: {first_line(error)}", severity="error")
        self.refresh()

    def _poll_index(self) -> None:
        """Offer a reload when another process (e.g. `corpus-tui index`) committed to the index."""
        if self.indexing or self.reload_offered:
            return
        generation = self.session.index_generation()
        if generation is None or generation == self.known_generation:
            return
        self.reload_offered = True
        self.refresh_bindings()
        self.notify(
            "The index was updated by another process. Press Ctrl+R to reload.",
            title="Index updated",
            timeout=30,
        )

    def action_reload_index(self) -> None:
        """Load the newest index: the current search runs again and the article reopens."""
        self.session.reload()
        self.known_generation = self.session.index_generation()
        self.reload_offered = False
        self.refresh_bindings()
        self.run_search()
        if self.article is not None:
            self.open_article(self.article.id)
        self.notify("Reloaded the index.")

    def action_update_index(self) -> None:
        self.start_indexing(rebuild=False)

    def action_rebuild_index(self) -> None:
        self.start_indexing(rebuild=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_search":
            return not isinstance(self.focused, Input)  # `/` types a slash there
        if action == "accept_suggestion":
            return self.suggestion is not None
        if action == "reload_index":
            return self.reload_offered
        return True

    # -- failures --------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug in a worker shows as one line in the status bar instead of killing the app."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self._status(f"Error: {type(error).__name__}: {first_line(error)}", error=True)
            if event.worker.group == "index":
                self.indexing = False
                self.status_bar.hide_progress()
