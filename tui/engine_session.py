"""The app's handle on the engine: opened lazily, shaped for the widgets.

Workers call it from threads. The engine serialises its own searcher use, so there is no second
lock here: one would make every call wait for every other, and a search typed after a slow
entity list would wait it out. (Stale calls are dropped before they run: see `workers.Lane`.)
The engine module is imported on first use, after the first screen is painted, so start-up does
not wait for Whoosh and pydantic to load.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from corpus_tui.search.first_page import FirstPage, index_location, load_first_page
from corpus_tui.tui.messages import EntityRow, Scope
from corpus_tui.tui.workers import superseded

if TYPE_CHECKING:
    from corpus_tui.search.engine import Engine
    from corpus_tui.search.models import (
        Article,
        EntityTally,
        IndexSummary,
        QuotesResult,
        SearchResult,
    )
    from corpus_tui.search.views.kwic import KwicResult
    from corpus_tui.search.views.related import RelatedResult
    from corpus_tui.search.views.speakers import SpeakersResult
    from corpus_tui.search.views.trends import TrendsResult
    from corpus_tui.search.watch import CorpusChange, CorpusWatch

PAGE_SIZE = 20
"""Results are fetched and added to the list this many at a time."""

KWIC_LIMIT = 1000
"""Most concordance lines the app lists (the total is still shown)."""
VIEW_LIMIT = 200
"""Most speakers or related entities the app lists."""
RESULTS_ROWS_KEPT = 4
"""Searches whose sidebar rows (the results scope) are kept: a few thousand rows each."""

EVERYTHING = "*"
ENTITY_TYPES = ("person", "org", "place")


def entity_filter(name: str, entity_type: str) -> str:
    """The query clause that keeps articles naming an entity: `person:"Donald Trump"`."""
    phrase = name.replace('"', " ").strip()
    field = entity_type if entity_type in ENTITY_TYPES else None
    return f'{field}:"{phrase}"' if field else f'"{phrase}"'


class EngineSession:
    """Owns the Engine for the app's lifetime."""

    def __init__(
        self,
        corpus: Path | None,
        index_dir: Path | None,
        workspace_dir: Path | None = None,
        backend: str | None = None,
    ) -> None:
        self._corpus = corpus
        self._index_dir = index_dir
        self._workspace_dir = workspace_dir
        self._backend = backend
        """The backend URL (None: the embedded index); the CLI resolves config.toml's."""
        self._engine: Engine | None = None
        self._opening = threading.Lock()
        """Guards creating and closing the engine only, never the calls on it."""
        self.page_size = PAGE_SIZE
        """Hits fetched at a time (config.toml's [search] page_size)."""
        self.default_sort = "relevance"
        """How a query's hits are sorted until the user says otherwise ([search] default_sort)."""
        self.watch = True
        """Index corpus changes while open ([index] watch)."""
        self._watch: CorpusWatch | None = None
        self._corpus_rows: tuple[tuple[str | None, str], list[EntityRow]] | None = None
        """The corpus scope's rows and the (index generation, corrections) they were read for."""
        self._results_rows: dict[tuple[object, ...], list[EntityRow]] = {}
        """The results scope's rows of the last few searches (see `_results_entity_rows`)."""

    def first_page(self) -> FirstPage | None:
        """The newest articles as the engine last listed them for the index's newest commit,
        read without opening the engine (None for a cluster, or when there is none)."""
        if self._backend is not None:
            return None
        return load_first_page(index_location(self._corpus, self._index_dir))

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise RuntimeError("the engine is not open yet")
        return self._engine

    def open(self) -> bool:
        """Create the engine; True when an index already exists."""
        from corpus_tui.search.engine import Engine

        with self._opening:
            if self._engine is None:
                engine = Engine(self._corpus, self._index_dir, self._workspace_dir, self._backend)
                self._apply_settings(engine)
                self._engine = engine
            engine = self._engine
        return engine.has_index()

    def _apply_settings(self, engine: Engine) -> None:
        """config.toml's [search] settings (its problems are reported when the app starts)."""
        from corpus_tui.search.config import load_config

        config = load_config()[0]
        settings = config.search
        self.watch = config.index.watch
        self.page_size = settings.page_size
        self.default_sort = settings.default_sort
        engine.snippet_chars = settings.snippet_length

    @property
    def corpus_path(self) -> Path:
        return self.engine.corpus_path

    @property
    def index_path(self) -> Path:
        return self.engine.index_path

    def index_generation(self) -> str | None:
        return self.engine.index_generation()

    def reload(self) -> None:
        """Reopen the searcher on the newest commit."""
        self.engine.reload()

    def is_stale(self) -> bool:
        return self.engine.is_stale()

    def can_watch(self) -> bool:
        """Whether to index corpus changes by itself: when asked to, on the embedded index
        (a cluster is updated on purpose), and only where the index can be written."""
        engine = self._engine
        if not self.watch or engine is None:
            return False
        return engine.backend.name == "whoosh" and os.access(engine.index_path, os.W_OK)

    def corpus_changed(self) -> CorpusChange | None:
        """The cheap periodic check (see search.watch), from a worker thread: what changed, or
        None. A corpus that cannot be checked now counts as unchanged: `u` reports why, a
        timer should not."""
        from corpus_tui.search.errors import EngineError
        from corpus_tui.search.watch import CorpusWatch

        if not self.can_watch():
            return None
        if self._watch is None:
            self._watch = CorpusWatch(self.engine.corpus_path, self.engine.is_stale)
        try:
            return self._watch.change()
        except (EngineError, OSError):
            return None

    def build_index(
        self,
        rebuild: bool,
        on_progress: Callable[[int, int, str], None],
        on_notice: Callable[[str], None],
        folders: tuple[str, ...] | None = None,
    ) -> IndexSummary:
        """Index in a child process (Whoosh would stall the UI thread), then reopen the
        searcher; `folders`: only the files directly in those (what the watch saw change)."""
        from corpus_tui.search.indexproc import run_indexer_process

        summary = run_indexer_process(
            self._corpus,
            self._index_dir,
            rebuild=rebuild,
            on_progress=on_progress,
            on_notice=on_notice,
            backend=self._backend,
            folders=folders,
        )
        self.engine.reload()
        return summary

    def search(
        self,
        query: str,
        sort: str,
        filters: tuple[str, ...],
        offset: int,
        limit: int | None = None,
    ) -> SearchResult:
        """A page of hits (`limit`, else the configured page size), uncounted: the total may
        be an estimate until `count` answers. Given up on (`SearchStopped`) once a newer
        search of the same kind supersedes it."""
        return self.engine.search(
            query or EVERYTHING,
            limit=min(limit or self.page_size, self.page_size),
            sort=sort,
            offset=offset,
            filters=list(filters),
            count=False,
            stop=superseded,
        )

    def count(self, query: str, filters: tuple[str, ...]) -> int:
        """The exact number of hits, for a page whose total was an estimate."""
        return self.engine.count(query or EVERYTHING, list(filters))

    def article(self, doc_id: str, query: str) -> tuple[Article, list[tuple[int, int]]]:
        """An article and the offsets of the query's matches in its text."""
        article = self.engine.article(doc_id)
        return article, self.match_spans(article, query)

    def match_spans(self, article: Article, query: str) -> list[tuple[int, int]]:
        """Offsets of the query's matches in an article's text (none for every-article)."""
        if query.strip() in ("", EVERYTHING):
            return []
        spans = self.engine.match_spans(query, article.text)
        return [(start, end) for start, end in spans]

    def entity_rows(
        self, scope: Scope, article: Article | None, query: str, filters: tuple[str, ...]
    ) -> list[EntityRow]:
        """Sidebar rows: the article's entities with mention counts, or articles per entity."""
        if scope == "article":
            if article is None:
                return []
            return [
                EntityRow(entity.name, entity.type, entity.count or len(entity.mentions))
                for entity in article.entities
                if entity.type in ENTITY_TYPES
            ]
        if scope == "corpus":
            return self._corpus_entity_rows()
        return self._results_entity_rows(query, filters)

    def _results_entity_rows(self, query: str, filters: tuple[str, ...]) -> list[EntityRow]:
        """The entities of a search's hits, kept for the last RESULTS_ROWS_KEPT searches: the
        scope is listed again when the user comes back to it, or removes a filter just added."""
        key = (*self._listing_stamp(), query, filters)
        rows = self._results_rows.pop(key, None)
        if rows is None:
            rows = _tally_rows(self.engine.entities_in_hits(query, list(filters)))
        self._results_rows[key] = rows  # newest last
        while len(self._results_rows) > RESULTS_ROWS_KEPT:
            self._results_rows.pop(next(iter(self._results_rows)))
        return rows

    def _corpus_entity_rows(self) -> list[EntityRow]:
        """Every corpus entity (the sidebar pages them), read once per index generation and
        set of corrections, as the engine's three columns: 6,000 of them in about 11 ms, against
        65-165 ms as a model each (and that was once every switch to this scope)."""
        key = self._listing_stamp()
        if self._corpus_rows is None or self._corpus_rows[0] != key:
            self._corpus_rows = (key, _tally_rows(self.engine.entity_tally()))
        return self._corpus_rows[1]

    def _listing_stamp(self) -> tuple[str | None, str]:
        """What an entity listing depends on besides its query: the index generation and the
        entity corrections in force."""
        engine = self.engine
        return engine.index_generation(), engine.corrections_stamp()

    # -- exploration views -----------------------------------------------------------------

    def kwic(self, query: str, filters: tuple[str, ...], sort: str) -> KwicResult:
        return self.engine.kwic(query, sort=sort, limit=KWIC_LIMIT, filters=list(filters))

    def trends(self, queries: list[str], by: str, filters: tuple[str, ...]) -> TrendsResult:
        return self.engine.trends(queries, by=by, filters=list(filters))

    def speakers(self, query: str, filters: tuple[str, ...]) -> SpeakersResult:
        return self.engine.speakers(query, limit=VIEW_LIMIT, filters=list(filters))

    def quotes_by(self, speaker: str, query: str, filters: tuple[str, ...]) -> QuotesResult:
        return self.engine.quotes(speaker=speaker, query=query, filters=list(filters))

    def related(self, name: str, query: str, filters: tuple[str, ...]) -> RelatedResult:
        return self.engine.related(name, limit=VIEW_LIMIT, query=query, filters=list(filters))

    def file_path(self, article: Article) -> Path:
        """The file an article came from (a .jsonl for `file.jsonl#3`)."""
        path = Path(article.path)
        if path.is_absolute():
            return path
        corpus = self.corpus_path
        return corpus / path if corpus.is_dir() else corpus

    def close(self) -> None:
        with self._opening:
            if self._engine is not None:
                self._engine.close()
                self._engine = None


def _tally_rows(tally: EntityTally) -> list[EntityRow]:
    """Sidebar rows of the engine's entity columns: articles naming each."""
    return [
        EntityRow(name, kind, docs)
        for name, kind, docs in zip(tally.names, tally.types, tally.docs, strict=True)
        if kind in ENTITY_TYPES
    ]
