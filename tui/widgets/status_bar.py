"""The status line: hit count, time taken, sort, spelling suggestion, errors, indexing progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content, Span
from textual.message import Message
from textual.widgets import Static

from corpus_tui.search.eta import Eta
from corpus_tui.tui.actions import bindings
from corpus_tui.tui.text import display_source


class Suggestion(Static, can_focus=True):
    """'Did you mean …': Enter or a click accepts it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("suggestion")

    DEFAULT_CSS = """
    Suggestion {
        width: auto;
        padding: 0 1;
        color: $text-warning;
        &:focus { background: $warning-muted; text-style: bold; }
        &:hover { text-style: underline; }
    }
    """

    @dataclass
    class Accepted(Message):
        """The user took the suggested spelling."""

        query: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.suggestion: str | None = None

    def offer(self, suggestion: str | None) -> None:
        self.suggestion = suggestion
        self.display = suggestion is not None
        if suggestion is not None:
            prefix = "did you mean "
            text = f"{prefix}{display_source(suggestion)}?  (Ctrl+Y)"
            end = len(prefix) + len(display_source(suggestion))
            self.update(Content(text, [Span(len(prefix), end, "bold")]))

    def action_accept(self) -> None:
        if self.suggestion is not None:
            self.post_message(self.Accepted(self.suggestion))

    def on_click(self) -> None:
        self.action_accept()


class StatusBar(Horizontal):
    """One line under the panes, more when a message needs them (a message is never cut off);
    widgets above never write here, the screen does."""

    DEFAULT_CSS = """
    StatusBar {
        height: auto;
        max-height: 6;
        background: $panel;
        & > #status-text { width: 1fr; height: auto; padding: 0 1; }
        & > #status-text.-error { color: $text-error; text-style: bold; }
        & > #status-progress { width: auto; padding: 0 1; }
        & > #status-eta { width: auto; padding: 0 1 0 0; color: $text-muted; }
        & > #status-sort { width: auto; padding: 0 1; color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._sort_text = ""
        self._sort_width = 0

    def compose(self) -> ComposeResult:
        yield Static(id="status-text", markup=False)
        yield Suggestion(id="status-suggestion")
        # The progress bar is mounted when indexing first reports (most starts never need it).
        yield Static(id="status-eta", markup=False)
        yield Static(id="status-sort", markup=False)

    def on_mount(self) -> None:
        self.query_one(Suggestion).offer(None)
        self.query_one("#status-eta", Static).display = False
        self._eta = Eta()

    # -- attributes down -------------------------------------------------------------------

    def show_text(self, text: str, error: bool = False) -> None:
        """A plain message (counts, or an error that needs the user's eye)."""
        label = self.query_one("#status-text", Static)
        content = Content(display_source(text))
        # One line before and after (the usual case, a count and a time): the bar keeps its
        # height, so the screen needs no new layout, only this line redrawn.
        one_line = "\n" not in content.plain and content.cell_length <= label.content_size.width
        label.update(content, layout=not (one_line and label.size.height == 1))
        label.set_class(error, "-error")

    def show_suggestion(self, suggestion: str | None) -> None:
        self.query_one(Suggestion).offer(suggestion)

    def show_sort(self, text: str) -> None:
        """The sort order; every keystroke's search sets it, so only a change redraws.

        The label never narrows (a shorter order is padded on the left): clearing the query
        turns "relevance" into "date" and the next keystroke turns it back, and a label that
        changed width made the screen lay itself out again while that keystroke's search ran.
        """
        if text == self._sort_text:
            return
        self._sort_text = text
        wider = len(text) > self._sort_width
        self._sort_width = max(self._sort_width, len(text))
        label = self.query_one("#status-sort", Static)
        label.update(Content(text.rjust(self._sort_width)), layout=wider)

    def show_progress(self, done: int, total: int) -> None:
        """Indexing progress; total 0 means not known yet. The time left is estimated from
        the articles done since the bar appeared (nothing during the first second)."""
        from textual.widgets import ProgressBar

        bars = self.query(ProgressBar)
        if bars:
            bar = bars.first()
        else:
            bar = ProgressBar(id="status-progress", show_eta=False)
            bar.display = False
            self.mount(bar, before="#status-eta")
        if not bar.display:
            self._eta.start()
        bar.display = True
        bar.update(total=total or None, progress=done)
        eta = self.query_one("#status-eta", Static)
        text = self._eta.text(done, total)
        eta.display = bool(text)
        eta.update(Content(text))

    def hide_progress(self) -> None:
        for bar in self.query("#status-progress"):
            bar.display = False
        self.query_one("#status-eta", Static).display = False
