"""Pydantic models that cross the engine boundary; the CLI's JSON is exactly these models' JSON.

Field names and shapes follow the CLI contract in DESIGN.md, so the TUI, scripts and tests
all see the same data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]
EntityType = Literal["person", "org", "place", "group", "date", "money"]


class Model(BaseModel):
    """The models' base: each one's validator is built on first use, not at import.

    Building all of them at import took more than pydantic's own import; a `search --json`
    process uses two of them.
    """

    model_config = ConfigDict(defer_build=True)


class Entity(Model):
    """One entity as named in one article; offsets are Python string indices into the text."""

    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    count: int = 0
    mentions: list[Span] = Field(default_factory=list)


class Quote(Model):
    """A quotation: `start`/`end` span it with its marks, `text` is the words inside them."""

    text: str
    speaker: str | None = None
    start: int
    end: int


class Note(Model):
    """A note the user wrote on an article, with when (UTC, ISO 8601)."""

    text: str
    at: str


class Article(Model):
    """An article as `show --json` prints it: cleaned text plus the analysis stored at index time,
    with the user's entity corrections applied, and the user's tags and notes from the workspace."""

    id: str
    path: str
    title: str | None = None
    derived_title: str | None = None
    """The first sentence (cut, with an ellipsis) when `title` is None: shown, marked as derived."""
    source: str | None = None
    date: str | None = None
    url: str | None = None
    """Where the article was published, when the file says (JSON key, HTML canonical link)."""
    author: str | None = None
    """The byline, when the file gives one."""
    text: str
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class RawArticle(Model):
    """`show --raw --json`: the file as read, with control characters escaped."""

    id: str
    path: str
    raw: str


class Hit(Model):
    """One search result; `matches` are offsets into `snippet`."""

    id: str
    title: str | None = None
    derived_title: str | None = None
    """The first sentence (cut, with an ellipsis) when `title` is None: shown, marked as derived."""
    source: str | None = None
    date: str | None = None
    score: float
    snippet: str
    matches: list[Span] = Field(default_factory=list)


class SearchResult(Model):
    """A page of hits plus how the query was understood and how long it took."""

    query: str
    parsed: str
    total: int
    took_ms: float
    suggestion: str | None = None
    hits: list[Hit] = Field(default_factory=list)
    total_exact: bool = True
    """False when the search was asked not to count (`count=False`): `total` is then an
    estimate no smaller than the hits returned, and `Engine.count` gives the exact figure."""
    partial: bool = False
    """True when the backend answered without part of the index (a cluster node down)."""
    warning: str | None = None
    """Why the answer is partial, as the backend said it."""


class SkippedFile(Model):
    """A file the ingester refused, with a reason a person can act on."""

    path: str
    reason: str


class IngestWarning(Model):
    """Something a reader noticed in a file it still indexed (a fallback encoding, a bad
    record skipped): the file is in the index, but perhaps not all of it, or not as written."""

    path: str
    message: str


class IndexSummary(Model):
    """What one `index` run did."""

    documents: int
    new: int
    changed: int
    removed: int
    unchanged: int
    skipped: list[SkippedFile] = Field(default_factory=list)
    took_ms: float
    read: int = 0
    """Files opened and read in this run (new, changed, touched, or previously refused ones)."""
    warnings: list[IngestWarning] = Field(default_factory=list)
    """What the files read in this run were indexed with: a lost record, a guessed encoding."""


class CorpusEntity(Model):
    """An entity aggregated over many articles: `count` mentions in `docs` articles."""

    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    count: int
    docs: int


class EntitiesResult(Model):
    """`entities --json`."""

    entities: list[CorpusEntity] = Field(default_factory=list)


class EntityTally(Model):
    """Every corpus entity's name, type and article count, most mentioned first, as three
    columns: the app's sidebar lists thousands of them, and a model for each was most of the
    time it took to read them."""

    names: list[str] = Field(default_factory=list)
    types: list[EntityType] = Field(default_factory=list)
    docs: list[int] = Field(default_factory=list)

    @classmethod
    def of_rows(cls, rows: Iterable[tuple[str, str, int]]) -> EntityTally:
        """The columns of (name, type, articles) rows, taken as they are: they come from the
        aggregate or from models already checked."""
        names: list[str] = []
        types: list[str] = []
        docs: list[int] = []
        for name, kind, count in rows:
            names.append(name)
            types.append(kind)
            docs.append(count)
        return cls.model_construct(names=names, types=types, docs=docs)


class QuoteHit(Model):
    """A quotation listed with the article it comes from."""

    id: str
    title: str | None = None
    text: str
    speaker: str | None = None
    start: int
    end: int


class QuotesResult(Model):
    """`quotes --json`."""

    quotes: list[QuoteHit] = Field(default_factory=list)
