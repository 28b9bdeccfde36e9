"""Trends: how many articles match each query per day, week, month or year, and what share of
that period's articles they are.

Dates come from the `datekey` column (YYYYMMDD, 0 when undated), read per document number without
touching stored fields, so a series costs one posting walk and one column lookup per hit. Every
period from the first to the last dated article in scope appears, zeros included, so series line
up on one time axis; undated articles are counted apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from pydantic import BaseModel, Field
from whoosh import query as wq
from whoosh.searching import Searcher

from ..errors import QueryError
from ..query import combine
from .common import column, matching_docnums

PERIODS = ("day", "week", "month", "year")
MAX_POINTS = 20_000
"""A day axis over more than about 55 years is refused: no chart or table shows it usefully."""


class TrendPoint(BaseModel):
    """Articles matching in one period, and their share of that period's articles (0 to 1)."""

    period: str
    articles: int
    share: float


class TrendSeries(BaseModel):
    """One query over time; `total` = the points' articles + `undated`."""

    query: str
    total: int
    undated: int
    points: list[TrendPoint] = Field(default_factory=list)


class TrendsResult(BaseModel):
    """`trends --json`."""

    by: str
    series: list[TrendSeries] = Field(default_factory=list)


def period_of(day: date, by: str) -> str:
    """The label of the period holding `day`: 2025-04-17, 2025-W16 (ISO week), 2025-04, 2025."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if by == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def periods_between(first: date, last: date, by: str) -> Iterator[str]:
    """Every period label from the one holding `first` to the one holding `last`."""
    if by == "year":
        for year in range(first.year, last.year + 1):
            yield f"{year:04d}"
    elif by == "month":
        index, stop = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
        for number in range(index, stop + 1):
            yield f"{number // 12:04d}-{number % 12 + 1:02d}"
    else:
        step = timedelta(days=7 if by == "week" else 1)
        day = first - timedelta(days=first.weekday()) if by == "week" else first
        while day <= last:
            yield period_of(day, by)
            day += step


def day_of_key(key: int) -> date | None:
    """The date of a YYYYMMDD key; None for undated (0) or a key that is no date."""
    try:
        return date(key // 10000, key // 100 % 100, key % 100) if key else None
    except ValueError:
        return None


class _Periods:
    """Period labels by document number, from the `datekey` column read once."""

    def __init__(self, searcher: Searcher, by: str) -> None:
        self.keys = list(column(searcher, "datekey"))
        self.by = by
        self._labels: dict[int, str | None] = {}

    def label(self, docnum: int) -> str | None:
        """The period of an article, None when it is undated."""
        key = int(self.keys[docnum])
        if key not in self._labels:
            day = day_of_key(key)
            self._labels[key] = period_of(day, self.by) if day else None
        return self._labels[key]

    def dated_range(self) -> tuple[date, date] | None:
        """The first and last dates among the keys seen so far."""
        days = [d for d in (day_of_key(k) for k, v in self._labels.items() if v) if d]
        return (min(days), max(days)) if days else None


def trends(
    searcher: Searcher, queries: list[tuple[str, wq.Query]], scope: wq.Query, by: str
) -> TrendsResult:
    """One series per (text, parsed query), each restricted to `scope` (Every for the corpus)."""
    check_period(by)
    periods = _Periods(searcher, by)

    def count(q: wq.Query) -> Counter[str | None]:
        return Counter(periods.label(n) for n in matching_docnums(searcher, q))

    in_scope = count(scope)
    return trends_result(queries, scope, by, in_scope, periods.dated_range(), count)


def check_period(by: str) -> None:
    """Refuse an unknown period in one line."""
    if by not in PERIODS:
        raise QueryError(f"unknown period '{by}'; use one of {', '.join(PERIODS)}")


def trends_result(
    queries: list[tuple[str, wq.Query]],
    scope: wq.Query,
    by: str,
    in_scope: Counter[str | None],
    dated: tuple[date, date] | None,
    count: Callable[[wq.Query], Counter[str | None]],
) -> TrendsResult:
    """The series, whatever counts the articles: `count` gives articles per period (None:
    undated) for a query, `in_scope` is the scope's, `dated` its first and last dates."""
    axis = list(period_axis(dated[0], dated[1], by)) if dated else []
    series = []
    for text, q in queries:
        counts = count(combine([q, scope]))
        points = [
            TrendPoint(
                period=period,
                articles=counts[period],
                share=round(counts[period] / in_scope[period], 4) if in_scope[period] else 0.0,
            )
            for period in axis
        ]
        series.append(
            TrendSeries(query=text, total=sum(counts.values()), undated=counts[None], points=points)
        )
    return TrendsResult(by=by, series=series)


def period_axis(first: date, last: date, by: str) -> Iterator[str]:
    """The periods of the axis, refusing one too long to show."""
    span_days = (last - first).days + 1
    per_point = {"day": 1, "week": 7, "month": 28, "year": 365}[by]
    if span_days // per_point > MAX_POINTS:
        raise QueryError(
            f"the dated articles span {span_days:,} days: too many {by}s to show; use a longer period"
        )
    return periods_between(first, last, by)
