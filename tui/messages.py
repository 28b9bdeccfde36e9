"""The UI's own types and the messages that workers post to screens when engine calls finish.

Workers run engine calls off the event loop; they never touch widgets, they report here and the
screen's handlers own every change to the UI. Types the session, the screens and the widgets
all speak (`Scope`, `EntityRow`) live here too, so none of them imports another for a type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual.message import Message

if TYPE_CHECKING:
    from corpus_tui.search.models import Article, IndexSummary, SearchResult
    from corpus_tui.search.watch import CorpusChange

Scope = Literal["article", "results", "corpus"]
"""Which articles the entity sidebar counts over."""
SCOPES: tuple[Scope, ...] = ("article", "results", "corpus")


@dataclass(frozen=True)
class EntityRow:
    """One line of the sidebar: mentions in the article scope, articles in the wider scopes."""

    name: str
    type: str
    count: int


@dataclass(frozen=True)
class SearchRequest:
    """Everything that decides a result list; `generation` lets stale answers be dropped."""

    query: str
    sort: str
    filters: tuple[str, ...] = ()
    offset: int = 0
    generation: int = 0
    focus_results: bool = False
    typed: bool = False
    """Sent by a keystroke (more may follow at once), not by Enter or a command."""


@dataclass
class EngineOpened(Message):
    """The engine is ready; `has_index` says whether an index already exists."""

    has_index: bool


@dataclass
class EngineFailed(Message):
    """The engine or its index could not be opened."""

    error: str


@dataclass
class SearchFinished(Message):
    """A page of results for `request`."""

    request: SearchRequest
    result: SearchResult


@dataclass
class SearchCounted(Message):
    """The exact number of hits of `request`, counted after its first page was shown."""

    request: SearchRequest
    total: int


@dataclass
class SearchFailed(Message):
    """The query was malformed or the index failed; `error` is one line."""

    request: SearchRequest
    error: str


@dataclass
class ArticleLoaded(Message):
    """An article to show, with the offsets of the words `query` matches in it."""

    article: Article
    match_spans: list[tuple[int, int]]
    query: str
    focus: bool = False
    """Move the focus to the reader: done with the article, so both repaint in one frame."""
    keep_place: bool = False
    """The open article read again (its tags, notes or entities changed): the reader stays on
    the match or quotation it was at, scrolled where it was."""


@dataclass
class MatchesFound(Message):
    """Where another query matches in the open article (the search changed, the article did not)."""

    doc_id: str
    query: str
    match_spans: list[tuple[int, int]]


@dataclass
class EntitiesLoaded(Message):
    """Sidebar rows for a scope."""

    scope: Scope
    rows: list[EntityRow]


@dataclass
class IndexProgress(Message):
    """Indexing read `done` of `total` files, the last one `path`."""

    done: int
    total: int
    path: str


@dataclass
class IndexFinished(Message):
    """Indexing ended: a summary on success, a one-line error otherwise."""

    summary: IndexSummary | None
    error: str | None = None


@dataclass
class CorpusWatched(Message):
    """The periodic check for corpus changes ended: `change` is what there is to index, or
    None (see `search.watch.CorpusChange`)."""

    change: CorpusChange | None


@dataclass
class StalenessChecked(Message):
    """Whether the corpus changed since the index was last updated."""

    stale: bool
