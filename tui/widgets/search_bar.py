"""The search bar: a query box that searches as you type, and chips for active entity filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from corpus_tui.tui.actions import bindings
from corpus_tui.tui.text import display_source

PLACEHOLDER = 'Search: words, "a phrase", person:Name, date:2025 …  (F1 help)'


class FilterChip(Static):
    """One active filter; clicking it removes it."""

    DEFAULT_CSS = """
    FilterChip {
        width: auto;
        height: 1;
        margin: 1 0 0 1;
        padding: 0 1;
        background: $accent-muted;
        color: $text;
        &:hover { background: $accent; }
    }
    """

    @dataclass
    class Removed(Message):
        """The user clicked the chip away."""

        index: int

    def __init__(self, label: str, index: int) -> None:
        super().__init__(Content(f"{display_source(label)} ✕"), markup=False)
        self.index = index
        self.tooltip = "Remove this filter (Esc)"

    def on_click(self) -> None:
        self.post_message(self.Removed(self.index))


class SearchBar(Horizontal):
    """Posts QueryChanged on every keystroke and QuerySubmitted on Enter.

    There is no debounce: a search at 10,000 articles takes tens of milliseconds, and a
    keystroke's search that is still waiting when the next key comes is dropped unrun (see
    `workers.Lane`), so fast typing queues nothing and the last key is answered at once.
    """

    DEFAULT_CSS = """
    SearchBar {
        height: auto;
        & > Input { width: 1fr; }
        & > #chips { width: auto; height: auto; }
    }
    """

    @dataclass
    class QueryChanged(Message):
        """The text changed: sent on every keystroke."""

        query: str

    @dataclass
    class QuerySubmitted(Message):
        """Enter was pressed: search now and go to the results."""

        query: str

    class HistoryWanted(Message):
        """Up was pressed before the query history was handed down."""

    FOCUS_TARGET: ClassVar[str] = "#query"
    BINDINGS: ClassVar[list[BindingType]] = bindings("search")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._history: list[str] | None = None
        """Past queries, newest first; None until the screen hands them down."""
        self._history_at = -1
        self._typed_text = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="query", select_on_focus=False)
        yield Horizontal(id="chips")

    @property
    def input(self) -> Input:
        return self.query_one("#query", Input)

    @property
    def query_text(self) -> str:
        return self.input.value

    # -- attributes down -------------------------------------------------------------------

    def set_query(self, text: str) -> None:
        """Replace the text without triggering a search (the caller runs it)."""
        with self.input.prevent(Input.Changed):
            self.input.value = text
        self.input.cursor_position = len(text)

    def set_history(self, queries: list[str]) -> None:
        """The past queries Up and Down walk, newest first."""
        self._history = queries
        self._history_at = -1

    def action_history_previous(self) -> None:
        """Up: the query before the one shown, as a shell does."""
        if self._history is None:
            self.post_message(self.HistoryWanted())
            return
        if self._history_at + 1 < len(self._history):
            if self._history_at < 0:
                self._typed_text = self.query_text
            self._history_at += 1
            self._show_history()

    def action_history_next(self) -> None:
        """Down: back toward what was being typed."""
        if self._history is None or self._history_at < 0:
            return
        self._history_at -= 1
        self._show_history()

    def _show_history(self) -> None:
        assert self._history is not None
        text = self._typed_text if self._history_at < 0 else self._history[self._history_at]
        self.set_query(text)
        self.post_message(self.QueryChanged(text))

    def set_filters(self, labels: list[str]) -> None:
        """Show one chip per active filter."""
        chips = self.query_one("#chips", Horizontal)
        chips.remove_children()
        chips.mount_all([FilterChip(label, index) for index, label in enumerate(labels)])

    # -- typing ----------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QueryChanged(event.value))

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.QuerySubmitted(event.value))
