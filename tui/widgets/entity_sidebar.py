"""The entity sidebar: people, organisations and places with counts, in one of three scopes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textual.binding import BindingType
from textual.content import Content, Span
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from corpus_tui.tui import styles
from corpus_tui.tui.keys import SIDEBAR_KEYS, bindings
from corpus_tui.tui.widgets.article_text import display_source

Scope = Literal["article", "results", "corpus"]
SCOPES: tuple[Scope, ...] = ("article", "results", "corpus")
SCOPE_LABELS: dict[Scope, str] = {
    "article": "this article",
    "results": "current results",
    "corpus": "whole corpus",
}
GROUPS: tuple[tuple[str, str], ...] = (
    ("person", "People"),
    ("org", "Organisations"),
    ("place", "Places"),
)


@dataclass(frozen=True)
class EntityRow:
    """One line of the sidebar: mentions in the article scope, articles in the wider scopes."""

    name: str
    type: str
    count: int


def _heading(label: str, total: int) -> Content:
    text = f"{label} ({total})"
    return Content(text, [Span(0, len(text), styles.HEADING)])


def _row(row: EntityRow, width: int) -> Content:
    number = f"{row.count:>{width}}"
    text = f"{number}  {display_source(row.name)}"
    return Content(text, [Span(0, len(number), styles.COUNT)])


class EntitySidebar(OptionList):
    """Lists entities grouped by type, most frequent first; Enter asks to filter by one."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(SIDEBAR_KEYS)

    DEFAULT_CSS = """
    EntitySidebar {
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .option-list--option-disabled { color: $text; }
    }
    """

    class Chosen(Message):
        """The user wants the results filtered to articles naming this entity."""

        def __init__(self, name: str, type: str) -> None:
            super().__init__()
            self.name = name
            self.type = type

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.scope: Scope = "article"
        self._rows: dict[str, EntityRow] = {}

    def on_mount(self) -> None:
        self._set_titles()

    def _set_titles(self) -> None:
        self.border_title = f"Entities · {SCOPE_LABELS[self.scope]}"
        self.border_subtitle = "mentions" if self.scope == "article" else "articles"

    # -- attributes down -------------------------------------------------------------------

    def show_entities(self, scope: Scope, rows: list[EntityRow]) -> None:
        """Replace the list with `rows` (any order) for `scope`, keeping the cursor's entity."""
        kept = self.highlighted_option.id if self.highlighted_option else None
        self.scope = scope
        self._set_titles()
        self.clear_options()
        self._rows.clear()
        width = len(str(max((row.count for row in rows), default=0)))
        options: list[Option] = []
        for entity_type, label in GROUPS:
            group = sorted(
                (row for row in rows if row.type == entity_type),
                key=lambda row: (-row.count, row.name.casefold()),
            )
            if not group:
                continue
            options.append(Option(_heading(label, len(group)), disabled=True))
            for row in group:
                option_id = f"{row.type}:{row.name}"
                self._rows[option_id] = row
                options.append(Option(_row(row, width), id=option_id))
        if not options:
            empty = "No people, organisations or places found."
            options.append(Option(Content(empty), disabled=True))
        self.add_options(options)
        ids = [option.id for option in options]
        if kept is not None and kept in ids:
            self.highlighted = ids.index(kept)
        else:
            self.highlighted = next(
                (index for index, option in enumerate(options) if not option.disabled), None
            )

    @property
    def highlighted_row(self) -> EntityRow | None:
        """The entity under the cursor, if any."""
        option = self.highlighted_option
        return self._rows.get(option.id or "") if option is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self._rows.get(event.option.id or "")
        if row is not None:
            self.post_message(self.Chosen(row.name, row.type))
