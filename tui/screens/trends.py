"""Trends: articles per period for the search (or an entity), a sparkline over a period table."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Input, Sparkline, Static

from corpus_tui.search.views.trends import PERIODS, TrendsResult
from corpus_tui.tui.actions import bindings, palette
from corpus_tui.tui.screens.view_base import ViewFailed, ViewLoaded, ViewScreen
from corpus_tui.tui.text import plain
from corpus_tui.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from corpus_tui.tui.engine_session import EngineSession


class TrendsScreen(ViewScreen[TrendsResult]):
    """One sparkline per query (several overlay on one time axis); `p` changes the period."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("views") + bindings("trends")
    PALETTE = palette("views", "trends")
    DEFAULT_CSS = """
    TrendsScreen > #trend-charts { height: auto; max-height: 50%; }
    TrendsScreen Sparkline { height: 3; margin: 0 1; }
    TrendsScreen .trend-row { height: 1; }
    TrendsScreen .trend-row > .trend-label { width: 18; }
    TrendsScreen .trend-row > Sparkline { height: 1; width: 1fr; }
    TrendsScreen .trend-label { height: 1; padding: 0 1; }
    TrendsScreen > #trend-axis { height: 1; padding: 0 1; color: $text-muted; }
    """
    NAME = "trends"

    def __init__(
        self, session: EngineSession, queries: list[str], filters: tuple[str, ...]
    ) -> None:
        super().__init__(session, "Trends · " + " | ".join(queries), filters=filters)
        self.queries = list(queries)
        self._added: str | None = None
        """A query just added, dropped again if the engine refuses it."""
        self.by = "month"

    def compose(self) -> ComposeResult:
        yield Static(Content(self.title_text), id="view-title")
        yield Vertical(id="trend-charts")
        yield Static(id="trend-axis", markup=False)
        yield DataTable(id="view-table", cursor_type="row", zebra_stripes=True)
        yield Input(placeholder="Add a query to the chart, Enter adds it", id="trend-add")
        yield Static(Content("Loading…"), id="view-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#trend-add", Input).display = False
        super().on_mount()

    def load(self) -> TrendsResult:
        return self.session.trends(self.queries, self.by, self.filters)

    def fill(self, result: TrendsResult) -> str:
        table = self.table
        self.add_columns("period", *((f"{s.query} (share)", s.query) for s in result.series))
        periods = [p.period for p in result.series[0].points] if result.series else []
        for index, period in enumerate(periods):
            cells = [
                plain(f"{s.points[index].articles} ({s.points[index].share:.0%})")
                for s in result.series
            ]
            table.add_row(plain(period), *cells)
        table.add_row(plain("undated"), *(plain(str(s.undated)) for s in result.series))
        charts = self.query_one("#trend-charts", Vertical)
        charts.remove_children()
        # More than two charts of three lines each would not fit in half a small terminal:
        # then each is one line, its query beside it.
        many = len(result.series) > 2
        for series in result.series:
            label = Static(Content(series.query), classes="trend-label", markup=False)
            line = Sparkline([p.articles for p in series.points])
            if many:
                charts.mount(Horizontal(label, line, classes="trend-row"))
            else:
                charts.mount(label, line)
        axis = f"{periods[0]} … {periods[-1]}" if periods else "no dated articles"
        self.query_one("#trend-axis", Static).update(Content(axis))
        totals = ", ".join(f"{s.query}: {s.total} ({s.undated} undated)" for s in result.series)
        return f"by {self.by} (p to change) · {totals}"

    def action_add_query(self) -> None:
        field = self.query_one("#trend-add", Input)
        field.display = True
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = event.input
        text = field.value.strip()
        field.value = ""
        field.display = False
        self.table.focus()
        if text and text not in self.queries:
            self.queries.append(text)
            self._added = text
            self._retitle()
            self.reload()

    def _retitle(self) -> None:
        self.query_one("#view-title", Static).update(
            Content("Trends · " + " | ".join(self.queries))
        )

    def on_view_loaded(self, message: ViewLoaded) -> None:
        self._added = None
        super().on_view_loaded(message)

    def on_view_failed(self, message: ViewFailed) -> None:
        if self._added is not None and self._added in self.queries:
            self.queries.remove(self._added)
            self._added = None
            self._retitle()
        super().on_view_failed(message)

    def action_back(self) -> None:
        field = self.query_one("#trend-add", Input)
        if field.display:
            field.value = ""
            field.display = False
            self.table.focus()
            return
        super().action_back()

    def action_cycle_period(self) -> None:
        self.by = PERIODS[(PERIODS.index(self.by) + 1) % len(PERIODS)]
        self.reload()
