"""What every exploration view shares: a title, a table filled by an engine call in a worker,
a status line, Esc to step back, `x` to export; and the article screen a view line opens.

Views stack: main -> a view -> (quotations ->) an article. Esc pops one screen, so it always
steps back the way the user came.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.command import Provider
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from corpus_tui.tui.actions import bindings, palette
from corpus_tui.tui.commands import ScreenCommands
from corpus_tui.tui.widgets.key_footer import KeyFooter
from corpus_tui.tui.workers import CallFailed, run_engine_call

if TYPE_CHECKING:
    from pydantic import BaseModel

    from corpus_tui.tui.engine_session import EngineSession

R = TypeVar("R", bound="BaseModel")
"""The result model a view shows (`KwicResult`, `TrendsResult`...)."""

VIEW_CSS = """
ViewScreen { layout: vertical; }
ViewScreen > #view-title { height: auto; padding: 0 1; text-style: bold; color: $text-primary; }
ViewScreen > #view-status { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
ViewScreen > DataTable { height: 1fr; border: round $panel-lighten-2; }
ViewScreen > DataTable:focus { border: round $accent; }
"""


@dataclass
class ViewLoaded(Message):
    """A view's engine call finished."""

    result: BaseModel
    generation: int


@dataclass
class ViewFailed(Message):
    """A view's engine call failed with a message fit to show."""

    error: str


class ViewScreen(Screen[None], Generic[R]):
    """One view: `load()` runs in a worker, `fill()` shows its result, Enter calls `open_row()`."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("views")
    COMMANDS: ClassVar[set[type[Provider]]] = {ScreenCommands}
    PALETTE: ClassVar[tuple[tuple[str, str, str], ...]] = palette("views")
    DEFAULT_CSS = VIEW_CSS
    NAME = "view"

    def __init__(
        self, session: EngineSession, title: str, query: str = "", filters: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.session = session
        self.title_text = title
        self.query_text = query
        """The search the view works on, and the filters that narrow it."""
        self.filters = filters
        self.result: R | None = None
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Static(Content(self.title_text), id="view-title")
        yield DataTable(id="view-table", cursor_type="row", zebra_stripes=True)
        yield Static(Content("Loading…"), id="view-status")
        yield KeyFooter()

    @property
    def table(self) -> DataTable:
        return self.query_one("#view-table", DataTable)

    def add_columns(self, *columns: str | tuple[str, str]) -> None:
        """Table columns, each a label that is its own key or a (label, key) pair."""
        for column in columns:
            label, key = (column, column) if isinstance(column, str) else column
            self.table.add_column(label, key=key)

    def on_mount(self) -> None:
        self.table.focus()
        self.reload()

    def reload(self) -> None:
        """Run the view's engine call again (after a sort or period change)."""
        self._generation += 1
        self._load_worker(self.load, self._generation)

    def _load_worker(self, load: Callable[[], R], generation: int) -> None:
        run_engine_call(
            self,
            load,
            lambda result: ViewLoaded(result, generation),
            what=f"Cannot load the {self.NAME} view",
            group="view",
            failed=ViewFailed,
        )

    def on_view_loaded(self, message: ViewLoaded) -> None:
        if message.generation != self._generation:
            return
        result = self.result = cast(R, message.result)  # what this screen's `load` returned
        self.table.clear(columns=True)
        status = self.fill(result)
        self.set_status(status)

    def on_view_failed(self, message: ViewFailed) -> None:
        self.set_status(f"Error: {message.error}")

    def on_call_failed(self, message: CallFailed) -> None:
        """A bug in the view's call: shown like any failure, never swallowed."""
        self.on_view_failed(ViewFailed(message.text))

    def set_status(self, text: str) -> None:
        self.query_one("#view-status", Static).update(Content(text))

    def action_cursor_down(self) -> None:
        """`j`: the table's next row, as in the results list (the arrows are the table's own)."""
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        """`k`: the table's previous row."""
        self.table.action_cursor_up()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    # -- for subclasses --------------------------------------------------------------------

    def load(self) -> R:
        raise NotImplementedError

    def fill(self, result: R) -> str:
        """Fill the table; returns the status line."""
        raise NotImplementedError

    def open_row(self, result: R, row: int) -> None:
        """Enter on a row (nothing by default)."""

    # -- actions ---------------------------------------------------------------------------

    def action_open(self) -> None:
        if self.result is not None and self.table.row_count:
            self.open_row(self.result, self.table.cursor_row)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        if self.result is None:
            self.notify("Nothing to export yet.", severity="warning")
            return
        from corpus_tui.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.result, self.NAME))


class SubjectViewScreen(ViewScreen[R]):
    """A view of one named thing (an entity, a speaker) inside the search it was opened from."""

    TITLE_FORMAT: ClassVar[str] = "{}"
    """The title, with the subject's name at `{}`."""
    SESSION_CALL: ClassVar[str]
    """The name of the session's method that takes the subject, the query and the filters
    (`"related"`): looked up on the session the screen was given, whatever its class."""

    def __init__(
        self, session: EngineSession, subject: str, query: str, filters: tuple[str, ...]
    ) -> None:
        super().__init__(session, self.TITLE_FORMAT.format(subject), query, filters)
        self.subject = subject

    def load(self) -> R:
        call: Callable[[str, str, tuple[str, ...]], R] = getattr(self.session, self.SESSION_CALL)
        return call(self.subject, self.query_text, self.filters)
