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


class EngineOpened(Message):
    """The engine is ready; `has_index` says whether an index already exists."""

    def __init__(self, has_index: bool) -> None:
        super().__init__()
        self.has_index = has_index


class EngineFailed(Message):
    """The engine or its index could not be opened."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class SearchFinished(Message):
    """A page of results for `request`."""

    def __init__(self, request: SearchRequest, result: SearchResult) -> None:
        super().__init__()
        self.request = request
        self.result = result


class SearchFailed(Message):
    """The query was malformed or the index failed; `error` is one line."""

    def __init__(self, request: SearchRequest, error: str) -> None:
        super().__init__()
        self.request = request
        self.error = error


class ArticleLoaded(Message):
    """An article to show, with the offsets of the words `query` matches in it."""

    def __init__(self, article: Article, match_spans: list[tuple[int, int]], query: str) -> None:
        super().__init__()
        self.article = article
        self.match_spans = match_spans
        self.query = query


class MatchesFound(Message):
    """Where another query matches in the open article (the search changed, the article did not)."""

    def __init__(self, doc_id: str, query: str, match_spans: list[tuple[int, int]]) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.query = query
        self.match_spans = match_spans


class EntitiesLoaded(Message):
    """Sidebar rows for a scope."""

    def __init__(self, scope: Scope, rows: list[EntityRow]) -> None:
        super().__init__()
        self.scope = scope
        self.rows = rows


class IndexProgress(Message):
    def __init__(self, done: int, total: int, path: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.path = path


class IndexFinished(Message):
    """Indexing ended: a summary on success, a one-line error otherwise."""

    def __init__(self, summary: IndexSummary | None, error: str | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.error = error


class StalenessChecked(Message):
    def __init__(self, stale: bool) -> None:
        super().__init__()
        self.stale = stale
