"""The main screen's engine glue: opening the index, indexing, and noticing another process's
commits. Every call runs through `run_engine_call`, so each failure names what failed."""

from __future__ import annotations

import gc
import time
from typing import TYPE_CHECKING, Any

from corpus_tui.search.textclean import escape_control_chars
from corpus_tui.search.wording import counted
from corpus_tui.tui.messages import (
    CorpusWatched,
    EngineFailed,
    EngineOpened,
    IndexFinished,
    IndexProgress,
    StalenessChecked,
)
from corpus_tui.tui.workers import CallFailed, lane, run_engine_call

if TYPE_CHECKING:
    from corpus_tui.search.models import Article
    from corpus_tui.tui.engine_session import EngineSession
    from corpus_tui.tui.widgets.status_bar import StatusBar

PROGRESS_INTERVAL = 0.05
"""Seconds between indexing progress updates sent to the UI."""
INDEX_POLL_SECONDS = 2.0
"""How often the app checks whether another process committed to the index."""
WATCH_SECONDS = 0.5
"""How often the app checks the corpus for added, removed and changed files ([index] watch)."""


class EngineGlue:
    """Opens the engine, keeps the index current, and reports failed calls.

    A mixin of MainScreen: it expects the screen's session, status helpers and `run_search`.
    """

    session: EngineSession
    article: Article | None
    status_bar: StatusBar
    indexing: bool
    watching: bool
    engine_open: bool
    staleness_due: bool
    known_generation: str | None
    reload_offered: bool
    index_warning: str | None

    if TYPE_CHECKING:  # the search mixin's, used here

        def run_search(self, focus_results: bool = False) -> None: ...
        def open_article(self, doc_id: str, keep_place: bool = False) -> None: ...

    def _status(self, text: str, error: bool = False) -> None:
        self.status_bar.show_text(text, error=error)

    def _screen(self) -> Any:
        """This object as the Textual screen it is mixed into (for notify, timers, workers)."""
        return self

    # -- opening ---------------------------------------------------------------------------

    def _open_engine(self) -> None:
        run_engine_call(
            self._screen(), self.session.open, EngineOpened, what="Cannot open the corpus",
            group="engine", failed=EngineFailed,
        )  # fmt: skip

    def on_engine_opened(self, message: EngineOpened) -> None:
        self.engine_open = True
        self.known_generation = self.session.index_generation()
        self._screen().set_interval(INDEX_POLL_SECONDS, self._poll_index)
        if self.session.watch:
            self._screen().set_interval(WATCH_SECONDS, self._watch_corpus)
        if message.has_index:
            self.staleness_due = True
            self.run_search()
        else:
            self.start_indexing(rebuild=False)

    def on_engine_failed(self, message: EngineFailed) -> None:
        self._status(f"Cannot open the corpus: {message.error}", error=True)

    # -- indexing --------------------------------------------------------------------------

    def first_results_shown(self) -> None:
        """Check the corpus for new files once the first results are up, not before: the check
        stats every file and would hold back the first paint on a large corpus."""
        if self.staleness_due:
            self.staleness_due = False
            self._screen().call_after_refresh(self._check_staleness)
            # What is alive now (Textual, Whoosh's open index, the engine) lives as long as the
            # app: left where the collector looks, each full collection walked all of it, 0.2 s
            # a time at 10,000 articles, landing on keystrokes at random.
            self._screen().call_after_refresh(gc.freeze)

    def _check_staleness(self) -> None:
        run_engine_call(
            self._screen(), self.session.is_stale, StalenessChecked,
            what="Cannot check the corpus for new files", group="stale",
        )  # fmt: skip

    def on_staleness_checked(self, message: StalenessChecked) -> None:
        if message.stale:
            self.start_indexing(rebuild=False)

    def start_indexing(self, rebuild: bool, folders: tuple[str, ...] | None = None) -> None:
        """Update the index in a child process (all of the corpus, or only the files directly
        in `folders`), with its progress in the status bar."""
        if self.indexing or not self.engine_open:
            return
        self.indexing = True
        self._status("Rebuilding the index …" if rebuild else "Indexing new and changed files …")
        self.status_bar.show_progress(0, 0)
        last = 0.0
        screen = self._screen()

        def progress(done: int, total: int, path: str) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_INTERVAL or done >= total:
                last = now
                screen.post_message(IndexProgress(done, total, path))

        run_engine_call(
            screen,
            lambda: self.session.build_index(rebuild, progress, self._index_notice, folders),
            IndexFinished,
            what="Index not updated",
            group="index",
            failed=lambda error: IndexFinished(None, error),
        )

    def _index_notice(self, text: str) -> None:
        """Called from the indexing thread, e.g. while another process holds the index lock."""
        self._screen().app.call_from_thread(self._status, text[:1].upper() + text[1:])

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
        self._screen().notify(
            f"Index ready: {counted(summary.documents, 'article')} ({changes}{skipped})."
        )
        if summary.warnings:
            first = summary.warnings[0]
            self.index_warning = escape_control_chars(
                f"{counted(len(summary.warnings), 'warning')}: {first.path}: {first.message}"
            )
        self.run_search()

    def action_update_index(self) -> None:
        self.start_indexing(rebuild=False)

    def action_rebuild_index(self) -> None:
        self.start_indexing(rebuild=True)

    # -- corpus changes while open ----------------------------------------------------------

    def _watch_corpus(self) -> None:
        """Check for corpus changes in a worker, unless indexing, a check or a search runs
        (typing comes first; the next tick checks again)."""
        screen = self._screen()
        if self.indexing or self.watching or not self.engine_open or lane(screen, "search").busy:
            return
        self.watching = True
        run_engine_call(
            screen, self.session.corpus_changed, CorpusWatched,
            what="Cannot check the corpus for changes", group="watch",
        )  # fmt: skip

    def on_corpus_watched(self, message: CorpusWatched) -> None:
        """Index what the watch saw change: only the folders whose files came, went or were
        renamed, when it knows them (at 100,000 articles a whole walk of the corpus is a
        second or two)."""
        self.watching = False
        if message.change is not None:
            self.start_indexing(rebuild=False, folders=message.change.folders)

    # -- another process's commits ---------------------------------------------------------

    def _poll_index(self) -> None:
        """Offer a reload when another process (e.g. `corpus-tui index`) committed to the index."""
        if self.indexing or self.reload_offered:
            return
        generation = self.session.index_generation()
        if generation is None or generation == self.known_generation:
            return
        self.reload_offered = True
        self._screen().refresh_bindings()
        self._screen().notify(
            "The index was updated by another process. Press Ctrl+R to reload.",
            title="Index updated",
            timeout=30,
        )

    def action_reload_index(self) -> None:
        """Load the newest index: the current search runs again and the article reopens."""
        self.session.reload()
        self.known_generation = self.session.index_generation()
        self.reload_offered = False
        self._screen().refresh_bindings()
        self.run_search()
        if self.article is not None:
            self.open_article(self.article.id, keep_place=True)
        self._screen().notify("Reloaded the index.")

    # -- failures --------------------------------------------------------------------------

    def on_call_failed(self, message: CallFailed) -> None:
        """A failed call without a message of its own (or a bug): one line in the status bar."""
        self._status(message.text, error=True)
        if message.group == "watch":
            self.watching = False
        if message.group == "index":
            self.indexing = False
            self.status_bar.hide_progress()
