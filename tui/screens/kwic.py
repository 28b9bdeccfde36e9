"""KWIC: every occurrence of the search (or an entity) in context, aligned on the match."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import BindingType

from corpus_tui.search.views.kwic import SORT_KEYS, KwicResult
from corpus_tui.search.wording import counted
from corpus_tui.tui.actions import bindings, palette
from corpus_tui.tui.screens.view_base import ViewScreen
from corpus_tui.tui.text import plain

if TYPE_CHECKING:
    from corpus_tui.tui.engine_session import EngineSession


class KwicScreen(ViewScreen[KwicResult]):
    """Lines aligned on the keyword; `s` re-sorts, Enter opens the article at the line."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("views") + bindings("kwic")
    PALETTE = palette("views", "kwic")
    NAME = "kwic"

    def __init__(self, session: EngineSession, query: str, filters: tuple[str, ...]) -> None:
        shown = " AND ".join([query, *filters]) if filters else query
        super().__init__(session, f"KWIC · {shown}", query, filters)
        self.sort = "date"

    def load(self) -> KwicResult:
        return self.session.kwic(self.query_text, self.filters, self.sort)

    def fill(self, result: KwicResult) -> str:
        table = self.table
        self.add_columns("left", "match", "right", "article")
        width = max((len(line.left) for line in result.lines), default=0)
        for line in result.lines:
            table.add_row(
                Text(line.left.rjust(width), no_wrap=True, overflow="ellipsis"),
                Text(line.match, style="bold reverse", no_wrap=True),
                plain(line.right),
                plain(f"{line.date or 'undated'} · {line.title or line.id}"),
            )
        shown = len(result.lines)
        more = f", first {shown}" if shown < result.total else ""
        return f"{counted(result.total, 'occurrence')}{more} · sorted by {self.sort} (s to change)"

    def open_row(self, result: KwicResult, row: int) -> None:
        from corpus_tui.tui.screens.article import ArticleScreen

        line = result.lines[row]
        self.app.push_screen(ArticleScreen(self.session, line.id, (line.start, line.end)))

    def action_cycle_sort(self) -> None:
        self.sort = SORT_KEYS[(SORT_KEYS.index(self.sort) + 1) % len(SORT_KEYS)]
        self.reload()
