"""The one facade the CLI and the TUI call: corpus and index location, indexing, queries, analysis views.

Everything returns the pydantic models of `models.py`; errors are the exceptions of `errors.py`.
What holds the index is a backend (`backends/`): the facade parses queries, applies the workspace
(tags, corrections) and turns stored fields into models, whichever backend answers.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import query as wq

from .backends import SearchBackend, open_backend
from .engine_listings import Listings
from .errors import DocumentNotFound, corpus_not_found
from .first_page import bundled_corpus, default_index_dir, save_first_page
from .ingest import SourceFile, read_source
from .models import (
    Article,
    IndexSummary,
    RawArticle,
    SearchResult,
    Span,
)
from .query import combine, describe, spans_for_terms
from .snippets import SNIPPET_CHARS, make_snippet
from .store import article_from_stored, hit_from_stored
from .textclean import escape_control_chars
from .updating import LOCK_WAIT, NoticeCallback, ProgressCallback
from .views.common import CanonicalNames, SummaryCache

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .backends.base import Stored


def _is_package_file(rel: str) -> bool:
    """The bundled corpus is a Python package: its own files are not articles."""
    return rel.endswith((".py", ".pyc")) or "__pycache__" in rel


class Engine(Listings):
    """A corpus and its index. Cheap to construct: nothing is read until asked."""

    def __init__(
        self,
        corpus: Path | None = None,
        index_dir: Path | None = None,
        workspace_dir: Path | None = None,
        backend: str | None = None,
    ) -> None:
        bundled = corpus is None
        self.corpus_path: Path = (bundled_corpus() if bundled else Path(corpus)).resolve()
        self.index_path: Path = (
            Path(index_dir).resolve() if index_dir else default_index_dir(self.corpus_path)
        )
        self._ignore = _is_package_file if bundled else None
        self._backend_url = backend
        self._backend: SearchBackend | None = None
        self._lock = threading.RLock()
        self._workspace_dir = Path(workspace_dir).resolve() if workspace_dir else None
        self.snippet_chars = SNIPPET_CHARS
        """Characters of text per hit snippet (config.toml's [search] snippet_length)."""
        self._summaries: SummaryCache | None = None
        self._names: tuple[tuple[str, str], CanonicalNames] | None = None
        self._first_page_generation: str | None = None

    @property
    def backend(self) -> SearchBackend:
        """The backend that holds the index, chosen by the `backend` URL (Whoosh by default).

        Once chosen it is returned without the lock: the app asks for it on its event loop (a
        directory listing to notice other processes' commits), and waiting there for a search
        holding the lock in a worker froze the screen for the length of that search.
        """
        backend = self._backend
        if backend is not None:
            return backend
        with self._lock:
            if self._backend is None:
                self._backend = open_backend(self._backend_url, self.index_path, self.corpus_path)
            return self._backend

    # Index lifecycle -------------------------------------------------------------------------

    def has_index(self) -> bool:
        """True when a readable index with the current schema exists (it may still be stale).

        The check opens the index and keeps it open, so the search that usually follows does
        not open it a second time.
        """
        with self._lock:
            return self.backend.is_available()

    def is_stale(self) -> bool:
        """True when files were added, changed or removed since the last index (stat only, fast)."""
        return self.backend.is_stale(self.corpus_path, self._ignore)

    def update_index(
        self,
        rebuild: bool = False,
        progress: ProgressCallback | None = None,
        notice: NoticeCallback | None = None,
        lock_wait: float = LOCK_WAIT,
        processes: int | None = None,
        dask: str | None = None,
        folders: Sequence[str] | None = None,
    ) -> IndexSummary:
        """Build or incrementally update the index (parsing in a local pool, or on Dask);
        with `folders`, only the files directly in those folders are looked at."""
        self._check_corpus()
        backend = self.backend
        with self._lock:
            backend.reload()
        return backend.update(
            self.corpus_path,
            rebuild=rebuild,
            progress=progress,
            notice=notice,
            lock_wait=lock_wait,
            ignore=self._ignore,
            processes=processes,
            dask=dask,
            folders=folders,
        )

    def index_generation(self) -> str | None:
        """The index's newest commit stamp; it changes whenever any process commits."""
        return self.backend.latest_generation()

    def reload(self) -> None:
        """Drop open readers so a commit made by another process becomes visible."""
        with self._lock:
            if self._backend is not None:
                self._backend.reload()

    def close(self) -> None:
        """Release what the backend holds open."""
        with self._lock:
            if self._backend is not None:
                self._backend.close()

    def _check_corpus(self) -> None:
        if not self.corpus_path.exists():
            raise corpus_not_found(self.corpus_path)

    # Queries ---------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 20,
        sort: str = "relevance",
        offset: int = 0,
        filters: list[str] | None = None,
        count: bool = True,
        stop: Callable[[], bool] | None = None,
    ) -> SearchResult:
        """Run a query; `*` lists every article. `filters` are extra query strings ANDed in.

        `count=False` may leave `total` an estimate (`total_exact` False), for a caller that
        shows the hits first and asks `count` for the figure after. `stop()`, when given, is
        asked while Whoosh collects: once it says True the search ends with `SearchStopped`.
        """
        started = time.perf_counter()
        final = self._scope(query, filters)
        by_date = sort == "date" or isinstance(final, wq.Every)
        with self._lock:
            backend = self.backend
            page = backend.search(final, offset, limit, by_date, count, stop)
            terms = backend.matched_terms(final)
            suggestion = backend.suggest(query)
        hits = []
        for hit in page.hits:
            text = str(hit.stored["text"])
            snippet, matches = make_snippet(text, spans_for_terms(text, terms), self.snippet_chars)
            hits.append(hit_from_stored(hit.stored, hit.score, snippet, matches))
        result = SearchResult(
            query=query,
            parsed=describe(final),
            total=page.total,
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            suggestion=suggestion,
            hits=hits,
            partial=page.warning is not None,
            warning=page.warning,
            total_exact=page.exact,
        )
        if by_date and offset == 0 and isinstance(final, wq.Every):
            self._remember_first_page(result)
        return result

    def _remember_first_page(self, result: SearchResult) -> None:
        """Keep the newest articles beside the index, once per commit (see `first_page`)."""
        if self._backend_url is not None:
            return  # a cluster's page is not ours to keep in a local folder
        generation = self.backend.latest_generation()
        if generation is None or generation == self._first_page_generation:
            return
        self._first_page_generation = generation
        hits = [hit.model_dump(mode="json") for hit in result.hits]
        save_first_page(self.index_path, int(generation), result.total, hits)

    def count(self, query: str, filters: list[str] | None = None) -> int:
        """How many articles a query (with its filters) matches."""
        final = self._scope(query, filters)
        with self._lock:
            return self.backend.count(final)

    def match_spans(self, query: str, text: str) -> list[Span]:
        """Offsets in `text` of the words the query matches (for highlighting in the reader)."""
        parsed = self.parse(query)
        with self._lock:
            terms = self.backend.matched_terms(parsed)
        return spans_for_terms(text, terms)

    def _scope(self, query: str | None, filters: list[str] | None) -> wq.Query:
        """The query ANDed with the filter queries; empty or `*` is every article."""
        return combine([self.parse(query or "*"), *(self.parse(f) for f in filters or [])])

    # Articles --------------------------------------------------------------------------------

    def article(self, doc_id: str) -> Article:
        """An article by id or unambiguous id prefix."""
        with self._lock:
            stored = self._stored_fields(doc_id)
        return self.annotate(article_from_stored(stored))

    def raw(self, doc_id: str) -> RawArticle:
        """The file as read now, control characters escaped."""
        with self._lock:
            stored = self._stored_fields(doc_id)
        rel = str(stored["path"])
        path = self.corpus_path / rel if self.corpus_path.is_dir() else self.corpus_path
        try:
            stat = path.stat()
        except OSError as error:
            raise DocumentNotFound(
                f"{rel}: the file is no longer readable ({error.strerror})"
            ) from error
        result = read_source(SourceFile(path, rel, stat.st_size, stat.st_mtime_ns))
        for doc in result.documents:
            if doc.id == stored["id"]:
                return RawArticle(id=doc.id, path=rel, raw=escape_control_chars(doc.raw))
        reason = result.skipped.reason if result.skipped else "it changed since it was indexed"
        raise DocumentNotFound(f"{stored['id']}: not found in {rel} ({reason})")

    def file_path(self, doc_id: str) -> Path:
        """The file an article was read from (an article of a .jsonl shares its file)."""
        with self._lock:
            rel = str(self._stored_fields(doc_id)["path"])
        return self.corpus_path / rel if self.corpus_path.is_dir() else self.corpus_path

    def _stored_fields(self, doc_id: str) -> Stored:
        """Stored fields by exact id, else by unique id prefix."""
        backend = self.backend
        stored = backend.document(doc_id)
        if stored is not None:
            return stored
        ids = backend.ids_with_prefix(doc_id, 6)
        if len(ids) == 1:
            found = backend.document(ids[0])
            if found is not None:
                return found
        if not ids:
            raise DocumentNotFound(f"no article with id '{doc_id}'")
        shown = ", ".join(ids[:5])
        raise DocumentNotFound(f"'{doc_id}' matches several articles: {shown}")
