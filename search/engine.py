"""The one facade the CLI and the TUI call: corpus + index location, indexing, queries, analysis views.

Everything returns the pydantic models of `models.py`; errors are the exceptions of `errors.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .models import (
    Article,
    EntitiesResult,
    IndexSummary,
    QuotesResult,
    RawArticle,
    SearchResult,
    Span,
)

ProgressCallback = Callable[[int, int, str], None]
"""Called as progress(done, total, current_path) while indexing."""

SortOrder = str  # "relevance" | "date"


class Engine:
    """A corpus and its Whoosh index. Cheap to construct: nothing is read until asked."""

    def __init__(self, corpus: Path | None = None, index_dir: Path | None = None) -> None:
        raise NotImplementedError

    corpus_path: Path
    index_path: Path

    def has_index(self) -> bool:
        """True when an index with the current schema exists (it may still be stale)."""
        raise NotImplementedError

    def is_stale(self) -> bool:
        """True when files were added, changed or removed since the last index (stat only, fast)."""
        raise NotImplementedError

    def update_index(
        self, rebuild: bool = False, progress: ProgressCallback | None = None
    ) -> IndexSummary:
        """Build or incrementally update the index in this process."""
        raise NotImplementedError

    def ensure_index(self, progress: ProgressCallback | None = None) -> IndexSummary | None:
        """Update the index if missing or stale; None when it was already current."""
        raise NotImplementedError

    def reload(self) -> None:
        """Reopen the searcher so a commit made by another process becomes visible."""
        raise NotImplementedError

    def search(
        self,
        query: str,
        limit: int = 20,
        sort: SortOrder = "relevance",
        offset: int = 0,
        filters: list[str] | None = None,
    ) -> SearchResult:
        """Run a query; `*` lists every article. `filters` are extra query strings ANDed in."""
        raise NotImplementedError

    def article(self, doc_id: str) -> Article:
        """An article by id or unambiguous id prefix."""
        raise NotImplementedError

    def raw(self, doc_id: str) -> RawArticle:
        """The file as read, control characters escaped."""
        raise NotImplementedError

    def match_spans(self, query: str, text: str) -> list[Span]:
        """Offsets in `text` of the words the query matches (for highlighting in the reader)."""
        raise NotImplementedError

    def entities(
        self, type: str | None = None, query: str | None = None, limit: int | None = None
    ) -> EntitiesResult:
        """Entities over the whole corpus, or over a query's hits, most mentioned first."""
        raise NotImplementedError

    def quotes(self, speaker: str | None = None, query: str | None = None) -> QuotesResult:
        """Quotations over the corpus or a query's hits, optionally by one speaker."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the searcher."""
        raise NotImplementedError
