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

from .spelling_variants import fold_and_stem

SCHEMA_VERSION = 5

ANALYSIS_VERSION = 2
"""Bump by hand whenever the rules that turn a file into stored fields change (boilerplate,
metadata, entities, quotations): the manifest keys files by content, so without it an index
would keep the old analysis of every unchanged file. A mismatch rebuilds like a schema change."""

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


PREANALYZED = "\x00tokens\x00"
"""Marks a field value whose tokens were already made by `preanalyze` (in a worker process).
Cleaned article text never holds NUL, so no article can start with it."""


class PreanalyzedOr(Analyzer):
    """At index time, takes tokens made in a worker process; otherwise (queries) runs `full`.

    Stemming every article in the one process that writes the index is what limits indexing
    speed; the worker pool does it instead and hands over space-separated tokens, with an
    empty token where the analyzer left a position gap.
    """

    def __init__(self, full: Analyzer) -> None:
        self.full = full

    def __call__(self, value: str, **kwargs: object) -> Iterator[Token]:
        if kwargs.get("mode") != "index" or not value.startswith(PREANALYZED):
            yield from self.full(value, **kwargs)
            return
        token = Token(
            positions=bool(kwargs.get("positions")),
            chars=False,
            removestops=bool(kwargs.get("removestops", True)),
            mode="index",
        )
        position = int(kwargs.get("start_pos", 0))  # type: ignore[call-overload]
        for text in value[len(PREANALYZED) :].split(" "):
            if text:
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if token.positions:
                    token.pos = position
                yield token
            position += 1

    def has_morph(self) -> bool:
        return self.full.has_morph()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PreanalyzedOr) and other.full == self.full

    __hash__ = None  # type: ignore[assignment]


def preanalyze(analyzer: Analyzer, text: str, unique: bool = False) -> str:
    """Tokens of `text` for a `PreanalyzedOr` field: in order with gaps, or unique and sorted."""
    if unique:
        return PREANALYZED + " ".join(sorted({t.text for t in analyzer(text)}))
    words: list[str] = []
    expected = 0
    for token in analyzer(text, positions=True):
        words.extend([""] * (token.pos - expected))
        words.append(token.text)
        expected = token.pos + 1
    return PREANALYZED + " ".join(words)


def body_analyzer() -> Analyzer:
    """Stemmed, accent-folded, British spellings folded to American before stemming, no stop
    list (so phrases mean what users typed)."""
    return StemmingAnalyzer(stoplist=None, minsize=1, stemfn=fold_and_stem) | CharsetFilter(
        accent_map
    )


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
        body=TEXT(analyzer=PreanalyzedOr(body_analyzer()), phrase=True),
        spell=TEXT(analyzer=PreanalyzedOr(plain_analyzer()), phrase=False),
        person=TEXT(analyzer=name_analyzer(), phrase=True),
        org=TEXT(analyzer=name_analyzer(), phrase=True),
        place=TEXT(analyzer=name_analyzer(), phrase=True),
        speaker=TEXT(analyzer=name_analyzer(), phrase=True),
        derived_title=STORED(),
        text=STORED(),
        date_str=STORED(),
        url=STORED(),
        author=STORED(),
        analysis=STORED(),
    )
