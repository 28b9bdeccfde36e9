"""Trends: articles per period for the search (or an entity), a sparkline over a period table."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import DataTable, Footer, Sparkline, Static

from corpus_tui.search.views.trends import PERIODS, TrendsResult
from corpus_tui.tui.keys import TRENDS_KEYS, VIEW_KEYS, bindings
from corpus_tui.tui.screens.view_base import ViewScreen, plain

if TYPE_CHECKING:
    from pydantic import BaseModel

    from corpus_tui.tui.engine_session import EngineSession


class TrendsScreen(ViewScreen):
    """One sparkline per query along the time axis; `p` changes the period."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(VIEW_KEYS + TRENDS_KEYS)
    DEFAULT_CSS = """
    TrendsScreen > Sparkline { height: 3; margin: 0 1; }
    TrendsScreen > #trend-axis { height: 1; padding: 0 1; color: $text-muted; }
    """
    NAME = "trends"

    def __init__(
        self, session: EngineSession, queries: list[str], filters: tuple[str, ...]
    ) -> None:
        super().__init__(session, "Trends · " + " | ".join(queries))
        self.queries = queries
        self.filters = filters
        self.by = "month"

    def compose(self) -> ComposeResult:
        yield Static(Content(self.title_text), id="view-title")
        yield Sparkline([], id="trend-spark")
        yield Static(id="trend-axis", markup=False)
        yield DataTable(id="view-table", cursor_type="row", zebra_stripes=True)
        yield Static(Content("Loading…"), id="view-status")
        yield Footer()

    def load(self) -> BaseModel:
        return self.session.trends(self.queries, self.by, self.filters)

    def fill(self, result: BaseModel) -> str:
        assert isinstance(result, TrendsResult)
        table = self.table
        table.add_column("period", key="period")
        for series in result.series:
            table.add_column(f"{series.query} (share)", key=series.query)
        periods = [p.period for p in result.series[0].points] if result.series else []
        for index, period in enumerate(periods):
            cells = [
                plain(f"{s.points[index].articles} ({s.points[index].share:.0%})")
                for s in result.series
            ]
            table.add_row(plain(period), *cells)
        table.add_row(plain("undated"), *(plain(str(s.undated)) for s in result.series))
        first = result.series[0] if result.series else None
        spark = self.query_one("#trend-spark", Sparkline)
        spark.data = [p.articles for p in first.points] if first else []
        axis = f"{periods[0]} … {periods[-1]}" if periods else "no dated articles"
        self.query_one("#trend-axis", Static).update(Content(axis))
        totals = ", ".join(f"{s.query}: {s.total} ({s.undated} undated)" for s in result.series)
        return f"by {self.by} (p to change) · {totals}"

    def action_cycle_period(self) -> None:
        self.by = PERIODS[(PERIODS.index(self.by) + 1) % len(PERIODS)]
        self.reload()
