"""What the engine needs from whatever holds the index: the search-backend seam.

The engine parses every query itself (`Engine.parse`, Whoosh's query tree is the one syntax tree
of the query language), then hands the tree to a backend. A backend answers searches, returns
stored articles, builds or updates its index from the corpus, and serves the views that need
the index's own statistics (KWIC, trends, collocates). Speakers and related entities are built by
the engine from `all_stored` and `matching_ids`, so they work on any backend.

A backend is not thread-safe by itself: the engine serializes calls under its lock.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from whoosh import query as wq

from ..models import IndexSummary
from ..updating import UpdateOptions

if TYPE_CHECKING:
    from ..views.collocates import CollocatesRequest, CollocatesResult
    from ..views.kwic import KwicResult
    from ..views.trends import TrendsResult

Stored = dict[str, object]
"""One article's stored fields, as `store.article_fields` writes them ("" for a missing value)."""
MatchedTerms = dict[str, set[str]]
"""Indexed terms a query matches, by kind ("body": stemmed words, "name": entity-name words)."""


@dataclass
class BackendHit:
    """One ranked hit: its stored fields and score (0 when sorted by date)."""

    stored: Stored
    score: float


@dataclass
class BackendPage:
    """One page of ranked hits, the total, and a warning when the answer is known to be partial."""

    total: int
    hits: list[BackendHit] = field(default_factory=list)
    warning: str | None = None
    exact: bool = True
    """False when `total` is an estimate (a search asked not to count)."""


class SearchBackend(ABC):
    """An index of one corpus: searching, stored articles, building, and index-level views."""

    name: str = ""
    index_path: Path
    """A local folder this backend may keep state in (manifest, caches); every backend has one."""

    # Lifecycle ---------------------------------------------------------------------------------

    @abstractmethod
    def is_available(self) -> bool:
        """True when a current index can answer queries (it may still be stale)."""

    @abstractmethod
    def generation(self) -> str:
        """A stamp of the content being served; it changes whenever any article changes."""

    @abstractmethod
    def latest_generation(self) -> str | None:
        """The newest committed stamp, read cheaply without reopening (None: no index yet)."""

    @abstractmethod
    def reload(self) -> None:
        """Drop open readers so the next call sees commits made by another process."""

    def close(self) -> None:
        """Release whatever is held open."""
        self.reload()

    @abstractmethod
    def is_stale(self, corpus: Path, ignore: Callable[[str], bool] | None) -> bool:
        """True when files were added, changed or removed since the last update."""

    @abstractmethod
    def update(self, corpus: Path, **options: Unpack[UpdateOptions]) -> IndexSummary:
        """Build the index, or bring it in line with the corpus incrementally."""

    # Searching and articles ----------------------------------------------------------------

    @abstractmethod
    def search(
        self,
        q: wq.Query,
        offset: int,
        limit: int,
        by_date: bool,
        count: bool = True,
        stop: Callable[[], bool] | None = None,
    ) -> BackendPage:
        """Hits `offset` to `offset + limit`, by relevance or newest first (then by id).

        With `count=False` a backend may skip counting every match and return an estimate
        (`exact=False`); one that counts anyway returns the exact total. A backend may ask
        `stop()` now and then and give up with `SearchStopped` once it says True.
        """

    def count(self, q: wq.Query) -> int:
        """How many articles the query matches (for a search run with `count=False`)."""
        return self.search(q, 0, 1, False).total

    @abstractmethod
    def matching_ids(self, q: wq.Query, by_date: bool = False) -> list[str]:
        """Ids of every article the query matches: newest first when `by_date`, else any order."""

    def hit_ids_or_rest(self, q: wq.Query) -> tuple[list[str], bool]:
        """Ids of the articles the query matches, or, with True, of every article it does not
        (whichever list is shorter, where the backend can tell cheaply)."""
        return self.matching_ids(q), False

    @abstractmethod
    def stored(self, ids: Sequence[str]) -> list[Stored]:
        """Stored fields of these articles, in the order given; unknown ids are left out."""

    @abstractmethod
    def all_stored(self) -> Iterator[Stored]:
        """Stored fields of every article."""

    @abstractmethod
    def document(self, doc_id: str) -> Stored | None:
        """Stored fields by exact id."""

    @abstractmethod
    def ids_with_prefix(self, prefix: str, limit: int) -> list[str]:
        """Up to `limit` ids starting with `prefix`, sorted."""

    def existing_ids(self, ids: set[str]) -> set[str]:
        """Those of `ids` that are articles in the index now."""
        return {str(s["id"]) for s in self.stored(sorted(ids))}

    @abstractmethod
    def matched_terms(self, q: wq.Query) -> MatchedTerms:
        """The indexed terms a query matches (wildcards expanded), for highlighting."""

    def suggest(self, text: str) -> str | None:
        """A corrected query when a word is not in the index but a close one is; None if unknown."""
        return None

    # Views that read the index's own statistics -------------------------------------------

    @abstractmethod
    def kwic(self, query: str, q: wq.Query, width: int, sort: str, limit: int | None) -> KwicResult:
        """Every occurrence of what `q` matches, with context (see views.kwic)."""

    @abstractmethod
    def trends(self, queries: list[tuple[str, wq.Query]], scope: wq.Query, by: str) -> TrendsResult:
        """Articles per period for each query within `scope` (see views.trends)."""

    @abstractmethod
    def collocates(self, request: CollocatesRequest) -> CollocatesResult:
        """Words near `request.node` more often than chance, within `scope` (see views.collocates)."""
