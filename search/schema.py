"""The Whoosh schema and its version: bump SCHEMA_VERSION whenever fields or analyzers change,
so existing indexes are rebuilt instead of being read with the wrong assumptions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemmingAnalyzer,
    Token,
)
from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

SCHEMA_VERSION = 1

NAME_SEPARATOR = " zzsepzz "
"""Placed between two names in an entity field; removed at analysis with a position gap, so a
phrase query cannot match across the boundary of two names."""

ENTITY_FIELDS = ("person", "org", "place", "speaker")
QUERY_FIELDS = ("title", "body", "source", "date", *ENTITY_FIELDS)
"""Fields a user may name in a query (`path` and `id` too, for scripts)."""


class NameGapFilter(Filter):
    """Drops the name separator token and leaves a position gap in its place."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        gap = 0
        separator = NAME_SEPARATOR.strip()
        for token in tokens:
            if token.text == separator:
                gap += 1
                continue
            if gap and token.positions:
                token.pos += gap
            yield token


def body_analyzer() -> Analyzer:
    """Stemmed, accent-folded, no stop list (so phrases mean what users typed)."""
    return StemmingAnalyzer(stoplist=None, minsize=1) | CharsetFilter(accent_map)


def plain_analyzer() -> Analyzer:
    """Unstemmed, lowercased, accent-folded: spelling vocabulary and names."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def name_analyzer() -> Analyzer:
    """Like plain_analyzer, plus position gaps between the names of one field."""
    return plain_analyzer() | NameGapFilter()


def build_schema() -> Schema:
    """Every field the index holds; analysis results are stored as JSON beside the text."""
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        path=ID(stored=True),
        title=TEXT(stored=True, analyzer=body_analyzer(), phrase=True),
        source=TEXT(stored=True, analyzer=plain_analyzer(), phrase=True),
        date=DATETIME(stored=False),
        datekey=NUMERIC(bits=32, stored=True, sortable=True, signed=False),
        body=TEXT(analyzer=body_analyzer(), phrase=True),
        spell=TEXT(analyzer=plain_analyzer(), phrase=False),
        person=TEXT(analyzer=name_analyzer(), phrase=True),
        org=TEXT(analyzer=name_analyzer(), phrase=True),
        place=TEXT(analyzer=name_analyzer(), phrase=True),
        speaker=TEXT(analyzer=name_analyzer(), phrase=True),
        text=STORED(),
        date_str=STORED(),
        analysis=STORED(),
    )
