"""Human output of the view commands: Rich tables, aligned concordance lines and trend bars on
a terminal; one record a line, tab-separated, when stdout is piped.

Article text goes into Rich as `Text` built from plain strings, never as markup, and every
control character is made inert first (U+FFFD on a terminal, a visible escape when piped).
Rich drops colour by itself under NO_COLOR and when stdout is not a terminal.
"""

from __future__ import annotations

import re
import sys

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .export import records
from .textclean import escape_control_chars
from .views.kwic import KwicResult
from .views.related import RelatedResult
from .views.trends import TrendSeries, TrendsResult

SPARK = "▁▂▃▄▅▆▇█"
BAR_POINTS = 24
"""Up to this many periods a series is drawn as one bar per period; beyond, as a sparkline."""
BAR_WIDTH = 30
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_WHITESPACE = re.compile(r"\s")


def _inert(text: str) -> str:
    """Control characters replaced one for one, so a terminal shows text and nothing else."""
    return _CONTROLS.sub("\ufffd", text)


def _console() -> Console:
    return Console(highlight=False, markup=False, emoji=False)


def print_view(command: str, result: BaseModel) -> None:
    """The view's human output: for a terminal, or one record a line when piped."""
    if not sys.stdout.isatty():
        print_piped(result)
        return
    console = _console()
    if isinstance(result, KwicResult):
        _kwic(console, result)
    elif isinstance(result, TrendsResult):
        _trends(console, result)
    else:
        _table(console, result)


def print_piped(result: BaseModel) -> None:
    """One record a line, fields separated by tabs (tabs and line breaks in text become spaces)."""
    columns, rows = records(result)
    out = sys.stdout
    for row in rows:
        out.write("\t".join(_field(row.get(c)) for c in columns) + "\n")


def _field(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return _WHITESPACE.sub(" ", escape_control_chars(str(value)))


def _kwic(console: Console, result: KwicResult) -> None:
    """Lines aligned on the match, match in bold, the article id after."""
    shown = len(result.lines)
    more = f" (first {shown})" if shown < result.total else ""
    console.print(
        Text(f"{result.total} occurrence{'s' if result.total != 1 else ''}{more}", style="bold")
    )
    width = max((len(line.left) for line in result.lines), default=0)
    for line in result.lines:
        text = Text(_inert(line.left).rjust(width), no_wrap=True, overflow="ellipsis")
        text.append(_inert(line.match), style="bold reverse")
        text.append(_inert(line.right))
        text.append(f"  {escape_control_chars(line.id)}", style="dim")
        console.print(text, no_wrap=True, overflow="ellipsis", crop=True)


def _trends(console: Console, result: TrendsResult) -> None:
    """Per query: bars per period when there are few, else a sparkline between the end periods."""
    for series in result.series:
        console.print(
            Text.assemble(
                (_inert(series.query), "bold"),
                f"  {series.total} articles, {series.undated} undated, by {result.by}",
            )
        )
        if len(series.points) <= BAR_POINTS:
            _bars(console, series)
        else:
            _sparkline(console, series)


def _bars(console: Console, series: TrendSeries) -> None:
    top = max((p.articles for p in series.points), default=0) or 1
    label = max((len(p.period) for p in series.points), default=0)
    for point in series.points:
        length = round(point.articles / top * BAR_WIDTH)
        console.print(
            Text.assemble(
                f"  {point.period:<{label}} ",
                ("█" * length or ("▏" if point.articles else ""), "cyan"),
                f" {point.articles} ({point.share:.0%})",
            )
        )


def _sparkline(console: Console, series: TrendSeries) -> None:
    values = [p.articles for p in series.points]
    top = max(values) or 1
    spark = "".join(SPARK[round(v / top * (len(SPARK) - 1))] for v in values)
    first, last = series.points[0].period, series.points[-1].period
    console.print(Text.assemble(f"  {first} ", (spark, "cyan"), f" {last}  (peak {top})"))


def _table(console: Console, result: BaseModel) -> None:
    """Speakers, related entities and collocates as a table; numbers right-aligned."""
    columns, rows = records(result)
    if isinstance(result, RelatedResult):
        columns = [c for c in columns if c != "entity"]
        console.print(
            Text(f"Related to {_inert(result.entity.name)} ({result.entity.type})", style="bold")
        )
    table = Table(box=None, header_style="bold")
    for column in columns:
        numeric = any(isinstance(row.get(column), int | float) for row in rows)
        table.add_column(column, justify="right" if numeric else "left")
    for row in rows:
        table.add_row(*(Text(_inert(_shown(row.get(c)))) for c in columns))
    console.print(table)


def _shown(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
