"""The main screen: search bar, results | reader | entities, status line, footer.

It owns the UI state (query, filters, sort, scope) and hands results down to the widgets;
widgets report up with messages and never call each other. Its parts live beside it: engine
calls and indexing in `main_engine`, searching and reading in `main_search`, the entity
sidebar and filters in `main_sidebar`, workspace keys in `main_workspace`.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from corpus_tui.tui.actions import MAIN_SCREEN, bindings, palette
from corpus_tui.tui.commands import ScreenCommands
from corpus_tui.tui.engine_session import EVERYTHING, EngineSession, entity_filter
from corpus_tui.tui.screens.after_paint import AfterPaint
from corpus_tui.tui.screens.main_engine import EngineGlue
from corpus_tui.tui.screens.main_search import SearchState
from corpus_tui.tui.screens.main_sidebar import SidebarState
from corpus_tui.tui.screens.main_workspace import WorkspaceActions
from corpus_tui.tui.text import first_line
from corpus_tui.tui.widgets.entity_sidebar import EntitySidebar
from corpus_tui.tui.widgets.key_footer import KeyFooter
from corpus_tui.tui.widgets.reader import Reader
from corpus_tui.tui.widgets.results_list import ResultsList
from corpus_tui.tui.widgets.search_bar import SearchBar
from corpus_tui.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from textual.timer import Timer

    from corpus_tui.search.models import Article
    from corpus_tui.tui.messages import Scope

COMPACT_HEIGHT = 30
"""Below this many rows results start one line each (`c` switches)."""


W = TypeVar("W", bound=Widget)


class Part(Generic[W]):
    """The screen's one widget of a kind, looked up when used (`screen.reader`)."""

    def __init__(self, kind: type[W]) -> None:
        self.kind = kind

    def __get__(self, screen: Screen[Any] | None, owner: type | None = None) -> W:
        if screen is None:  # on the class, as introspection asks
            raise AttributeError(f"a screen's {self.kind.__name__}, not its class's")
        return screen.query_one(self.kind)


class MainScreen(SearchState, SidebarState, EngineGlue, WorkspaceActions, AfterPaint):
    """Search, read and follow entities."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("global")
    COMMANDS = {ScreenCommands}
    PALETTE = palette(*MAIN_SCREEN)
    AUTO_FOCUS = "#results"

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual's, without its repaint of the whole screen on every focus move: the widgets
    losing and gaining focus restyle and repaint themselves. Opening an article moves the focus,
    and that full repaint was a third of the time it took."""

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
        self.watching = False
        """True while a check for corpus changes runs (see `EngineGlue._watch_corpus`)."""
        self.engine_open = False
        self.staleness_due = False
        """True until the first results are shown; then the corpus is checked for new files."""
        self._generation = 0
        self._remark_timer: Timer | None = None
        self._counted_line = ("", "", False)
        """The status line's hit count, the rest of the line, and whether it is an error."""
        """Pending re-marking of the open article while the user types (see REMARK_DELAY)."""
        self._opened_first = False
        self._sidebar_toggled = False
        self._compact_toggled = False
        self.known_generation: str | None = None
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
        yield KeyFooter()

    def on_mount(self) -> None:
        self._apply_width(self.app.size.width)
        self._apply_height(self.app.size.height)
        self._status("Opening the index …")
        self._show_sort()
        self._show_first_page()
        self.call_after_refresh(self._open_engine)

    def _show_first_page(self) -> None:
        """The newest articles as last listed, painted before the engine opens (it replaces
        them with its own answer, usually the same rows, a moment later)."""
        page = self.session.first_page()
        if page is None or not page.hits:
            return
        self.results.show_hits(page.hits, page.total)  # type: ignore[arg-type]
        self._status(f"{page.total:,} articles · opening the index …")

    def on_resize(self) -> None:
        self._apply_width(self.size.width)
        self._apply_height(self.size.height)

    # -- small helpers ---------------------------------------------------------------------

    results = Part(ResultsList)
    reader = Part(Reader)
    sidebar = Part(EntitySidebar)
    search_bar = Part(SearchBar)
    status_bar = Part(StatusBar)

    def _apply_height(self, height: int) -> None:
        """Short terminals list one line per hit unless the user switched (`c`)."""
        self.results.set_compact((height < COMPACT_HEIGHT) != self._compact_toggled)

    def on_results_list_opened(self, message: ResultsList.Opened) -> None:
        """Enter on a hit reads it; on a narrow screen the reader takes the sidebar's room."""
        if self.has_class("-narrow") and self._sidebar_toggled:
            self._sidebar_toggled = False
            self._sync_sidebar()
        self.open_article(message.doc_id, focus=True)

    # -- actions ---------------------------------------------------------------------------

    def focus_now(self, widget: Widget) -> None:
        """Move the focus at once, so keys that arrived with this one go where it went.

        Textual's `Widget.focus` waits its turn behind the keys already queued: `/` then
        `rutte` in one read typed the word into the pane the focus was leaving.
        """
        self.set_focus(widget)

    def action_focus_search(self) -> None:
        self.focus_now(self.search_bar.input)

    def action_help(self) -> None:
        from corpus_tui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_toggle_compact(self) -> None:
        self._compact_toggled = not self._compact_toggled
        self._apply_height(self.size.height)

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

    def action_back(self) -> None:
        """Esc steps back: reader to results; in the search box clear it; else drop a filter."""
        focused = self.focused
        if focused is self.reader:
            self.focus_now(self.results)
            return
        if isinstance(focused, Input):
            if focused.value:
                self._use_query("")
            else:
                self.focus_now(self.results)
            return
        if self.filters:
            self.filters.pop()
            self._filters_changed()
        elif self.query_text != EVERYTHING:
            self._use_query("")
        elif focused is not self.results:
            self.focus_now(self.results)

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

    def _screen(self) -> Any:
        return self

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_search":
            return not isinstance(self.focused, Input)  # `/` types a slash there
        if action == "accept_suggestion":
            return self.suggestion is not None
        if action == "reload_index":
            return self.reload_offered
        return True
