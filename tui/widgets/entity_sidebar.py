"""The entity sidebar: people, organisations and places with counts, in one of three scopes.

A corpus can name thousands of people, and an option list takes seconds to lay out that many,
so each group shows a page of rows and the next page when the cursor or the view nears its end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content, Span
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from corpus_tui.tui import styles
from corpus_tui.tui.actions import bindings
from corpus_tui.tui.messages import EntityRow, Scope
from corpus_tui.tui.text import display_source
from corpus_tui.tui.widgets.paged_list import LOAD_MORE_MARGIN, PagedOptionList

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
PAGE = 100
"""Rows of a group shown at first, and added each time the user nears the last one shown.

Every scope switch lists each kind anew, so fewer rows switch faster (150: 45-50 ms of CPU a
switch with 4,700 people, 100: 38-40 ms); but a first page within two screens of the view's top
is paged in at once, and that second build costs more than it saved (60: 78-81 ms at 40 rows)."""


def _heading(label: str, shown: int, total: int) -> Content:
    text = f"{label} ({total:,})" if shown >= total else f"{label} ({shown:,} of {total:,})"
    return Content(text, [Span(0, len(text), styles.HEADING)])


def _row(row: EntityRow, width: int) -> Content:
    number = f"{row.count:>{width},}"
    text = f"{number}  {display_source(row.name)}"
    return Content(text, [Span(0, len(number), styles.COUNT)])


class EntitySidebar(PagedOptionList):
    """Lists entities grouped by type, most frequent first; Enter asks to filter by one."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("sidebar")

    DEFAULT_CSS = """
    EntitySidebar {
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .option-list--option-disabled { color: $text; }
    }
    """

    @dataclass
    class Chosen(Message):
        """The user wants the results filtered to articles naming this entity."""

        name: str
        type: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.scope: Scope = "article"
        self._rows: dict[str, EntityRow] = {}
        self._groups: dict[str, list[EntityRow]] = {}
        self._shown: dict[str, int] = {}
        """How many rows of each group are listed."""
        self._group_ends: dict[str, int] = {}
        """Option index of the last listed row of each group."""
        self._count_width = 1
        self._rebuilding = False

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
        self._groups = {
            entity_type: sorted(
                (row for row in rows if row.type == entity_type),
                key=lambda row: (-row.count, row.name.casefold()),
            )
            for entity_type, _ in GROUPS
        }
        self._shown = {entity_type: PAGE for entity_type in self._groups}
        self._count_width = len(f"{max((row.count for row in rows), default=0):,}")
        self._rebuild(kept)

    def shown_count(self, entity_type: str) -> int:
        """How many rows of a group are listed now."""
        return min(self._shown.get(entity_type, 0), len(self._groups.get(entity_type, [])))

    def _rebuild(self, kept: str | None, scroll_y: float | None = None) -> None:
        """List each group's shown rows under its heading; keep the cursor's entity and the view."""
        self._rebuilding = True
        options: list[Option] = []
        self._rows.clear()
        self._group_ends.clear()
        for entity_type, label in GROUPS:
            group = self._groups.get(entity_type, [])
            if not group:
                continue
            shown = self.shown_count(entity_type)
            options.append(Option(_heading(label, shown, len(group)), disabled=True))
            for row in group[:shown]:
                option_id = f"{row.type}:{row.name}"
                self._rows[option_id] = row
                options.append(Option(_row(row, self._count_width), id=option_id))
            self._group_ends[entity_type] = len(options) - 1
        if not options:
            empty = "No people, organisations or places found."
            options.append(Option(Content(empty), disabled=True))
        self.set_options(options)
        ids = [option.id for option in options]
        if kept is not None and kept in ids:
            highlighted: int | None = ids.index(kept)
        else:
            highlighted = next(
                (index for index, option in enumerate(options) if not option.disabled), None
            )
        if scroll_y is None:
            self.highlighted = highlighted
        else:
            # Paging in: the cursor keeps its row without pulling the view to it.
            self.set_reactive(EntitySidebar.highlighted, highlighted)
            self.refresh()
        self._rebuilding = False
        if scroll_y is not None:
            # The longer list's height is known after the refresh; scroll back there then.
            self.call_after_refresh(self._restore_scroll, scroll_y)
        else:
            self.call_after_refresh(self.page_in)

    def _restore_scroll(self, scroll_y: float) -> None:
        self.scroll_to(y=scroll_y, animate=False, force=True, immediate=True)
        self.page_in()

    # -- paging ----------------------------------------------------------------------------

    def page_in(self) -> None:
        """List the next page of a group whose last listed row the cursor or the view nears."""
        if self._rebuilding or not self._group_ends:
            return
        top = self.scroll_y
        page = max(self.scrollable_content_region.height, LOAD_MORE_MARGIN)
        bottom = top + page
        cursor = self.highlighted
        start = 0
        for entity_type, end in self._group_ends.items():
            group_start, start = start, end + 1
            if cursor is not None and not group_start <= cursor <= end:
                continue  # only the kind the cursor is in grows (`]` may have left one behind)
            if self.shown_count(entity_type) >= len(self._groups[entity_type]):
                continue
            # A page ahead, so PageDown lands on the next rows, not past the group's end.
            near_cursor = cursor is not None and end - page <= cursor <= end
            near_view = top <= end <= bottom + page
            if near_cursor or near_view:
                self._shown[entity_type] += PAGE
                kept = self.highlighted_option.id if self.highlighted_option else None
                self._rebuild(kept, scroll_y=top)
                return

    def action_next_group(self) -> None:
        self._jump_to_group(forward=True)

    def action_previous_group(self) -> None:
        self._jump_to_group(forward=False)

    def _jump_to_group(self, forward: bool) -> None:
        """Put the next (or previous) kind's heading at the top, the cursor on its first row."""
        headings = [index for index, option in enumerate(self.options) if option.disabled]
        cursor = self.highlighted or 0
        before = [index for index in headings if index < cursor]
        after = [index for index in headings if index > cursor]
        if forward:
            target = after[0] if after else None
        else:
            target = before[-2] if len(before) >= 2 else None
        if target is None or target + 1 >= self.option_count:
            return
        # The cursor moves first: only the kind it is in pages in, not the one left behind.
        self.highlighted = target + 1
        self.scroll_to(y=target, animate=False, force=True)

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
