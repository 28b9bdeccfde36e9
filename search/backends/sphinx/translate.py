"""A parsed Whoosh query tree in Sphinx's extended MATCH() syntax, plus attribute filters.

Every leaf carries its own field limit (`(@body word)`), so no field limit leaks into a sibling.
A date range that is one of the query's top-level conjuncts becomes a `datekey` filter; one nested
under OR or NOT is written as the year, month and day words of the `dates` field that cover it.
What Sphinx cannot answer the way Whoosh does (fuzzy terms, ranges over words, patterns on ids) is
refused with a one-line QueryError that names the Whoosh backend, never answered differently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from whoosh import query as wq
from whoosh.util.times import long_to_datetime

from ...errors import QueryError
from .tokens import EVERYTHING, exact_word, range_words, sphinx_word

FIELD_NAMES = {"id": "docid", "path": "docpath"}
"""Whoosh ID fields and the Sphinx field holding one word per value."""
TEXT_FIELDS = frozenset({"title", "body", "source", "person", "org", "place", "speaker"})
EARLIEST = date(1800, 1, 1)
LATEST = date(2199, 12, 31)
"""Open-ended date ranges nested under OR or NOT are bounded here (top-level ones are not)."""
WHOOSH_HINT = "use the Whoosh backend (--backend whoosh) for this query"


@dataclass
class Translation:
    """What a query becomes: a MATCH() expression ("" for none) and datekey bounds."""

    match: str = ""
    date_from: int | None = None
    date_to: int | None = None
    dated_only: bool = False
    empty: bool = False
    """The query can match nothing (Whoosh's NullQuery): no need to ask."""

    def where(self, quote: Callable[[str], str]) -> list[str]:
        """SphinxQL WHERE conditions; `quote` makes a string literal."""
        conditions = []
        if self.match:
            conditions.append(f"MATCH({quote(self.match)})")
        if self.dated_only:
            conditions.append(
                f"datekey BETWEEN {self.date_from or 1} AND {self.date_to or 99991231}"
            )
        return conditions


def translate(q: wq.Query) -> Translation:
    """The Sphinx form of a parsed query."""
    if isinstance(q, wq.Every):
        return Translation()
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return Translation(empty=True)
    result = Translation()
    conjuncts = list(q.children()) if isinstance(q, wq.And) else [q]
    rest = []
    for part in conjuncts:
        if _is_date_range(part):
            first, last = _date_bounds(part, open_ok=True)
            result.dated_only = True
            start, end = _key(first), _key(last)
            result.date_from = max(result.date_from or 0, start) if start else result.date_from
            result.date_to = min(result.date_to or 99991231, end) if end else result.date_to
        elif not isinstance(part, wq.Every):
            rest.append(part)
    if rest:
        result.match = _and(rest)
    return result


def _and(parts: list[wq.Query]) -> str:
    positive = [_expr(p) for p in parts if not isinstance(p, wq.Not)]
    negative = [f"-({_expr(p.query)})" for p in parts if isinstance(p, wq.Not)]
    if not positive:
        positive = [f"(@everything {EVERYTHING})"]
    return "(" + " ".join(positive + negative) + ")"


def _expr(q: wq.Query) -> str:
    """One node of the tree as a Sphinx expression."""
    if isinstance(q, wq.And):
        return _and(list(q.children()))
    if isinstance(q, wq.Or):
        return "(" + " | ".join(_expr(child) for child in q.children()) + ")"
    if isinstance(q, wq.AndNot):
        return f"({_expr(q.a)} -({_expr(q.b)}))"
    if isinstance(q, wq.Not):
        return f"((@everything {EVERYTHING}) -({_expr(q.query)}))"
    if isinstance(q, wq.Every):
        return f"(@everything {EVERYTHING})"
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return "(@everything zznothing)"
    if _is_date_range(q):
        first, last = _date_bounds(q, open_ok=False)
        words = range_words(first, last)
        return "(@dates " + " | ".join(words) + ")" if words else "(@dates zznothing)"
    return _leaf(q)


def _leaf(q: wq.Query) -> str:
    name = q.field()
    if isinstance(q, wq.FuzzyTerm):
        raise QueryError(f"fuzzy terms (word~) are not supported on Sphinx; {WHOOSH_HINT}")
    if isinstance(q, wq.DateRange | wq.NumericRange | wq.TermRange):
        raise QueryError(f"ranges on {name}: are not supported on Sphinx; {WHOOSH_HINT}")
    if name in FIELD_NAMES:
        if isinstance(q, wq.Term):
            return f"(@{FIELD_NAMES[name]} {exact_word(str(q.text))})"
        raise QueryError(f"only whole values of {name}: work on Sphinx; {WHOOSH_HINT}")
    if name not in TEXT_FIELDS:
        raise QueryError(f"the field {name}: is not searchable on Sphinx; {WHOOSH_HINT}")
    if isinstance(q, wq.Phrase):
        words = " ".join(sphinx_word(str(w)) for w in q.words)
        if q.slop > 1:
            proximity = (len(q.words) - 1) * (q.slop - 1) + 1
            return f'(@{name} "{words}"~{proximity})'
        return f'(@{name} "{words}")'
    return f"(@{name} {_word(q)})"


def _word(q: wq.Query) -> str:
    """A one-word leaf as a Sphinx word or pattern."""
    if isinstance(q, wq.Prefix | wq.Wildcard):
        pattern = _pattern(str(q.text))
        return f"{pattern}*" if isinstance(q, wq.Prefix) else pattern
    if isinstance(q, wq.Term):
        return sphinx_word(str(q.text))
    raise QueryError(f"{type(q).__name__} queries are not supported on Sphinx; {WHOOSH_HINT}")


def _pattern(text: str) -> str:
    """A wildcard pattern: the word characters as Sphinx words, `*` and `?` kept."""
    out = []
    for char in text:
        if char in "*?":
            out.append(char)
        else:
            word = sphinx_word(char)
            if word != char:
                raise QueryError(f"this wildcard cannot be matched on Sphinx; {WHOOSH_HINT}")
            out.append(char)
    return "".join(out)


def _is_date_range(q: wq.Query) -> bool:
    return isinstance(q, wq.NumericRange | wq.DateRange) and q.field() == "date"


def _date_bounds(q: wq.Query, open_ok: bool) -> tuple[date | None, date | None]:
    """The first and last day a date range includes; None for an open end when allowed."""
    start, end = q.start, q.end  # type: ignore[attr-defined]
    first = long_to_datetime(start).date() if start is not None else None
    last = long_to_datetime(end).date() if end is not None else None
    if first is not None and getattr(q, "startexcl", False):
        first = date.fromordinal(first.toordinal() + 1)
    if last is not None and getattr(q, "endexcl", False):
        last = date.fromordinal(last.toordinal() - 1)
    if not open_ok:
        first = max(first or EARLIEST, EARLIEST)
        last = min(last or LATEST, LATEST)
    return first, last


def _key(day: date | None) -> int | None:
    return day.year * 10000 + day.month * 100 + day.day if day else None
