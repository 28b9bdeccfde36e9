"""The search bar: a query box that searches as you type, and chips for active entity filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
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


class QueryInput(Input):
    """Textual's Input with its own editing keys (Backspace, Delete, the arrows, Ctrl+W …)
    applied in the order they were typed.

    Textual runs a focused widget's key bindings only once the key has bubbled up to the app,
    behind the keys already queued there, while letters are inserted as they come: `ab`, two
    Backspaces and `cdefgh` typed fast (or arriving in one read) left `abcdef`.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """Textual's, with a layout of the whole screen only when the text is wider than the box.

    Input sets it to the text's length on every keystroke, so each key paid a layout (3-4 ms),
    though the box's own size never depends on it (the bar fixes its width). A text that
    scrolls sideways does need it: without one the box drew stale characters."""

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        if max(old.width, new.width) >= self.content_size.width:
            self.refresh(layout=True)

    async def _on_key(self, event: events.Key) -> None:
        action = EDITING_KEYS.get(event.key)
        # An action that skips (returns False) goes on up, as Textual would send it.
        if (
            action is not None
            and not event.is_printable
            and await self.app.run_action(action, self)
        ):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)


EDITING_KEYS: dict[str, str] = {
    key.strip(): binding.action
    for binding in Input.BINDINGS
    if isinstance(binding, Binding)
    for key in binding.key.split(",")
}
"""The keys Textual's Input binds itself (not those it inherits, such as Up to scroll, which
fall through to the search bar's history), with their actions."""


class SearchBar(Horizontal):
    """Posts QueryChanged on every keystroke (once for keys that arrive together) and
    QuerySubmitted on Enter.

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
        yield QueryInput(placeholder=PLACEHOLDER, id="query", select_on_focus=False)
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
        """One QueryChanged per text that still stands: keys that arrive together (a fast
        burst, a paste) change the text several times before the first change is handled, and
        a change the text has already moved past would only start a search to be dropped."""
        event.stop()
        if event.value == self.input.value:
            self.post_message(self.QueryChanged(event.value))

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.QuerySubmitted(event.value))
