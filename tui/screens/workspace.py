"""The workspace's dialogs: small modal screens that return what the user chose (a line of
text, or one row of a list). The main screen's workspace keys are in `main_workspace`."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from corpus_tui.tui.actions import bindings
from corpus_tui.tui.text import display_source

_DIALOG_CSS = """
    align: center middle;
    & > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 80%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    & OptionList { height: auto; max-height: 20; }
"""


class DialogScreen(ModalScreen[str | None]):
    """A titled box in the middle of the screen; Esc closes it and returns None."""

    DEFAULT_CSS = f"DialogScreen {{ {_DIALOG_CSS} }}"

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptScreen(DialogScreen):
    """One line of text: Enter returns it, Esc returns None."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("dialog", only=("cancel",))

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(title)
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = display_source(self.title_text)
            box.border_subtitle = "Enter to save · Esc to cancel"
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt")

    @on(Input.Submitted, "#prompt")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)


class PickScreen(DialogScreen):
    """A list to choose from, narrowed by typing: Enter returns the chosen value."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("dialog")

    def __init__(self, title: str, rows: list[tuple[str, str]], empty: str) -> None:
        super().__init__(title)
        self.rows = rows
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            box.border_subtitle = "type to narrow · Enter to run · Esc to close"
            yield Input(placeholder="filter", id="pick-filter")
            yield OptionList(id="pick-list")
            yield Static(self.empty, id="pick-empty", markup=False)

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, text: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        wanted = text.casefold()
        shown = [(label, value) for label, value in self.rows if wanted in label.casefold()]
        options.add_options([Option(Content(display_source(label)), id=v) for label, v in shown])
        if shown:
            options.highlighted = 0
        self.query_one("#pick-empty", Static).display = not shown

    @on(Input.Changed, "#pick-filter")
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#pick-filter")
    def _enter(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))
