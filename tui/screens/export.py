"""Export a view: choose the format, write to a path (default: the current directory), say where.

The text written is `corpus_tui.search.export.render`'s, the same as the command line's
`--format`, so an export from the app and one from a script are the same file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from corpus_tui.search.export import FORMATS, render
from corpus_tui.tui.actions import bindings

if TYPE_CHECKING:
    from pydantic import BaseModel


class ExportScreen(ModalScreen[None]):
    """Format and path; Enter in the path writes the file, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("dialog", only=("cancel",))
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical {
        width: 60; height: auto; max-width: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ExportScreen RadioSet { layout: horizontal; width: 100%; }
    """

    def __init__(self, result: BaseModel, name: str) -> None:
        super().__init__()
        self.result = result
        self.stem = name
        self.format = "csv"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Export as (←/→ to choose, Enter in the path to write)"))
            with RadioSet(id="export-format"):
                for fmt in FORMATS:
                    yield RadioButton(fmt, value=fmt == self.format, name=fmt)
            yield Input(self._default_path(), id="export-path")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def _default_path(self) -> str:
        return str(Path.cwd() / f"corpus-tui-{self.stem}.{self.format}")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        path_input = self.query_one("#export-path", Input)
        old_default = self._default_path()
        self.format = event.pressed.name or self.format
        if path_input.value == old_default:
            path_input.value = self._default_path()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = Path(event.value.strip() or self._default_path()).expanduser()
        try:
            path.write_text(render(self.result, self.format), encoding="utf-8")
        except OSError as error:
            self.notify(
                f"Cannot write {path}: {error.strerror or error}", severity="error", markup=False
            )
            return
        self.notify(f"Exported {self.format} to {path}", markup=False)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
